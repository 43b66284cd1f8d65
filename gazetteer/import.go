package gazetteer

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
	"unsafe"
)

// ImportOptions select the rows of an import. The zero value keeps
// everything.
type ImportOptions struct {
	// MinPopulation skips populated places (feature class P) with a
	// smaller population. Other classes are not affected: GeoNames gives
	// most of them no population.
	MinPopulation int64
	// FeatureClasses keeps only these GeoNames feature classes ("PA":
	// populated places, countries and regions); "" keeps all.
	FeatureClasses string
	// Countries keeps only rows (and admin names) of these ISO alpha-2
	// codes; nil keeps all. Rows without a country code are then skipped.
	Countries []string
	// VillageFilter leaves out villages (populated places below 1,000
	// that are not capitals or seats) whose name is an English word or
	// a person's name, and keeps only the spelling variants among the
	// alternate names of the others (see villagefilter.go).
	VillageFilter bool
	// Progress, if set, is called from the importing goroutine as rows are
	// read (about every 10,000 rows) and when a writing phase starts.
	Progress func(ImportStats)
	// Workers parse rows in parallel; 0 means GOMAXPROCS.
	Workers int
	// TempDir holds a temporary file of entry records (68 bytes a row)
	// during the import, so that they sit in the page cache rather than
	// the heap; "" means os.TempDir().
	TempDir string
}

// ImportStats counts what an import read and wrote.
type ImportStats struct {
	Files    int    // files read
	File     string // file being read
	Rows     int64  // data rows read from dumps (comments and blank lines excluded)
	Kept     int64  // rows that passed the filters
	Filtered int64  // rows the filters skipped
	Bad      int64  // malformed rows, skipped
	Villages int64  // of Filtered: villages the village filter left out
	// FirstBad are the first few malformed rows, each a *RowError with
	// the file and line.
	FirstBad  []error
	Admin1    int // admin1 names
	Admin2    int // admin2 names
	Countries int
	Phase     string // what the writer is doing, once reading is over
	Entries   int    // entries written, after merging
	Merged    int    // rows merged into an earlier row with the same geonameid
	Keys      int    // distinct keys written
	Bytes     int64  // size of the index written
	// Country and first-level division entries the importer added for
	// codes of countryInfo.txt and admin1CodesASCII.txt that no input row
	// carries (see addAdminEntries), and admin1 codes left without an
	// entry for want of a point.
	AddedCountries, AddedAdmin1, Admin1NoPoint int
}

// maxBadReported bounds ImportStats.FirstBad.
const maxBadReported = 5

// RowError is a malformed row of an input file.
type RowError struct {
	File string
	Line int
	Err  error
}

func (e *RowError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }
func (e *RowError) Unwrap() error { return e.Err }

// Importer builds a gazetteer index from GeoNames-format files: the
// 19-column dumps (allCountries, CC.txt, cities500, Who's On First packs
// in the same format), admin1CodesASCII.txt, admin2Codes.txt and
// countryInfo.txt. Rows sharing a geonameid, in one input or several,
// become one entry: it keeps the place of the first row, takes the
// fields of the last one and the names of all. Each row is indexed under
// its name, its ASCII name and the alternate names KeepAlternate keeps.
// Malformed rows are counted and skipped. Memory stays proportional to
// what is kept (about 200 bytes a row), not to the input.
type Importer struct {
	opt       ImportOptions
	ib        *indexBuilder
	st        ImportStats
	classes   map[string]bool
	countries map[string]bool
	sources   []string
	last      time.Time
	adm       *adminState
	base      map[int64]baseEntry // entries of the base gazetteer, by geonameid
	csc       bool                // a csc table was read (attribution)
}

