package gazetteer

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/maphash"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strings"
	"unsafe"
)

// indexBuilder accumulates entries, keys and tables and writes the index
// image. Builder, ReadCompact and Importer all use it, so there is one
// writer. It is built for full-dump scale: entries are fixed records in
// chunks (no doubling copies), keys are deduplicated into a chunked arena
// through an open-addressing hash table, and every (key, entry) pair is a
// uint64 in chunks; the writer sorts the distinct keys bucket by bucket
// and merges the sorted pair chunks straight into the postings section.
type indexBuilder struct {
	heap   []byte            // string heap, as in the index
	intern map[string]uint32 // short strings already in the heap
	recs   [][]byte          // entry records, recChunk a chunk, from record spilled on
	n      int               // number of entries
	// With spillDir set, full chunks of records go to a temporary file
	// (the page cache holds them, not the heap): records [0, spilled)
	// are in spill, the others in recs[0].
	spillDir  string
	spill     *os.File
	spillName string // to remove when the platform cannot unlink an open file
	spilled   int
	keys      keySet
	pairs     [][]uint64 // key id << 32 | entry index, pairChunk a chunk
	nPairs    int

	countries      map[string]*CountryInfo
	admin1, admin2 map[string]string
	demonyms       map[string]string // normalised key -> country code
	meta           []string

	merge bool // merge entries with the same geonameid (Importer)
	// Entries [0, sticky) keep their own fields when later entries share
	// their geonameid (the embedded default under an import); the later
	// ones only add keys.
	sticky int
	phase  func(string) // optional progress hook
	merged int          // entries merged away by the last write
	err    error        // a format limit was exceeded
}

// recChunk is the number of entry records a chunk (a variable for tests).
var recChunk = 1 << 16

const (
	pairChunk    = 1 << 20
	keyChunkBits = 22
	maxKeyLen    = 1<<keyChunkBits - 16
	internMax    = 24 // strings up to this length are interned
)

var errTooLarge = errors.New("gazetteer: index too large for the format (4 GiB of strings or keys, 2^31 entries)")

func newIndexBuilder() *indexBuilder {
	return &indexBuilder{
		heap:      []byte{0},
		intern:    map[string]uint32{},
		countries: map[string]*CountryInfo{},
		admin1:    map[string]string{},
		admin2:    map[string]string{},
		demonyms:  map[string]string{},
	}
}

// addStr appends s to the string heap and returns its reference.
func (b *indexBuilder) addStr(s string) uint32 {
	if s == "" {
		return 0
	}
	off := len(b.heap)
	if uint64(off)+uint64(len(s))+binary.MaxVarintLen64 > math.MaxUint32 {
		b.err = errTooLarge
		return 0
	}
	b.heap = binary.AppendUvarint(b.heap, uint64(len(s)))
	b.heap = append(b.heap, s...)
	return uint32(off)
}

// internStr is addStr for strings that repeat (codes): short ones are
// stored once.
func (b *indexBuilder) internStr(s string) uint32 {
	if s == "" || len(s) > internMax {
		return b.addStr(s)
	}
	if r, ok := b.intern[s]; ok {
		return r
	}
	r := b.addStr(s)
	b.intern[strings.Clone(s)] = r
	return r
}

// heapStr returns string ref r of the builder's heap (a view).
func (b *indexBuilder) heapStr(r uint32) string {
	if r == 0 {
		return ""
	}
	n, w := binary.Uvarint(b.heap[r:])
	s := b.heap[int(r)+w : int(r)+w+int(n)]
	return unsafe.String(unsafe.SliceData(s), len(s))
}

// recordAt copies record i into dst.
func (b *indexBuilder) recordAt(i int, dst []byte) error {
	if i < b.spilled {
		_, err := b.spill.ReadAt(dst[:entrySize], int64(i)*entrySize)
		return err
	}
	i -= b.spilled
	c := b.recs[i/recChunk]
	o := (i % recChunk) * entrySize
	copy(dst, c[o:o+entrySize])
	return nil
}

