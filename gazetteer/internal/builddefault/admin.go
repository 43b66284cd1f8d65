package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/evident-org/evident/gazetteer"
)

// genericWords are the words of division names that name the level, not
// the place ("Tel Afar District", "Muhafazat Karbala'"); looseKeys drops
// them to match GeoNames and Who's On First spellings.
var genericWords = map[string]bool{
	"district": true, "governorate": true, "county": true, "parish": true, "province": true,
	"municipality": true, "region": true, "department": true, "departement": true, "prefecture": true,
	"qada": true, "qadaa": true, "qadha": true, "markaz": true, "muhafazat": true, "mantiqat": true,
	"nahiyat": true, "nahiya": true, "subdistrict": true, "of": true, "the": true, "municipio": true,
	"wilayat": true, "ostan": true, "shahrestan": true, "okrug": true, "upravni": true, "oblast": true,
	"raion": true, "rayon": true, "zone": true,
}

// looseKeys returns match keys for division names: normalised, without
// an Arabic article, without generic words and without spaces
// ("Al-Ba'aj District" and "Baaj" both give "baaj").
func looseKeys(names ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		for _, k := range gazetteer.Keys(n) {
			var b strings.Builder
			for w := range strings.FieldsSeq(k) {
				if !genericWords[w] {
					b.WriteString(w)
				}
			}
			lk := b.String()
			if s, ok := gazetteer.StripArticle(k); ok && lk == "" {
				lk = s
			}
			if lk != "" && !seen[lk] {
				seen[lk] = true
				out = append(out, lk)
			}
		}
	}
	return out
}

// similar reports whether two loose keys are spelling variants: an edit
// distance of at most a quarter of the longer one ("daikondi",
// "daykundi").
func similar(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	n := max(len(ra), len(rb))
	if n < 4 {
		return a == b
	}
	return gazetteer.Levenshtein(ra, rb)*4 <= n
}

// agg accumulates the kept populated places of a division: their mean
// point is the fallback centroid, their summed population the ranking
// estimate.
type agg struct {
	n          int
	lat, lon   float64 // sums; lon relative to lon0
	lon0       float64
	pop        int64
	biggestPop int64
	biggest    *gazetteer.Row
}

func (a *agg) add(r *gazetteer.Row) {
	if a.n == 0 {
		a.lon0 = r.Lon
	}
	d := r.Lon - a.lon0
	if d > 180 {
		d -= 360
	} else if d < -180 {
		d += 360
	}
	a.n++
	a.lat += r.Lat
	a.lon += d
	a.pop += r.Population
	if a.biggest == nil || r.Population > a.biggestPop {
		a.biggest, a.biggestPop = r, r.Population
	}
}

// mean returns the unweighted mean point of the places.
func (a *agg) mean() (lat, lon float64, ok bool) {
	if a == nil || a.n == 0 {
		return 0, 0, false
	}
	lon = a.lon0 + a.lon/float64(a.n)
	if lon > 180 {
		lon -= 360
	} else if lon < -180 {
		lon += 360
	}
	return a.lat / float64(a.n), lon, true
}

type point struct{ lat, lon float64 }

// readPoints reads a centroid file (code, lat, lon, ...; '#' comments).
func readPoints(path string) (map[string]point, error) {
	out := map[string]point{}
	err := withFile(path, func(r io.Reader) error {
		sc := bufio.NewScanner(r)
		no := 0
		for sc.Scan() {
			no++
			line := sc.Text()
			if line == "" || line[0] == '#' {
				continue
			}
			f := strings.Split(line, "\t")
			if len(f) < 3 {
				return fmt.Errorf("line %d: want code, lat, lon", no)
			}
			out[f[0]] = point{parseF(f[1]), parseF(f[2])}
		}
		return sc.Err()
	})
	return out, err
}

// wofIndex finds the Who's On First division that matches a GeoNames
// one: by geonameid, then by loose name key within the same parent, then
// by a similar key. Each pack row matches at most once.
type wofIndex struct {
	rows  []*gazetteer.Row
	used  []bool
	byID  map[int64]int
	byKey map[string][]int // parent + "\x00" + loose key
	byPar map[string][]int // parent
	keys  [][]string
}