// NewImporter returns an empty importer.
func NewImporter(opt ImportOptions) *Importer {
	im := &Importer{opt: opt, ib: newIndexBuilder(), adm: newAdminState()}
	im.ib.merge = true
	im.ib.spillDir = opt.TempDir
	if im.ib.spillDir == "" {
		im.ib.spillDir = os.TempDir()
	}
	if opt.FeatureClasses != "" {
		im.classes = map[string]bool{}
		for _, c := range strings.ToUpper(opt.FeatureClasses) {
			if c != ',' && c != ' ' {
				im.classes[string(c)] = true
			}
		}
	}
	if opt.Countries != nil {
		im.countries = map[string]bool{}
		for _, c := range opt.Countries {
			im.countries[strings.ToUpper(strings.TrimSpace(c))] = true
		}
	}
	im.ib.phase = func(p string) {
		im.st.Phase = p
		im.progress(true)
	}
	return im
}

// Stats returns the counts so far.
func (im *Importer) Stats() ImportStats {
	st := im.st
	st.FirstBad = slices.Clone(st.FirstBad)
	return st
}

func (im *Importer) progress(force bool) {
	if im.opt.Progress == nil {
		return
	}
	if now := time.Now(); force || now.Sub(im.last) >= 100*time.Millisecond {
		im.last = now
		im.opt.Progress(im.Stats())
	}
}

func (im *Importer) bad(file string, line int, err error) {
	im.st.Bad++
	if len(im.st.FirstBad) < maxBadReported {
		im.st.FirstBad = append(im.st.FirstBad, &RowError{File: file, Line: line, Err: err})
	}
}

// keep applies the filters to an entry.
func (im *Importer) keep(class, cc string, pop int64) bool {
	if im.classes != nil && !im.classes[class] {
		return false
	}
	if im.countries != nil && !im.countries[cc] {
		return false
	}
	return class != "P" || pop >= im.opt.MinPopulation
}

func (im *Importer) keepCode(code string) bool {
	if im.countries == nil {
		return true
	}
	cc, _, _ := strings.Cut(code, ".")
	return im.countries[cc]
}

// FileKind tells what an input file is from its name:
// "admin1" (admin1Codes*.txt), "admin2" (admin2Codes*.txt), "countryinfo"
// (countryInfo*.txt), "csc" (*.csv: a table of the countries-states-cities
// database, see AddCSC), or "dump" (any other: a 19-column dump). Case and
// the extensions .txt, .gz and .zip do not matter.
func FileKind(path string) string {
	base := strings.ToLower(filepath.Base(path))
	switch {
	case strings.HasPrefix(base, "admin1codes"):
		return "admin1"
	case strings.HasPrefix(base, "admin2codes"):
		return "admin2"
	case strings.HasPrefix(base, "countryinfo"):
		return "countryinfo"
	case strings.HasSuffix(strings.TrimSuffix(strings.TrimSuffix(base, ".gz"), ".zip"), ".csv"):
		return "csc"
	}
	return "dump"
}

