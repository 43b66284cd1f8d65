package gazetteer

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// The compact format is UTF-8 text, one record a line, tab-separated,
// optionally gzipped. Lines starting with '#' are comments; the first
// line is the header "#evident-gazetteer 1", optionally followed by a tab,
// the number of entries, a tab and the number of keys (capacity hints).
// Records, in this order:
//
//	C  code iso3 isonumeric geonameid name lat lon population continent demonyms(|)
//	1  CC.A1 name                  admin1 names
//	2  CC.A1.A2 name               admin2 names
//	D  key cc                      demonym keys (normalised)
//	E  geonameid name lat lon class code cc admin1 admin2 population
//	K  key id,id,...               sorted lookup keys (normalised) with entry indexes
//
// Entries are numbered from 0 in file order. Keys are already normalised
// and sorted, so loading builds no index: it only splits lines.
const compactHeader = "#evident-gazetteer 1"

// WriteCompact writes g in the compact format (uncompressed); comments
// are written after the header, one "# " line each.
func (g *Gazetteer) WriteCompact(w io.Writer, comments ...string) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	fmt.Fprintf(bw, "%s\t%d\t%d\n", compactHeader, g.nEnt, g.nKeys)
	for _, c := range comments {
		for l := range strings.SplitSeq(c, "\n") {
			fmt.Fprintln(bw, "# "+l)
		}
	}
	for _, c := range g.Countries() {
		fmt.Fprintf(bw, "C\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%d\t%s\t%s\n", c.Code, c.ISO3, c.ISONumeric, c.GeonameID,
			clean(c.Name), ftoa(c.Lat), ftoa(c.Lon), c.Population, c.Continent, clean(strings.Join(c.Demonyms, "|")))
	}
	for _, t := range []struct {
		rec string
		t   []byte
	}{{"1", g.admin1}, {"2", g.admin2}, {"D", g.demonyms}} {
		for i := 0; i+pairSize <= len(t.t); i += pairSize {
			fmt.Fprintf(bw, "%s\t%s\t%s\n", t.rec, g.strView(u32(t.t, i)), clean(g.strView(u32(t.t, i+4))))
		}
	}
	for i := range g.nEnt {
		e := g.entry(i)
		pop := ""
		if e.Population != 0 {
			pop = strconv.FormatInt(e.Population, 10)
		}
		fmt.Fprintf(bw, "E\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.GeonameID, clean(e.Name), ftoa(e.Lat), ftoa(e.Lon),
			e.FeatureClass, e.FeatureCode, e.CountryCode, e.Admin1Code, e.Admin2Code, pop)
	}
	var buf []byte
	for i := range g.nKeys {
		buf = append(buf[:0], 'K', '\t')
		buf = append(buf, g.key(i)...)
		buf = append(buf, '\t')
		for j, p := 0, g.postingsOf(i); len(p) >= 4; j, p = j+1, p[4:] {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = strconv.AppendUint(buf, uint64(u32(p, 0)), 10)
		}
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	return bw.Flush()
}

func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// ReadCompact loads a gazetteer in the compact format, gzipped or not,
// and builds its index in memory. Comment lines are kept (Comments).
func ReadCompact(r io.Reader) (*Gazetteer, error) {
	return readCompact(r, 0)
}

// readCompact is ReadCompact with a hint of the decompressed size.
func readCompact(r io.Reader, sizeHint int) (*Gazetteer, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		var sb strings.Builder
		if sizeHint > 0 {
			sb.Grow(sizeHint)
		}
		if _, err := io.Copy(&sb, zr); err != nil {
			return nil, err
		}
		return parseCompact(sb.String())
	}
	data, err := io.ReadAll(br)
	if err != nil {
		return nil, err
	}
	return parseCompact(string(data))
}