// eachRecord calls fn with every record in order; rec is reused.
func (b *indexBuilder) eachRecord(fn func(i int, rec []byte)) error {
	if b.spilled > 0 {
		r := bufio.NewReaderSize(io.NewSectionReader(b.spill, 0, int64(b.spilled)*entrySize), 1<<20)
		var rec [entrySize]byte
		for i := range b.spilled {
			if _, err := io.ReadFull(r, rec[:]); err != nil {
				return fmt.Errorf("gazetteer: reading back entry records: %w", err)
			}
			fn(i, rec[:])
		}
	}
	for i := b.spilled; i < b.n; i++ {
		j := i - b.spilled
		c := b.recs[j/recChunk]
		o := (j % recChunk) * entrySize
		fn(i, c[o:o+entrySize:o+entrySize])
	}
	return nil
}

// spillChunk moves the full in-memory chunk to the spill file.
func (b *indexBuilder) spillChunk() {
	if b.spill == nil {
		f, err := os.CreateTemp(b.spillDir, ".evident-gazetteer-*.tmp")
		if err != nil {
			b.err = fmt.Errorf("gazetteer: temporary file for entry records: %w", err)
			return
		}
		if os.Remove(f.Name()) != nil {
			b.spillName = f.Name() // removed by closeSpill
		}
		b.spill = f
	}
	if _, err := b.spill.Write(b.recs[0]); err != nil {
		b.err = fmt.Errorf("gazetteer: temporary file for entry records: %w", err)
		return
	}
	b.spilled += len(b.recs[0]) / entrySize
	b.recs[0] = b.recs[0][:0]
}

// closeSpill closes and removes the spill file.
func (b *indexBuilder) closeSpill() {
	if b.spill != nil {
		b.spill.Close()
		if b.spillName != "" {
			os.Remove(b.spillName)
		}
		b.spill, b.spillName = nil, ""
	}
}

// addEntry appends an entry record and returns its index. The country
// and admin names are filled when the index is written.
func (b *indexBuilder) addEntry(e *Entry) int {
	if b.n >= math.MaxInt32 {
		b.err = errTooLarge
		return b.n - 1
	}
	if b.spillDir != "" && len(b.recs) == 1 && len(b.recs[0]) == recChunk*entrySize && b.err == nil {
		b.spillChunk()
	}
	if len(b.recs) == 0 || len(b.recs[len(b.recs)-1]) == recChunk*entrySize {
		capacity := recChunk * entrySize
		if len(b.recs) == 0 {
			capacity = 64 * entrySize // small builders stay small
		}
		b.recs = append(b.recs, make([]byte, 0, capacity))
	}
	c := &b.recs[len(b.recs)-1]
	var r [entrySize]byte
	le := binary.LittleEndian
	le.PutUint64(r[eGeonameID:], uint64(e.GeonameID))
	le.PutUint64(r[ePopulation:], uint64(e.Population))
	le.PutUint64(r[eLat:], math.Float64bits(e.Lat))
	le.PutUint64(r[eLon:], math.Float64bits(e.Lon))
	le.PutUint32(r[eName:], b.addStr(e.Name))
	le.PutUint32(r[eClass:], b.internStr(e.FeatureClass))
	le.PutUint32(r[eCode:], b.internStr(e.FeatureCode))
	le.PutUint32(r[eCC:], b.internStr(e.CountryCode))
	le.PutUint32(r[eAdmin1Code:], b.internStr(e.Admin1Code))
	le.PutUint32(r[eAdmin2Code:], b.internStr(e.Admin2Code))
	*c = append(*c, r[:]...)
	b.n++
	return b.n - 1
}

// addKey indexes entry id under a normalised key.
func (b *indexBuilder) addKey(id uint32, key string) {
	k, ok := b.keys.add(key)
	if !ok {
		if len(key) <= maxKeyLen {
			b.err = errTooLarge
		}
		return
	}
	p := uint64(k)<<32 | uint64(id)
	if len(b.pairs) > 0 {
		last := b.pairs[len(b.pairs)-1]
		if len(last) > 0 && last[len(last)-1] == p {
			return
		}
	}
	if len(b.pairs) == 0 || len(b.pairs[len(b.pairs)-1]) == pairChunk {
		capacity := pairChunk
		if len(b.pairs) == 0 {
			capacity = 64
		}
		b.pairs = append(b.pairs, make([]uint64, 0, capacity))
	}
	c := &b.pairs[len(b.pairs)-1]
	*c = append(*c, p)
	b.nPairs++
}