// AddFile reads one input file (plain, .gz or .zip, see Open) of the
// given kind; kind "" detects it with FileKind. Reading a dump stops
// early when ctx is cancelled.
func (im *Importer) AddFile(ctx context.Context, path, kind string) error {
	if kind == "" {
		kind = FileKind(path)
	}
	rc, err := Open(path)
	if err != nil {
		return err
	}
	defer rc.Close()
	switch kind {
	case "admin1":
		err = im.AddAdmin(path, rc, 1)
	case "admin2":
		err = im.AddAdmin(path, rc, 2)
	case "countryinfo":
		err = im.AddCountryInfo(path, rc)
	case "dump":
		err = im.AddDump(ctx, path, rc)
	case "csc":
		err = im.AddCSC(path, rc)
	default:
		return fmt.Errorf("gazetteer: unknown input kind %q", kind)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// AddAdmin reads admin1CodesASCII.txt (level 1) or admin2Codes.txt
// (level 2); name labels errors. A later name for a code replaces an
// earlier one.
func (im *Importer) AddAdmin(name string, r io.Reader, level int) error {
	im.st.Files++
	im.st.File = name
	im.sources = append(im.sources, filepath.Base(name))
	m := im.ib.admin1
	if level == 2 {
		m = im.ib.admin2
	}
	err := eachLine(r, func(no int, line string) error {
		a, err := parseAdminCode(line)
		if err != nil {
			im.bad(name, no, err)
			return nil
		}
		if im.keepCode(a.Code) {
			m[a.Code] = a.Name
			if level == 1 {
				im.adm.admin1IDs[a.Code] = a
			}
		}
		return nil
	})
	im.st.Admin1, im.st.Admin2 = len(im.ib.admin1), len(im.ib.admin2)
	return err
}

// AddCountryInfo reads countryInfo.txt. A country read again takes the
// new fields, except a zero point, an empty name and no demonyms, which
// keep the earlier values (countryInfo.txt has no point and no demonyms;
// a base gazetteer may have them).
func (im *Importer) AddCountryInfo(name string, r io.Reader) error {
	im.st.Files++
	im.st.File = name
	im.sources = append(im.sources, filepath.Base(name))
	err := eachLine(r, func(no int, line string) error {
		c, ok, err := parseCountryInfo(line)
		if err != nil {
			im.bad(name, no, err)
			return nil
		}
		if ok {
			im.setCountry(c)
		}
		return nil
	})
	im.st.Countries = len(im.ib.countries)
	return err
}

func (im *Importer) setCountry(c CountryInfo) {
	if old := im.ib.countries[c.Code]; old != nil {
		if c.Lat == 0 && c.Lon == 0 {
			c.Lat, c.Lon = old.Lat, old.Lon
		}
		if c.Name == "" {
			c.Name = old.Name
		}
		if len(c.Demonyms) == 0 {
			c.Demonyms = old.Demonyms
		}
	}
	im.ib.setCountry(c)
	for _, d := range c.Demonyms {
		im.ib.addDemonymKey(Normalize(d), c.Code)
	}
}

// AddGazetteer adds a whole gazetteer (the embedded default, say) as if
// it were an input: its entries with their keys, which merge with rows of
// the same geonameid, its countries, admin names and demonyms. The
// filters apply to its entries and admin names.
func (im *Importer) AddGazetteer(name string, g *Gazetteer) {
	im.st.Files++
	im.st.File = name
	im.sources = append(im.sources, name)
	n0 := im.ib.n
	newID := make([]int32, g.Len())
	for i := range g.Len() {
		e := g.Entry(i)
		newID[i] = -1
		if im.keep(e.FeatureClass, e.CountryCode, e.Population) {
			newID[i] = int32(im.ib.addEntry(&e))
			im.adm.note(&e)
			im.st.Kept++
		} else {
			im.st.Filtered++
		}
		im.st.Rows++
	}
	for i := range g.NumKeys() {
		k := g.key(i)
		for p := g.postingsOf(i); len(p) >= 4; p = p[4:] {
			if id := u32(p, 0); int(id) < len(newID) && newID[id] >= 0 {
				im.ib.addKey(uint32(newID[id]), k)
			}
		}
	}
	// The base's demonym table first: it says which country a demonym
	// that several countries list is ("American": US, not UM, which
	// setCountry would give it, taking the countries in code order).
	for i := 0; i+pairSize <= len(g.demonyms); i += pairSize {
		im.ib.addDemonymKey(g.str(u32(g.demonyms, i)), g.str(u32(g.demonyms, i+4)))
	}
	for _, c := range g.Countries() {
		im.setCountry(c)
	}
	for _, t := range []struct {
		src []byte
		dst map[string]string
	}{{g.admin1, im.ib.admin1}, {g.admin2, im.ib.admin2}} {
		for i := 0; i+pairSize <= len(t.src); i += pairSize {
			if code := g.str(u32(t.src, i)); im.keepCode(code) {
				t.dst[code] = g.str(u32(t.src, i+4))
			}
		}
	}
	im.ib.meta = append(im.ib.meta, g.Comments()...)
	im.st.Admin1, im.st.Admin2, im.st.Countries = len(im.ib.admin1), len(im.ib.admin2), len(im.ib.countries)
	if n0 == 0 {
		// The base gazetteer, added first: its entries keep their
		// fields, and rows of the inputs with their ids add only names
		// (see baseNames).
		im.ib.sticky = im.ib.n
		if im.base == nil {
			im.base = map[int64]baseEntry{}
		}
		for i := range g.Len() {
			if e := g.entryView(i); e.GeonameID != 0 && newID[i] >= 0 {
				if _, dup := im.base[e.GeonameID]; !dup {
					im.base[e.GeonameID] = baseEntry{name: e.Name, country: e.IsCountry()}
				}
			}
		}
	}
}

// baseEntry is what the importer keeps of an entry of a base gazetteer
// (AddGazetteer) to filter the names that rows of the inputs add to it.
type baseEntry struct {
	name    string
	country bool
}

// baseNames filters the names a row adds to an entry of the base
// gazetteer with the same geonameid, as the default does for the names
// of Who's On First rows: none for a country (the base has its names
// and aliases; the packs' alternates include other countries' and
// cities' names, "Columbia" for Colombia, "Tunis" for Tunisia), and for
// other entries only Latin-script spelling variants of the base name and
// Arabic-script names (not "Gaza" for the Gaza Strip, which would make
// the division a homonym of the city).
func baseNames(b baseEntry, name string) bool {
	if b.country {
		return false
	}
	if hasArabicScript(name) {
		return true
	}
	return villageVariant(name, b.name, "")
}

// dumpBatch is a run of lines of a dump, parsed by a worker and consumed
// in input order.
type dumpBatch struct {
	text  []byte
	lines []lineSpan
	rows  []parsedRow
	keys  []string
	bad   []lineErr
	nRows int64 // data rows
	nVill int64 // villages left out by the village filter
	done  chan struct{}
}

type lineSpan struct {
	start, end int // end < 0: the line was too long and is not in text
	no         int
}

type parsedRow struct {
	e      Entry
	k0, k1 int // keys[k0:k1]
}

type lineErr struct {
	no  int
	err error
}

const (
	batchBytes = 1 << 20
	batchLines = 8192
)

var errLineTooLong = fmt.Errorf("%w: line longer than %d bytes", ErrMalformed, maxLine)

// AddDump reads a 19-column GeoNames dump; name labels errors and bad
// rows. Rows are parsed on several goroutines and added in input order.
// It returns an error only when reading fails or ctx is cancelled;
// malformed rows are counted in the stats and skipped.
func (im *Importer) AddDump(ctx context.Context, name string, r io.Reader) error {
	im.st.Files++
	im.st.File = name
	im.sources = append(im.sources, filepath.Base(name))
	workers := im.opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	work := make(chan *dumpBatch, workers)
	order := make(chan *dumpBatch, 2*workers+2)
	free := make(chan *dumpBatch, 2*workers+4)
	var readErr error
	go func() {
		defer close(order)
		defer close(work)
		readErr = splitBatches(r, free, func(b *dumpBatch) bool {
			select {
			case order <- b:
			case <-ctx.Done():
				return false
			}
			work <- b
			return true
		})
		if readErr == nil {
			readErr = ctx.Err()
		}
	}()
	for range workers {
		go func() {
			var row Row
			for b := range work {
				im.parseBatch(b, &row)
				close(b.done)
			}
		}()
	}
	for b := range order {
		<-b.done
		im.consume(name, b)
		select {
		case free <- b:
		default:
		}
	}
	return readErr
}

// splitBatches reads lines into batches and hands each to emit.
func splitBatches(r io.Reader, free chan *dumpBatch, emit func(*dumpBatch) bool) error {
	br := bufio.NewReaderSize(r, 1<<20)
	var b *dumpBatch
	next := func() {
		select {
		case b = <-free:
			b.text, b.lines, b.rows, b.keys, b.bad, b.nRows, b.nVill = b.text[:0], b.lines[:0], b.rows[:0], b.keys[:0], b.bad[:0], 0, 0
		default:
			b = &dumpBatch{text: make([]byte, 0, batchBytes+64<<10)}
		}
		b.done = make(chan struct{})
	}
	next()
	no := 0
	for {
		line, err := br.ReadSlice('\n')
		tooLong := false
		if err == bufio.ErrBufferFull {
			long := slices.Clone(line)
			for err == bufio.ErrBufferFull {
				line, err = br.ReadSlice('\n')
				if len(long) <= maxLine {
					long = append(long, line...)
				}
			}
			tooLong = len(long) > maxLine
			line = long
		}
		if len(line) > 0 {
			no++
			if tooLong {
				b.lines = append(b.lines, lineSpan{0, -1, no})
			} else {
				start := len(b.text)
				b.text = append(b.text, line...)
				b.lines = append(b.lines, lineSpan{start, len(b.text), no})
			}
			if len(b.text) >= batchBytes || len(b.lines) >= batchLines {
				if !emit(b) {
					return nil
				}
				next()
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			// A broken archive or a read error: keep the rows read so far
			// and say where it stopped.
			if len(b.lines) > 0 {
				emit(b)
			}
			return fmt.Errorf("reading stopped after line %d: %w", no, err)
		}
	}
	if len(b.lines) > 0 {
		emit(b)
	}
	return nil
}

// parseBatch parses, filters and computes the keys of a batch's rows.
func (im *Importer) parseBatch(b *dumpBatch, row *Row) {
	for _, l := range b.lines {
		if l.end < 0 {
			b.nRows++
			b.bad = append(b.bad, lineErr{l.no, errLineTooLong})
			continue
		}
		line := b.text[l.start:l.end]
		for len(line) > 0 && (line[len(line)-1] == '\n' || line[len(line)-1] == '\r') {
			line = line[:len(line)-1]
		}
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		b.nRows++
		alts := row.AlternateNames
		row.AlternateNames = alts[:0]
		err := parseRow(bytesView(line), row)
		if row.AlternateNames == nil {
			row.AlternateNames = alts[:0]
		}
		if err != nil {
			b.bad = append(b.bad, lineErr{l.no, err})
			continue
		}
		if !im.keep(row.FeatureClass, row.CountryCode, row.Population) {
			continue
		}
		village := im.opt.VillageFilter && isVillage(row.FeatureClass, row.FeatureCode, row.Population)
		if village && (villageBlocked(row.Name) || villageBlocked(row.ASCIIName)) {
			b.nVill++
			continue
		}
		k0 := len(b.keys)
		base, inBase := im.base[row.GeonameID]
		for _, n := range [2]string{row.Name, row.ASCIIName} {
			if !inBase || baseNames(base, n) {
				b.keys = appendRowKeys(b.keys, k0, n)
			}
		}
		for _, a := range row.AlternateNames {
			if KeepAlternate(a) && (!village || villageVariant(a, row.Name, row.ASCIIName) && !villageBlocked(a)) &&
				(!inBase || baseNames(base, a)) {
				b.keys = appendRowKeys(b.keys, k0, a)
			}
		}
		e := row.Entry()
		if e.FeatureClass == "A" && e.FeatureCode == "ADM1" {
			// As in the default: the resolver ranks first-level divisions
			// by their feature, and a population (Who's On First has
			// one) would make "Centre" or "Baghdad" the division.
			e.Population = 0
		}
		wofCountryID(&e)
		b.rows = append(b.rows, parsedRow{e: e, k0: k0, k1: len(b.keys)})
	}
}

// appendRowKeys appends the keys of name that are not in keys[k0:].
func appendRowKeys(keys []string, k0 int, name string) []string {
	var buf [2]string
	for _, k := range appendKeys(buf[:0], name) {
		if !slices.Contains(keys[k0:], k) {
			keys = append(keys, k)
		}
	}
	return keys
}

func (im *Importer) consume(name string, b *dumpBatch) {
	im.st.Rows += b.nRows
	for _, e := range b.bad {
		im.bad(name, e.no, e.err)
	}
	for i := range b.rows {
		p := &b.rows[i]
		id := uint32(im.ib.addEntry(&p.e))
		im.adm.note(&p.e)
		for _, k := range b.keys[p.k0:p.k1] {
			im.ib.addKey(id, k)
		}
	}
	kept := int64(len(b.rows))
	im.st.Kept += kept
	im.st.Filtered += b.nRows - int64(len(b.bad)) - kept
	im.st.Villages += b.nVill
	im.progress(false)
}

// Build returns the imported gazetteer, built in memory.
func (im *Importer) Build() (*Gazetteer, error) {
	im.addAdminEntries()
	im.ib.meta = append(im.meta(), im.ib.meta...)
	g, err := im.ib.buildImage()
	if err != nil {
		return nil, err
	}
	im.finish(g.Len(), g.NumKeys(), int64(g.IndexSize()))
	im.ib = nil
	return g, nil
}

func (im *Importer) finish(entries, keys int, size int64) {
	im.st.Entries, im.st.Keys, im.st.Bytes, im.st.Merged = entries, keys, size, im.ib.merged
	im.st.Phase = "done"
}

func (im *Importer) meta() []string {
	m := []string{
		"Evident gazetteer index, built by evident gazetteer import from: " + strings.Join(im.sources, ", ") + ".",
		"Credit the sources as their licences require: GeoNames (geonames.org), CC BY 4.0; Who's On First, CC BY 4.0, for its packs.",
	}
	if im.csc {
		m = append(m, "countries-states-cities database (github.com/dr5hn/countries-states-cities-database), ODbL 1.0: credit it and keep databases derived from this index open.")
	}
	if a := im.adm.added; a[0]+a[1] > 0 {
		m = append(m, fmt.Sprintf("Country and first-level division entries added from the country and admin1 tables: %d and %d; points from the embedded default gazetteer by GeoNames id, else csc, else the mean of the kept places.", a[0], a[1]))
	}
	var f []string
	if im.opt.MinPopulation > 0 {
		f = append(f, fmt.Sprintf("populated places with population >= %d", im.opt.MinPopulation))
	}
	if im.opt.FeatureClasses != "" {
		f = append(f, "feature classes "+strings.ToUpper(im.opt.FeatureClasses))
	}
	if im.opt.Countries != nil {
		f = append(f, "countries "+strings.Join(im.opt.Countries, ","))
	}
	if im.opt.VillageFilter {
		f = append(f, "village filter (villages named by an English word or a person's name left out)")
	}
	if len(f) > 0 {
		m = append(m, "Filters: "+strings.Join(f, "; ")+".")
	}
	return append(m, "Alternate names kept: Latin script with at least one capital letter, and Arabic script; codes dropped.")
}

// WriteFile writes the index to path (through a temporary file in the
// same directory, renamed at the end) and returns the final stats. The
// importer must not be used afterwards.
func (im *Importer) WriteFile(path string) (ImportStats, error) {
	im.addAdminEntries()
	im.ib.meta = append(im.meta(), im.ib.meta...)
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		im.ib.closeSpill()
		return im.Stats(), err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		im.ib.closeSpill()
		return im.Stats(), err
	}
	nEnt, nKeys, err := im.ib.write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return im.Stats(), err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return im.Stats(), err
	}
	st, err := os.Stat(path)
	if err != nil {
		return im.Stats(), err
	}
	im.finish(nEnt, nKeys, st.Size())
	im.ib = nil
	return im.Stats(), nil
}

// bytesView returns b as a string without copying; b must not change
// while the string is in use.
func bytesView(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