func parseCompact(s string) (*Gazetteer, error) {
	if !strings.HasPrefix(s, compactHeader) {
		return nil, fmt.Errorf("gazetteer: not a compact gazetteer (missing %q header)", compactHeader)
	}
	ib := newIndexBuilder()
	var f [12]string
	no := 0
	lastKey, nKeys := "", 0
	for len(s) > 0 {
		no++
		var line string
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			line, s = s, ""
		}
		if line == "" {
			continue
		}
		if line[0] == '#' {
			if c, ok := strings.CutPrefix(line, "# "); ok {
				ib.meta = append(ib.meta, c)
			}
			continue
		}
		n := split(line, f[:])
		bad := func(what string) error {
			return fmt.Errorf("gazetteer: compact line %d: bad %s record", no, what)
		}
		switch f[0] {
		case "K":
			if n != 3 {
				return nil, bad("K")
			}
			if nKeys > 0 && lastKey >= f[1] {
				return nil, fmt.Errorf("gazetteer: compact line %d: keys not sorted", no)
			}
			lastKey = f[1]
			nKeys++
			ids := f[2]
			for len(ids) > 0 {
				v := 0
				j := 0
				for j < len(ids) && ids[j] != ',' {
					c := ids[j]
					if c < '0' || c > '9' || v > math.MaxInt32/10 {
						return nil, bad("K")
					}
					v = v*10 + int(c-'0')
					j++
				}
				if j == 0 {
					return nil, bad("K")
				}
				if v >= ib.n {
					return nil, fmt.Errorf("gazetteer: compact line %d: key refers to entry %d of %d", no, v, ib.n)
				}
				ib.addKey(uint32(v), f[1])
				if j < len(ids) {
					j++
				}
				ids = ids[j:]
			}
		case "E":
			if n != 11 {
				return nil, bad("E")
			}
			id, err1 := strconv.ParseInt(f[1], 10, 64)
			lat, err2 := strconv.ParseFloat(f[3], 64)
			lon, err3 := strconv.ParseFloat(f[4], 64)
			var pop int64
			var err4 error
			if f[10] != "" {
				pop, err4 = strconv.ParseInt(f[10], 10, 64)
			}
			if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
				return nil, bad("E")
			}
			ib.addEntry(&Entry{
				GeonameID: id, Name: f[2], Lat: lat, Lon: lon, FeatureClass: f[5], FeatureCode: f[6],
				CountryCode: f[7], Admin1Code: f[8], Admin2Code: f[9], Population: pop,
			})
		case "C":
			if n != 11 {
				return nil, bad("C")
			}
			num, err1 := strconv.Atoi(f[3])
			id, err2 := strconv.ParseInt(f[4], 10, 64)
			lat, err3 := strconv.ParseFloat(f[6], 64)
			lon, err4 := strconv.ParseFloat(f[7], 64)
			pop, err5 := strconv.ParseInt(f[8], 10, 64)
			if err1 != nil || err2 != nil || err3 != nil || err4 != nil || err5 != nil {
				return nil, bad("C")
			}
			c := CountryInfo{Code: f[1], ISO3: f[2], ISONumeric: num, GeonameID: id, Name: f[5],
				Lat: lat, Lon: lon, Population: pop, Continent: f[9]}
			if f[10] != "" {
				c.Demonyms = strings.Split(f[10], "|")
			}
			ib.setCountry(c)
		case "1", "2":
			if n != 3 {
				return nil, bad(f[0])
			}
			if f[0] == "1" {
				ib.admin1[f[1]] = f[2]
			} else {
				ib.admin2[f[1]] = f[2]
			}
		case "D":
			if n != 3 {
				return nil, bad("D")
			}
			ib.demonyms[f[1]] = f[2]
		default:
			return nil, fmt.Errorf("gazetteer: compact line %d: unknown record %q", no, f[0])
		}
	}
	return ib.buildImage()
}

// split splits line on tabs into f and returns the number of fields; a
// line with more fields than f returns len(f)+1.
func split(line string, f []string) int {
	n := 0
	for {
		i := strings.IndexByte(line, '\t')
		if n == len(f) {
			return n + 1
		}
		if i < 0 {
			f[n] = line
			return n + 1
		}
		f[n] = line[:i]
		line = line[i+1:]
		n++
	}
}