func (b *indexBuilder) setCountry(c CountryInfo) {
	c.Demonyms = slices.Clone(c.Demonyms)
	b.countries[c.Code] = &c
}

func (b *indexBuilder) addDemonymKey(k, cc string) {
	if k == "" {
		return
	}
	if _, dup := b.demonyms[k]; !dup {
		b.demonyms[k] = cc
	}
}

// buildImage writes the index into memory and opens it.
func (b *indexBuilder) buildImage() (*Gazetteer, error) {
	est := headerFixed + numSections*sectionSize + len(b.heap) + b.n*entrySize + b.nPairs*4 +
		int(b.keys.bytes) + (len(b.keys.refs)+1)*8 + 64*numSections + (smallBuckets+1)*4
	if len(b.keys.refs) >= smallKeys {
		est += (numBuckets - smallBuckets) * 4
	}
	m := &memOut{buf: make([]byte, 0, est)}
	if _, _, err := b.write(m); err != nil {
		return nil, err
	}
	return openImage(m.buf, true)
}

// indexOut is where an index is written: sequentially, then the header
// is patched at offset 0.
type indexOut interface {
	io.Writer
	io.WriterAt
}

type memOut struct{ buf []byte }

func (m *memOut) Write(p []byte) (int, error) { m.buf = append(m.buf, p...); return len(p), nil }
func (m *memOut) WriteAt(p []byte, off int64) (int, error) {
	return copy(m.buf[off:], p), nil
}

// secWriter writes sections with their checksums through a buffer.
type secWriter struct {
	out     indexOut
	off     uint64 // bytes written, buffer included
	buf     []byte
	sumFrom int // start of the bytes of buf not yet in crc
	crc     uint32
	start   uint64
	cur     int
	table   [numSections + 1]struct {
		off, n uint64
		crc    uint32
	}
	err error
}

// sum adds the buffered bytes of the current section to its checksum.
func (s *secWriter) sum() {
	if s.cur != 0 {
		s.crc = crc32.Update(s.crc, castagnoli, s.buf[s.sumFrom:])
	}
	s.sumFrom = len(s.buf)
}

func (s *secWriter) flush() {
	s.sum()
	if len(s.buf) > 0 && s.err == nil {
		_, s.err = s.out.Write(s.buf)
	}
	s.buf, s.sumFrom = s.buf[:0], 0
}

func (s *secWriter) write(p []byte) {
	s.off += uint64(len(p))
	if len(s.buf)+len(p) > cap(s.buf) {
		s.flush()
		if len(p) > cap(s.buf) {
			if s.cur != 0 {
				s.crc = crc32.Update(s.crc, castagnoli, p)
			}
			if s.err == nil {
				_, s.err = s.out.Write(p)
			}
			return
		}
	}
	s.buf = append(s.buf, p...)
}

func (s *secWriter) writeString(p string) {
	if len(s.buf)+len(p) > cap(s.buf) {
		s.write([]byte(p))
		return
	}
	s.off += uint64(len(p))
	s.buf = append(s.buf, p...)
}

func (s *secWriter) u32(v uint32) {
	if len(s.buf)+4 > cap(s.buf) {
		s.flush()
	}
	s.off += 4
	s.buf = binary.LittleEndian.AppendUint32(s.buf, v)
}

func (s *secWriter) begin(id int) {
	s.sum()
	if pad := (8 - s.off%8) % 8; pad > 0 {
		s.write(make([]byte, pad))
	}
	s.sum()
	s.cur, s.start, s.crc = id, s.off, 0
}

func (s *secWriter) end() {
	s.sum()
	t := &s.table[s.cur]
	t.off, t.n, t.crc = s.start, s.off-s.start, s.crc
	s.cur = 0
}

