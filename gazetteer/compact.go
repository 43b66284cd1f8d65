package gazetteer

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"slices"
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
	fmt.Fprintf(bw, "%s\t%d\t%d\n", compactHeader, len(g.entries), len(g.keys))
	for _, c := range comments {
		for l := range strings.SplitSeq(c, "\n") {
			fmt.Fprintln(bw, "# "+l)
		}
	}
	for _, c := range g.Countries() {
		fmt.Fprintf(bw, "C\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%d\t%s\t%s\n", c.Code, c.ISO3, c.ISONumeric, c.GeonameID,
			clean(c.Name), ftoa(c.Lat), ftoa(c.Lon), c.Population, c.Continent, clean(strings.Join(c.Demonyms, "|")))
	}
	for _, k := range sortedKeys(g.admin1) {
		fmt.Fprintf(bw, "1\t%s\t%s\n", k, clean(g.admin1[k]))
	}
	for _, k := range sortedKeys(g.admin2) {
		fmt.Fprintf(bw, "2\t%s\t%s\n", k, clean(g.admin2[k]))
	}
	for _, k := range sortedKeys(g.demonyms) {
		fmt.Fprintf(bw, "D\t%s\t%s\n", k, g.demonyms[k])
	}
	for i := range g.entries {
		e := &g.entries[i]
		pop := ""
		if e.Population != 0 {
			pop = strconv.FormatInt(e.Population, 10)
		}
		fmt.Fprintf(bw, "E\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.GeonameID, clean(e.Name), ftoa(e.Lat), ftoa(e.Lon),
			e.FeatureClass, e.FeatureCode, e.CountryCode, e.Admin1Code, e.Admin2Code, pop)
	}
	var buf []byte
	for i, k := range g.keys {
		buf = append(buf[:0], 'K', '\t')
		buf = append(buf, k...)
		buf = append(buf, '\t')
		for j, id := range g.post[g.postStart[i]:g.postStart[i+1]] {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = strconv.AppendInt(buf, int64(id), 10)
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

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// ReadCompact loads a gazetteer in the compact format, gzipped or not.
// The decompressed data is kept in memory as one string that the
// entries and keys point into (the default is about 40 MB of text).
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
	g := &Gazetteer{
		countries: map[string]*CountryInfo{},
		admin1:    map[string]string{},
		admin2:    map[string]string{},
		demonyms:  map[string]string{},
	}
	// Capacity hints from the header; without them, count records.
	nE, nK := -1, -1
	head, _, _ := strings.Cut(s, "\n")
	if f := strings.Split(head, "\t"); len(f) == 3 {
		nE, _ = strconv.Atoi(f[1])
		nK, _ = strconv.Atoi(f[2])
	}
	if nE <= 0 || nK <= 0 {
		nE, nK = strings.Count(s, "\nE\t"), strings.Count(s, "\nK\t")
	}
	g.entries = make([]Entry, 0, nE)
	g.keys = make([]string, 0, nK)
	g.postStart = make([]int32, 0, nK+1)
	g.post = make([]int32, 0, nK+nK/4)
	var f [12]string
	no := 0
	for len(s) > 0 {
		no++
		var line string
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			line, s = s, ""
		}
		if line == "" || line[0] == '#' {
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
			if k := len(g.keys); k > 0 && g.keys[k-1] >= f[1] {
				return nil, fmt.Errorf("gazetteer: compact line %d: keys not sorted", no)
			}
			g.keys = append(g.keys, f[1])
			g.postStart = append(g.postStart, int32(len(g.post)))
			ids := f[2]
			for len(ids) > 0 {
				v := 0
				j := 0
				for j < len(ids) && ids[j] != ',' {
					c := ids[j]
					if c < '0' || c > '9' {
						return nil, bad("K")
					}
					v = v*10 + int(c-'0')
					j++
				}
				if j == 0 {
					return nil, bad("K")
				}
				g.post = append(g.post, int32(v))
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
			g.entries = append(g.entries, Entry{
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
			c := &CountryInfo{Code: f[1], ISO3: f[2], ISONumeric: num, GeonameID: id, Name: f[5],
				Lat: lat, Lon: lon, Population: pop, Continent: f[9]}
			if f[10] != "" {
				c.Demonyms = strings.Split(f[10], "|")
			}
			g.countries[c.Code] = c
		case "1", "2":
			if n != 3 {
				return nil, bad(f[0])
			}
			if f[0] == "1" {
				g.admin1[f[1]] = f[2]
			} else {
				g.admin2[f[1]] = f[2]
			}
		case "D":
			if n != 3 {
				return nil, bad("D")
			}
			g.demonyms[f[1]] = f[2]
		default:
			return nil, fmt.Errorf("gazetteer: compact line %d: unknown record %q", no, f[0])
		}
	}
	g.postStart = append(g.postStart, int32(len(g.post)))
	for _, id := range g.post {
		if int(id) >= len(g.entries) {
			return nil, fmt.Errorf("gazetteer: compact: key refers to entry %d of %d", id, len(g.entries))
		}
	}
	g.fillNames()
	return g, nil
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
