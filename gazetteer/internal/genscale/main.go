// Command genscale writes a synthetic GeoNames allCountries-like dump for
// testing the gazetteer import at full-dump scale (GeoNames'
// allCountries has about 12.4 million rows). The output is deterministic
// for the same flags. Write it outside the repository:
//
//	go run ./gazetteer/internal/genscale -rows 12000000 -out /tmp/genscale/allCountries.txt
//
// With -measure FILE it instead opens an index (from "evident gazetteer
// import") and reports the open time, lookup speed on names of random
// entries (first touch and warm) and resident memory.
//
// Rows have the 19 GeoNames columns, realistic name lengths, names that
// repeat across rows (as "San José" or "Mill Creek" do), a skewed mix of
// feature classes, countries, admin codes and populations, and several
// alternate names per row (-alts on average) in Latin script (capitalised
// variants, which the import keeps, and lower-case transliterations and
// codes, which it drops), Arabic script (kept), and Cyrillic and CJK
// (dropped). A fraction of rows (-dups) repeats an earlier geonameid with
// new fields, as an update in a later input would.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/evident-org/evident/gazetteer"
)

func main() {
	rows := flag.Int("rows", 12_000_000, "number of rows")
	out := flag.String("out", "/tmp/genscale/allCountries.txt", "output file")
	seed := flag.Uint64("seed", 1, "random seed")
	alts := flag.Float64("alts", 3, "mean number of alternate names per row")
	dups := flag.Float64("dups", 0.005, "fraction of rows that repeat an earlier geonameid")
	measureIdx := flag.String("measure", "", "measure opening and lookups of this index instead of generating")
	flag.Parse()
	if *measureIdx != "" {
		if err := measure(*measureIdx, *seed); err != nil {
			log.Fatal(err)
		}
		return
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		log.Fatal(err)
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	g := newGen(*seed)
	var nAlts int
	for i := range *rows {
		id := 1 + i*3/2 // ids with gaps, ascending like allCountries
		if i > 1000 && g.r.Float64() < *dups {
			id = 1 + g.r.IntN(i)*3/2
		}
		nAlts += g.row(w, id, *alts)
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	st, _ := os.Stat(*out)
	log.Printf("%s: %d rows, %d alternate names, %d bytes", *out, *rows, nAlts, st.Size())
}

type gen struct {
	r         *rand.Rand
	common    []string // names that many rows share
	countries []string
	buf       []byte
}

var (
	syllables = strings.Fields("ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zi zo al el an ar as en er in on or ur ham ton burg dorf ville grad abad pur stan kot ganj wala")
	accents   = []string{"á", "é", "í", "ó", "ú", "ñ", "ü", "ç", "ā", "ī", "ş", "ğ", "ł", "ø"}
	words     = strings.Fields("North South East West Upper Lower New Old Little Great Saint San Santa Mount Lake River Creek Hill Valley Bay Point Island Park")
	arabic    = []rune("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
	cyrillic  = []rune("абвгдежзиклмнопрстуфхцчшщыэюя")
	cjk       = []rune("山川田中村大小东西南北京河湖港市町")
	classes   = []struct {
		c     string
		codes []string
		w     float64
	}{
		{"P", []string{"PPL", "PPL", "PPL", "PPLA", "PPLA2", "PPLX", "PPLL"}, 0.40},
		{"H", []string{"STM", "LK", "RSV", "SPNG", "WLL", "BAY"}, 0.15},
		{"T", []string{"MT", "HLL", "PK", "VAL", "PASS"}, 0.15},
		{"S", []string{"SCH", "CH", "FRM", "HTL", "BLDG", "AIRP", "MSQE"}, 0.15},
		{"L", []string{"PRK", "AREA", "LCTY"}, 0.05},
		{"A", []string{"ADM1", "ADM2", "ADM3", "ADM4"}, 0.05},
		{"V", []string{"FRST"}, 0.02},
		{"R", []string{"RD", "RR"}, 0.02},
		{"U", []string{"SMU"}, 0.01},
	}
)

func newGen(seed uint64) *gen {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	for range 200_000 {
		g.common = append(g.common, g.freshName())
	}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if len(g.countries) < 250 && (a*7+b*3)%3 == 0 {
				g.countries = append(g.countries, string([]rune{a, b}))
			}
		}
	}
	return g
}

// freshName is a new place name: one to three words of syllables, at
// times with a qualifier word or an accented letter.
func (g *gen) freshName() string {
	var b strings.Builder
	nw := 1 + g.r.IntN(3)/2 + g.r.IntN(3)/2
	for w := range nw {
		if w > 0 {
			b.WriteByte(' ')
		}
		if w == 0 && nw > 1 && g.r.IntN(3) == 0 {
			b.WriteString(words[g.r.IntN(len(words))])
			continue
		}
		ns := 2 + g.r.IntN(3)
		var word strings.Builder
		for range ns {
			word.WriteString(syllables[g.r.IntN(len(syllables))])
		}
		s := word.String()
		if g.r.IntN(8) == 0 {
			i := g.r.IntN(len(s))
			s = s[:i] + accents[g.r.IntN(len(accents))] + s[i+1:]
		}
		r := []rune(s)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	return b.String()
}

func (g *gen) name() string {
	if g.r.Float64() < 0.4 {
		// Zipf-like: low indexes are much more frequent.
		i := int(math.Pow(g.r.Float64(), 3) * float64(len(g.common)))
		return g.common[i]
	}
	return g.freshName()
}

func (g *gen) script(letters []rune, n int) string {
	r := make([]rune, n)
	for i := range r {
		r[i] = letters[g.r.IntN(len(letters))]
	}
	return string(r)
}

// alternate is an alternate name of name, in one of several forms.
func (g *gen) alternate(name string) string {
	switch k := g.r.IntN(10); {
	case k < 3: // capitalised variant: kept
		return name + " " + words[g.r.IntN(len(words))]
	case k < 4:
		return g.freshName()
	case k < 6: // lower-case transliteration: dropped
		return strings.ToLower(strings.ReplaceAll(ascii(name), " ", ""))
	case k < 7: // Arabic script: kept
		return g.script(arabic, 3+g.r.IntN(8))
	case k < 8: // Cyrillic: dropped
		return g.script(cyrillic, 4+g.r.IntN(8))
	case k < 9: // CJK: dropped
		return g.script(cjk, 2+g.r.IntN(3))
	default: // code: dropped
		return strings.ToUpper(g.script([]rune("abcdefghijklmnopqrstuvwxyz"), 3+g.r.IntN(2)))
	}
}

func ascii(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if r < 0x80 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (g *gen) row(w *bufio.Writer, id int, meanAlts float64) int {
	name := g.name()
	b := g.buf[:0]
	b = strconv.AppendInt(b, int64(id), 10)
	b = append(b, '\t')
	b = append(b, name...)
	b = append(b, '\t')
	b = append(b, ascii(name)...)
	b = append(b, '\t')
	// Geometric number of alternates with the given mean.
	n := 0
	for g.r.Float64() < meanAlts/(meanAlts+1) {
		n++
	}
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, g.alternate(name)...)
	}
	b = append(b, '\t')
	b = strconv.AppendFloat(b, math.Round((g.r.Float64()*180-90)*1e5)/1e5, 'f', -1, 64)
	b = append(b, '\t')
	b = strconv.AppendFloat(b, math.Round((g.r.Float64()*360-180)*1e5)/1e5, 'f', -1, 64)
	b = append(b, '\t')
	x := g.r.Float64()
	ci := 0
	for ci < len(classes)-1 && x > classes[ci].w {
		x -= classes[ci].w
		ci++
	}
	c := classes[ci]
	b = append(b, c.c...)
	b = append(b, '\t')
	b = append(b, c.codes[g.r.IntN(len(c.codes))]...)
	b = append(b, '\t')
	cc := g.countries[int(math.Pow(g.r.Float64(), 2)*float64(len(g.countries)))]
	b = append(b, cc...)
	b = append(b, "\t\t"...) // cc2
	a1 := 1 + g.r.IntN(30)
	b = fmt.Appendf(b, "%02d\t", a1)
	if g.r.IntN(3) > 0 {
		b = strconv.AppendInt(b, int64(a1*1000+g.r.IntN(150)), 10)
	}
	b = append(b, "\t\t\t"...) // admin2, admin3, admin4
	if c.c == "P" {
		b = strconv.AppendInt(b, int64(math.Exp(g.r.NormFloat64()*2+5)), 10)
	} else {
		b = append(b, '0')
	}
	b = append(b, "\t\t"...) // population, elevation
	b = strconv.AppendInt(b, int64(g.r.IntN(3000)), 10)
	b = append(b, "\tRegion/City\t2024-01-01\n"...)
	g.buf = b
	w.Write(b)
	return n
}

// measure opens an index and times lookups of random entries' names.
func measure(path string, seed uint64) error {
	t0 := time.Now()
	g, err := gazetteer.OpenIndex(path)
	if err != nil {
		return err
	}
	open := time.Since(t0)
	defer g.Close()
	fmt.Printf("%s: %d entries, %d keys, %.2f GiB\n", path, g.Len(), g.NumKeys(), float64(g.IndexSize())/(1<<30))
	fmt.Printf("open: %v; RSS after open %s\n", open, rss())
	r := rand.New(rand.NewPCG(seed, 7))
	const n = 100_000
	names := make([]string, n)
	for i := range names {
		names[i] = g.Entry(r.IntN(g.Len())).Name
	}
	keys := make([]string, n)
	for i, nm := range names {
		keys[i] = gazetteer.Normalize(nm)
	}
	for _, pass := range []string{"first touch", "warm"} {
		times := make([]time.Duration, n)
		cands := 0
		t := time.Now()
		for i, nm := range names {
			t0 := time.Now()
			cands += len(g.Lookup(nm))
			times[i] = time.Since(t0)
		}
		lookup := time.Since(t) / n
		slices.Sort(times)
		t = time.Now()
		for _, k := range keys {
			g.Has(k)
			g.HasPrefix(k + " ")
			g.Has(k + "x")
		}
		has := time.Since(t) / (3 * n)
		fmt.Printf("%s: Lookup mean %v/op, median %v, p99 %v (%.1f candidates on average); Has/HasPrefix %v/op; RSS %s\n",
			pass, lookup, times[n/2], times[n*99/100], float64(cands)/n, has, rss())
	}
	return nil
}

func rss() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for l := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}