// write writes the index to out and returns its numbers of entries and
// keys. The builder's data is consumed.
func (b *indexBuilder) write(out indexOut) (nEnt, nKeys int, err error) {
	defer b.closeSpill()
	if b.err != nil {
		return 0, 0, b.err
	}
	phase := func(p string) {
		if b.phase != nil {
			b.phase(p)
		}
	}
	b.keys.slots = nil // no more keys
	b.intern = nil

	// Entries merged by geonameid: remap maps a raw entry to its final
	// index, from gives the record whose fields a final entry takes.
	var remap, from []uint32
	nEnt = b.n
	if b.merge {
		phase("merging by geonameid")
		if remap, from, nEnt, err = b.mergeIDs(); err != nil {
			return 0, 0, err
		}
		b.merged = b.n - nEnt
	}

	// Tables, in a fixed order so that the output is deterministic.
	type pair struct{ k, v uint32 }
	codes := slices.Sorted(maps.Keys(b.countries))
	countryName := map[string]uint32{}
	var countryRecs []byte
	var strList []uint32
	for _, cc := range codes {
		c := b.countries[cc]
		var r [countrySize]byte
		le := binary.LittleEndian
		name := b.addStr(c.Name)
		countryName[cc] = name
		le.PutUint32(r[cCode:], b.addStr(c.Code))
		le.PutUint32(r[cISO3:], b.addStr(c.ISO3))
		le.PutUint32(r[cName:], name)
		le.PutUint32(r[cContinent:], b.addStr(c.Continent))
		le.PutUint32(r[cISONumeric:], uint32(int32(c.ISONumeric)))
		le.PutUint32(r[cDemStart:], uint32(len(strList)))
		le.PutUint32(r[cDemCount:], uint32(len(c.Demonyms)))
		for _, d := range c.Demonyms {
			strList = append(strList, b.addStr(d))
		}
		le.PutUint64(r[cGeonameID:], uint64(c.GeonameID))
		le.PutUint64(r[cPopulation:], uint64(c.Population))
		le.PutUint64(r[cLat:], math.Float64bits(c.Lat))
		le.PutUint64(r[cLon:], math.Float64bits(c.Lon))
		countryRecs = append(countryRecs, r[:]...)
	}
	nameTable := func(m map[string]string) ([]pair, map[string]uint32) {
		refs := make(map[string]uint32, len(m))
		t := make([]pair, 0, len(m))
		for _, code := range slices.Sorted(maps.Keys(m)) {
			p := pair{b.addStr(code), b.addStr(m[code])}
			refs[code] = p.v
			t = append(t, p)
		}
		return t, refs
	}
	admin1, admin1Name := nameTable(b.admin1)
	admin2, admin2Name := nameTable(b.admin2)
	demonyms, _ := nameTable(b.demonyms)
	if b.err != nil {
		return 0, 0, b.err
	}
	if uint64(len(b.keys.refs)) >= math.MaxUint32 || b.keys.bytes > math.MaxUint32 || uint64(b.nPairs) >= math.MaxUint32 {
		return 0, 0, errTooLarge
	}

	s := &secWriter{out: out, buf: make([]byte, 0, 256<<10)}
	hs := headerFixed + numSections*sectionSize
	s.write(make([]byte, hs))

	s.begin(secMeta)
	s.writeString(strings.Join(b.meta, "\n"))
	s.end()

	s.begin(secStrings)
	s.write(b.heap)
	s.end()

	// Entries, with their country and admin names filled.
	phase("writing entries")
	s.begin(secEntries)
	cName := map[uint32]uint32{}
	a1Name := map[[2]uint32]uint32{}
	a2Name := map[[3]uint32]uint32{}
	var dup [entrySize]byte
	err = b.eachRecord(func(i int, rec []byte) {
		if from != nil {
			switch j := from[i]; {
			case j == math.MaxUint32:
				return // merged into an earlier entry
			case int(j) != i:
				if err := b.recordAt(int(j), dup[:]); err != nil && s.err == nil {
					s.err = err
				}
				rec = dup[:]
			}
		}
		cc, a1, a2 := u32(rec, eCC), u32(rec, eAdmin1Code), u32(rec, eAdmin2Code)
		n, ok := cName[cc]
		if !ok {
			n = countryName[b.heapStr(cc)]
			cName[cc] = n
		}
		binary.LittleEndian.PutUint32(rec[eCountryName:], n)
		n = 0
		if cc != 0 && a1 != 0 {
			if n, ok = a1Name[[2]uint32{cc, a1}]; !ok {
				n = admin1Name[b.heapStr(cc)+"."+b.heapStr(a1)]
				a1Name[[2]uint32{cc, a1}] = n
			}
		}
		binary.LittleEndian.PutUint32(rec[eAdmin1Name:], n)
		n = 0
		if cc != 0 && a1 != 0 && a2 != 0 {
			if n, ok = a2Name[[3]uint32{cc, a1, a2}]; !ok {
				n = admin2Name[b.heapStr(cc)+"."+b.heapStr(a1)+"."+b.heapStr(a2)]
				a2Name[[3]uint32{cc, a1, a2}] = n
			}
		}
		binary.LittleEndian.PutUint32(rec[eAdmin2Name:], n)
		s.write(rec)
	})
	if err != nil {
		return 0, 0, err
	}
	s.end()
	b.recs, from = nil, nil
	b.closeSpill()

	s.begin(secCountries)
	s.write(countryRecs)
	s.end()
	s.begin(secStrList)
	for _, r := range strList {
		s.u32(r)
	}
	s.end()
	for _, t := range []struct {
		id int
		t  []pair
	}{{secAdmin1, admin1}, {secAdmin2, admin2}, {secDemonyms, demonyms}} {
		s.begin(t.id)
		for _, p := range t.t {
			s.u32(p.k)
			s.u32(p.v)
		}
		s.end()
	}
	b.heap = nil

	// Keys in order; pairs become (rank, final entry), sorted and merged
	// into the postings.
	phase("sorting keys")
	order, buckets := b.keys.sort()
	nk := len(order)
	if nk < smallKeys {
		small := make([]uint32, smallBuckets+1)
		for i := range small {
			small[i] = buckets[i<<8]
		}
		buckets = small
	}
	rank := make([]uint32, nk)
	for i, id := range order {
		rank[id] = uint32(i)
	}
	phase("sorting postings")
	for _, c := range b.pairs {
		for j, p := range c {
			e := uint32(p)
			if remap != nil {
				e = remap[e]
			}
			c[j] = uint64(rank[p>>32])<<32 | uint64(e)
		}
		slices.Sort(c)
	}
	rank, remap = nil, nil
	phase("writing postings")
	postStart := make([]uint32, nk+1)
	s.begin(secPostings)
	np := uint32(0)
	mergeSorted(b.pairs, func(p uint64) {
		postStart[p>>32+1] = np + 1 // provisional: end of this key so far
		s.u32(uint32(p))
		np++
	})
	s.end()
	b.pairs = nil
	// Every key has at least one posting; postStart[i+1] is the end of
	// key i's postings.
	postStart[0] = 0

	phase("writing keys")
	s.begin(secKeyHeap)
	for _, id := range order {
		s.writeString(b.keys.at(id))
	}
	s.end()
	s.begin(secKeyTab)
	off := uint32(0)
	for i, id := range order {
		s.u32(off)
		s.u32(postStart[i])
		off += uint32(len(b.keys.at(id)))
	}
	s.u32(off)
	s.u32(np)
	s.end()
	s.begin(secBuckets)
	for _, v := range buckets {
		s.u32(v)
	}
	s.end()
	s.flush()
	if s.err != nil {
		return 0, 0, s.err
	}

	h := make([]byte, hs)
	copy(h, indexMagic)
	le := binary.LittleEndian
	le.PutUint32(h[8:], indexVersion)
	le.PutUint32(h[12:], uint32(hs))
	le.PutUint64(h[16:], s.off)
	le.PutUint32(h[24:], numSections)
	le.PutUint32(h[32:], entrySize)
	le.PutUint64(h[40:], uint64(nEnt))
	le.PutUint64(h[48:], uint64(nk))
	for id := 1; id <= numSections; id++ {
		t := h[headerFixed+(id-1)*sectionSize:]
		le.PutUint32(t[0:], uint32(id))
		le.PutUint32(t[4:], s.table[id].crc)
		le.PutUint64(t[8:], s.table[id].off)
		le.PutUint64(t[16:], s.table[id].n)
	}
	le.PutUint32(h[28:], crc32.Checksum(h, castagnoli))
	_, err = out.WriteAt(h, 0)
	return nEnt, nk, err
}

