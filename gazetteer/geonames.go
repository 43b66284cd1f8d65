package gazetteer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Row is one line of a GeoNames main dump (allCountries.txt, CC.txt,
// cities500.txt ...): 19 tab-separated columns.
type Row struct {
	GeonameID      int64
	Name           string
	ASCIIName      string
	AlternateNames []string // the alternatenames column, split on commas
	Lat, Lon       float64
	FeatureClass   string
	FeatureCode    string
	CountryCode    string
	CC2            string
	Admin1Code     string
	Admin2Code     string
	Admin3Code     string
	Admin4Code     string
	Population     int64
	Elevation      string
	DEM            string
	Timezone       string
	Modified       string
}

// ErrMalformed is wrapped by every parse error of a GeoNames row.
var ErrMalformed = errors.New("malformed GeoNames row")

// ParseRow parses one line of a 19-column GeoNames dump, without its
// line terminator. The returned strings are copies, so line may be reused.
func ParseRow(line string) (Row, error) {
	var r Row
	if err := parseRow(line, &r); err != nil {
		return Row{}, err
	}
	for _, p := range []*string{&r.Name, &r.ASCIIName, &r.FeatureClass, &r.FeatureCode, &r.CountryCode, &r.CC2,
		&r.Admin1Code, &r.Admin2Code, &r.Admin3Code, &r.Admin4Code, &r.Elevation, &r.DEM, &r.Timezone, &r.Modified} {
		*p = strings.Clone(*p)
	}
	for i, a := range r.AlternateNames {
		r.AlternateNames[i] = strings.Clone(a)
	}
	return r, nil
}

// parseRow is ParseRow without copies: r's strings point into line.
// r.AlternateNames is reused (truncated, then appended to).
func parseRow(line string, r *Row) error {
	line = strings.TrimRight(line, "\r\n")
	var f [19]string
	n := 0
	for n < 18 {
		i := strings.IndexByte(line, '\t')
		if i < 0 {
			break
		}
		f[n] = line[:i]
		line = line[i+1:]
		n++
	}
	f[n] = line
	n++
	if n != 19 || strings.IndexByte(f[18], '\t') >= 0 {
		return fmt.Errorf("%w: want 19 columns, got %d", ErrMalformed, n+strings.Count(f[18], "\t"))
	}
	alts := r.AlternateNames[:0]
	*r = Row{}
	var err error
	if r.GeonameID, err = strconv.ParseInt(f[0], 10, 64); err != nil {
		return fmt.Errorf("%w: geonameid %q", ErrMalformed, f[0])
	}
	if r.Lat, err = strconv.ParseFloat(f[4], 64); err != nil || !(r.Lat >= -90 && r.Lat <= 90) {
		return fmt.Errorf("%w: latitude %q", ErrMalformed, f[4])
	}
	if r.Lon, err = strconv.ParseFloat(f[5], 64); err != nil || !(r.Lon >= -180 && r.Lon <= 180) {
		return fmt.Errorf("%w: longitude %q", ErrMalformed, f[5])
	}
	if f[14] != "" {
		if r.Population, err = strconv.ParseInt(f[14], 10, 64); err != nil {
			return fmt.Errorf("%w: population %q", ErrMalformed, f[14])
		}
	}
	r.Name = f[1]
	r.ASCIIName = f[2]
	if f[3] != "" {
		for a := range strings.SplitSeq(f[3], ",") {
			if a = strings.TrimSpace(a); a != "" {
				alts = append(alts, a)
			}
		}
	}
	if len(alts) > 0 {
		r.AlternateNames = alts
	}
	r.FeatureClass = f[6]
	r.FeatureCode = f[7]
	r.CountryCode = f[8]
	r.CC2 = f[9]
	r.Admin1Code = f[10]
	r.Admin2Code = f[11]
	r.Admin3Code = f[12]
	r.Admin4Code = f[13]
	r.Elevation = f[15]
	r.DEM = f[16]
	r.Timezone = f[17]
	r.Modified = f[18]
	return nil
}

// Entry converts a row to a gazetteer entry (names of country and admin
// areas are left empty; a Gazetteer fills them).
func (r *Row) Entry() Entry {
	return Entry{
		GeonameID: r.GeonameID, Name: r.Name, Lat: r.Lat, Lon: r.Lon,
		FeatureClass: r.FeatureClass, FeatureCode: r.FeatureCode,
		CountryCode: r.CountryCode, Admin1Code: r.Admin1Code, Admin2Code: r.Admin2Code,
		Population: r.Population,
	}
}

// Open opens a GeoNames file for streaming: plain text, gzip (.gz) or a
// zip archive (.zip; the first member whose name ends in .txt and is not
// readme.txt, as in GeoNames' CC.zip). Compression is detected from the
// file's first bytes, not its name.
func Open(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	var magic [4]byte
	n, _ := io.ReadFull(f, magic[:])
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	switch {
	case n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return &multiCloser{Reader: zr, closers: []io.Closer{zr, f}}, nil
	case n == 4 && bytes.Equal(magic[:], []byte("PK\x03\x04")):
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		zr, err := zip.NewReader(f, st.Size())
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for _, m := range zr.File {
			low := strings.ToLower(m.Name)
			if strings.HasSuffix(low, ".txt") && !strings.HasSuffix(low, "readme.txt") {
				rc, err := m.Open()
				if err != nil {
					f.Close()
					return nil, fmt.Errorf("%s: %s: %w", path, m.Name, err)
				}
				return &multiCloser{Reader: rc, closers: []io.Closer{rc, f}}, nil
			}
		}
		f.Close()
		return nil, fmt.Errorf("%s: no .txt member in zip archive", path)
	}
	return f, nil
}

type multiCloser struct {
	io.Reader
	closers []io.Closer
}

func (m *multiCloser) Close() error {
	var errs []error
	for _, c := range m.closers {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// maxLine bounds one line of a GeoNames file; alternate-name lists of
// big cities run to tens of kilobytes.
const maxLine = 4 << 20

// ReadRows streams a 19-column GeoNames dump, calling fn for every row.
// Comment lines (#) and blank lines are skipped. A malformed row stops
// the read with an error naming its line number; so does an error from fn.
func ReadRows(r io.Reader, fn func(*Row) error) error {
	return eachLine(r, func(no int, line string) error {
		row, err := ParseRow(line)
		if err != nil {
			return fmt.Errorf("line %d: %w", no, err)
		}
		return fn(&row)
	})
}

func eachLine(r io.Reader, fn func(no int, line string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	no := 0
	for sc.Scan() {
		no++
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		if err := fn(no, line); err != nil {
			return err
		}
	}
	return sc.Err()
}

// AdminCode is one line of admin1CodesASCII.txt or admin2Codes.txt.
type AdminCode struct {
	Code      string // "IQ.15" or "IQ.15.1234"
	Name      string
	ASCIIName string
	GeonameID int64
}

// ReadAdminCodes streams admin1CodesASCII.txt or admin2Codes.txt (four
// tab-separated columns: code, name, ASCII name, geonameid).
func ReadAdminCodes(r io.Reader, fn func(AdminCode) error) error {
	return eachLine(r, func(no int, line string) error {
		a, err := parseAdminCode(line)
		if err != nil {
			return fmt.Errorf("line %d: %w", no, err)
		}
		return fn(a)
	})
}

func parseAdminCode(line string) (AdminCode, error) {
	f := strings.Split(line, "\t")
	if len(f) != 4 {
		return AdminCode{}, fmt.Errorf("%w: want 4 columns, got %d", ErrMalformed, len(f))
	}
	id, err := strconv.ParseInt(f[3], 10, 64)
	if err != nil {
		return AdminCode{}, fmt.Errorf("%w: geonameid %q", ErrMalformed, f[3])
	}
	return AdminCode{Code: f[0], Name: f[1], ASCIIName: f[2], GeonameID: id}, nil
}

// ReadCountryInfo streams countryInfo.txt. Only the columns Evident uses
// are kept: ISO, ISO3, ISO-Numeric, Country, Population, Continent,
// geonameid. Lat and Lon are left zero: countryInfo.txt has no point.
func ReadCountryInfo(r io.Reader, fn func(CountryInfo) error) error {
	return eachLine(r, func(no int, line string) error {
		c, ok, err := parseCountryInfo(line)
		if err != nil {
			return fmt.Errorf("line %d: %w", no, err)
		}
		if !ok {
			return nil
		}
		return fn(c)
	})
}

// parseCountryInfo parses a line of countryInfo.txt; ok is false for the
// header line.
func parseCountryInfo(line string) (c CountryInfo, ok bool, err error) {
	f := strings.Split(line, "\t")
	if f[0] == "ISO" || f[0] == "#ISO" { // header line
		return CountryInfo{}, false, nil
	}
	if len(f) < 17 {
		return CountryInfo{}, false, fmt.Errorf("%w: want at least 17 columns, got %d", ErrMalformed, len(f))
	}
	num, err := strconv.Atoi(f[2])
	if err != nil {
		return CountryInfo{}, false, fmt.Errorf("%w: ISO numeric %q", ErrMalformed, f[2])
	}
	pop, _ := strconv.ParseInt(f[7], 10, 64)
	var id int64
	if f[16] != "" {
		if id, err = strconv.ParseInt(f[16], 10, 64); err != nil {
			return CountryInfo{}, false, fmt.Errorf("%w: geonameid %q", ErrMalformed, f[16])
		}
	}
	return CountryInfo{
		Code: f[0], ISO3: f[1], ISONumeric: num, Name: strings.TrimSpace(f[4]),
		Population: pop, Continent: f[8], GeonameID: id,
	}, true, nil
}