func newWOFIndex(rows []*gazetteer.Row, parent func(*gazetteer.Row) string) *wofIndex {
	x := &wofIndex{rows: rows, used: make([]bool, len(rows)), byID: map[int64]int{}, byKey: map[string][]int{}, byPar: map[string][]int{}}
	for i, r := range rows {
		x.byPar[parent(r)] = append(x.byPar[parent(r)], i)
		if _, dup := x.byID[r.GeonameID]; !dup {
			x.byID[r.GeonameID] = i
		}
		ks := looseKeys(append([]string{r.Name, r.ASCIIName}, r.AlternateNames...)...)
		x.keys = append(x.keys, ks)
		for _, k := range ks {
			pk := parent(r) + "\x00" + k
			x.byKey[pk] = append(x.byKey[pk], i)
		}
	}
	return x
}

// match returns the pack row for a GeoNames division with the given id,
// parents ("CC.A1" then "CC" for ADM2, "CC" for ADM1) and names; near,
// when not nil, rejects rows too far from what is known of the
// division's location.
func (x *wofIndex) match(id int64, parents []string, names []string, near func(*gazetteer.Row) bool) *gazetteer.Row {
	if x == nil {
		return nil
	}
	ok := func(i int) bool { return !x.used[i] && (near == nil || near(x.rows[i])) }
	take := func(i int) *gazetteer.Row { x.used[i] = true; return x.rows[i] }
	if i, found := x.byID[id]; found && !x.used[i] {
		return take(i)
	}
	keys := looseKeys(names...)
	for _, p := range parents {
		for _, k := range keys {
			for _, i := range x.byKey[p+"\x00"+k] {
				if ok(i) {
					return take(i)
				}
			}
		}
	}
	// Spelling variants: only a unique candidate.
	found := -1
	for _, p := range parents {
		for _, i := range x.byPar[p] {
			if !ok(i) {
				continue
			}
			for _, k := range keys {
				if slices.ContainsFunc(x.keys[i], func(wk string) bool { return similar(k, wk) }) {
					if found >= 0 && found != i {
						return nil
					}
					found = i
				}
			}
		}
	}
	if found >= 0 {
		return take(found)
	}
	return nil
}

// parentKey is the parent used for matching: "CC.A1" for divisions whose
// pack row names its admin1, else "CC".
func parentKey(r *gazetteer.Row) string {
	if r.FeatureCode == "ADM2" && r.Admin1Code != "" {
		return r.CountryCode + "." + r.Admin1Code
	}
	return r.CountryCode
}

// stripLevelWord returns a division name without a trailing word that
// names its level ("Rapides Parish" -> "Rapides"), or "".
func stripLevelWord(name string) string {
	for _, suf := range []string{" County", " Parish", " District", " Governorate", " Borough", " Census Area", " Municipality", " City and Borough"} {
		if s, ok := strings.CutSuffix(name, suf); ok && s != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// levelWords end the names of divisions that news writes with a level
// word the recogniser strips itself ("Anbar Province", "Nineveh
// governorate").
var levelWords = []string{"province", "governorate", "district", "county", "region", "oblast", "raion", "rayon",
	"municipality", "department", "prefecture", "state", "muhafazah", "wilayah"}

// dropLevelForms removes from names (the alternates of a division whose
// preferred name is name) those that are another of its names plus a
// trailing level word: "Anbar Province" beside "Al Anbar". Names that
// are only known with their level word ("Tel Afar District") stay.
func dropLevelForms(name string, names []string) []string {
	base := map[string]bool{}
	for _, n := range append([]string{name}, names...) {
		if _, ok := cutLevel(n); !ok {
			for _, k := range gazetteer.Keys(n) {
				base[k] = true
			}
		}
	}
	out := names[:0]
	for _, n := range names {
		if rest, ok := cutLevel(n); ok && slices.ContainsFunc(gazetteer.Keys(rest), func(k string) bool { return base[k] }) {
			continue
		}
		out = append(out, n)
	}
	return out
}

func cutLevel(n string) (string, bool) {
	k := gazetteer.Normalize(n)
	for _, w := range levelWords {
		if rest, ok := strings.CutSuffix(k, " "+w); ok && rest != "" {
			return rest, true
		}
	}
	return "", false
}