// mergeIDs finds entries sharing a geonameid (0 = none). The first
// occurrence keeps its place, the last one gives the fields (the first
// one when it is below b.sticky), and the
// others are dropped; their keys go to the kept entry. remap is nil when
// there is nothing to merge.
func (b *indexBuilder) mergeIDs() (remap, from []uint32, n int, err error) {
	type idPos struct {
		id  int64
		pos uint32
	}
	ids := make([]idPos, 0, b.n)
	err = b.eachRecord(func(r int, rec []byte) {
		if id := int64(u64(rec, eGeonameID)); id != 0 {
			ids = append(ids, idPos{id, uint32(r)})
		}
	})
	if err != nil {
		return nil, nil, 0, err
	}
	slices.SortFunc(ids, func(x, y idPos) int {
		if c := cmp.Compare(x.id, y.id); c != 0 {
			return c
		}
		return cmp.Compare(x.pos, y.pos)
	})
	dup := false
	for i := 1; i < len(ids) && !dup; i++ {
		dup = ids[i].id == ids[i-1].id
	}
	if !dup {
		return nil, nil, b.n, nil
	}
	const dropped = 1 << 31
	remap, from = make([]uint32, b.n), make([]uint32, b.n)
	for r := range from {
		from[r], remap[r] = uint32(r), uint32(r)
	}
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && ids[j].id == ids[i].id {
			j++
		}
		if j-i > 1 {
			first := ids[i].pos
			if int(first) >= b.sticky {
				from[first] = ids[j-1].pos
			}
			for k := i + 1; k < j; k++ {
				remap[ids[k].pos] = first | dropped
				from[ids[k].pos] = math.MaxUint32
			}
		}
		i = j
	}
	ids = nil
	next := uint32(0)
	for r, v := range remap {
		if v&dropped == 0 {
			remap[r] = next
			next++
		} else {
			remap[r] = remap[v&^dropped]
		}
	}
	return remap, from, int(next), nil
}

// mergeSorted calls fn for every distinct value of the sorted chunks, in
// ascending order.
func mergeSorted(chunks [][]uint64, fn func(uint64)) {
	type cur struct {
		v []uint64
	}
	h := make([]cur, 0, len(chunks))
	for _, c := range chunks {
		if len(c) > 0 {
			h = append(h, cur{c})
		}
	}
	less := func(i, j int) bool { return h[i].v[0] < h[j].v[0] }
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			m := l
			if r := l + 1; r < len(h) && less(r, l) {
				m = r
			}
			if !less(m, i) {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(i)
	}
	last, started := uint64(0), false
	for len(h) > 0 {
		v := h[0].v[0]
		if !started || v != last {
			fn(v)
			last, started = v, true
		}
		h[0].v = h[0].v[1:]
		if len(h[0].v) == 0 {
			h[0] = h[len(h)-1]
			h = h[:len(h)-1]
		}
		down(0)
	}
}

// keySet deduplicates keys: an arena of uvarint-prefixed keys in chunks
// of 4 MiB, ids in insertion order, and an open-addressing hash table
// whose slots hold the upper half of the hash and id+1.
type keySet struct {
	chunks [][]byte
	refs   []uint32 // id -> chunk << keyChunkBits | offset
	slots  []uint64
	seed   maphash.Seed
	bytes  uint64 // total length of the keys
}

func (ks *keySet) at(id uint32) string {
	r := ks.refs[id]
	c := ks.chunks[r>>keyChunkBits]
	off := int(r & (1<<keyChunkBits - 1))
	n, w := binary.Uvarint(c[off:])
	s := c[off+w : off+w+int(n)]
	return unsafe.String(unsafe.SliceData(s), len(s))
}

// add returns the id of key k, adding it if new; false if k is too long
// or the arena is full.
func (ks *keySet) add(k string) (uint32, bool) {
	if len(k) > maxKeyLen || uint64(len(ks.refs)) >= math.MaxUint32-1 {
		return 0, false
	}
	if ks.slots == nil {
		ks.seed = maphash.MakeSeed()
		ks.slots = make([]uint64, 64)
	}
	if (len(ks.refs)+1)*4 > len(ks.slots)*3 {
		ks.grow()
	}
	h := maphash.String(ks.seed, k)
	tag := h >> 32
	mask := uint64(len(ks.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := ks.slots[i]
		if s == 0 {
			id, ok := ks.push(k)
			if !ok {
				return 0, false
			}
			ks.slots[i] = tag<<32 | uint64(id+1)
			return id, true
		}
		if s>>32 == tag && ks.at(uint32(s)-1) == k {
			return uint32(s) - 1, true
		}
	}
}

func (ks *keySet) grow() {
	old := ks.slots
	ks.slots = make([]uint64, 2*len(old))
	mask := uint64(len(ks.slots) - 1)
	for _, s := range old {
		if s == 0 {
			continue
		}
		h := maphash.String(ks.seed, ks.at(uint32(s)-1))
		i := h & mask
		for ks.slots[i] != 0 {
			i = (i + 1) & mask
		}
		ks.slots[i] = s
	}
}

func (ks *keySet) push(k string) (uint32, bool) {
	need := len(k) + binary.MaxVarintLen64
	if len(ks.chunks) == 0 || len(ks.chunks[len(ks.chunks)-1])+need > 1<<keyChunkBits {
		if len(ks.chunks) == 1<<(32-keyChunkBits) {
			return 0, false
		}
		capacity := 1 << keyChunkBits
		if len(ks.chunks) == 0 {
			capacity = 1024
		}
		ks.chunks = append(ks.chunks, make([]byte, 0, capacity))
	}
	ci := len(ks.chunks) - 1
	c := &ks.chunks[ci]
	off := len(*c)
	*c = binary.AppendUvarint(*c, uint64(len(k)))
	*c = append(*c, k...)
	ks.refs = append(ks.refs, uint32(ci)<<keyChunkBits|uint32(off))
	ks.bytes += uint64(len(k))
	return uint32(len(ks.refs) - 1), true
}

// sort returns the key ids in key order and the bucket table (index of
// the first key of each bucket, plus the number of keys).
func (ks *keySet) sort() (order []uint32, buckets []uint32) {
	nk := len(ks.refs)
	buckets = make([]uint32, numBuckets+1)
	for id := range nk {
		buckets[bucketOf(ks.at(uint32(id)))+1]++
	}
	for b := 1; b <= numBuckets; b++ {
		buckets[b] += buckets[b-1]
	}
	pos := slices.Clone(buckets[:numBuckets])
	order = make([]uint32, nk)
	for id := range nk {
		b := bucketOf(ks.at(uint32(id)))
		order[pos[b]] = uint32(id)
		pos[b]++
	}
	pos = nil
	type sk struct {
		pre uint64 // bytes 2..9 of the key, zero-padded, big-endian
		id  uint32
	}
	var tmp []sk
	for b := range numBuckets {
		ids := order[buckets[b]:buckets[b+1]]
		if len(ids) < 2 {
			continue
		}
		tmp = tmp[:0]
		for _, id := range ids {
			k := ks.at(id)
			var pre uint64
			for j := 2; j < 10; j++ {
				pre <<= 8
				if j < len(k) {
					pre |= uint64(k[j])
				}
			}
			tmp = append(tmp, sk{pre, id})
		}
		slices.SortFunc(tmp, func(x, y sk) int {
			if x.pre != y.pre {
				return cmp.Compare(x.pre, y.pre)
			}
			return strings.Compare(ks.at(x.id), ks.at(y.id))
		})
		for i, t := range tmp {
			ids[i] = t.id
		}
	}
	return order, buckets
}
