package gazetteer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"unsafe"
)

// The index format is the binary image every Gazetteer works on, whether
// it was built in memory (Builder, ReadCompact), embedded (Default) or
// memory-mapped from a file (OpenIndex). All integers are little-endian.
//
//	header (64 bytes)
//	  0  magic "EVGAZIDX"
//	  8  u32 version (1)
//	 12  u32 header size: 64 + 24 × number of sections
//	 16  u64 file size
//	 24  u32 number of sections
//	 28  u32 CRC-32C of the header and section table, this field zeroed
//	 32  u32 entry record size (68)
//	 36  u32 0
//	 40  u64 number of entries
//	 48  u64 number of keys
//	 56  u64 0
//	section table, 24 bytes a section
//	  0  u32 section id
//	  4  u32 CRC-32C of the section's bytes
//	  8  u64 offset from the start of the file (8-aligned)
//	 16  u64 length in bytes
//
// Sections (ids): 1 meta (comment lines, "\n"-separated); 2 string heap
// (strings are referred to by their u32 offset, where a uvarint length
// precedes the bytes; offset 0 is the empty string); 3 entries (fixed
// records, see entry below); 4 countries (64-byte records sorted by
// code); 5 string lists (u32 string refs: demonyms of countries); 6
// admin1 and 7 admin2 (8-byte records: code ref, name ref; sorted by
// code "CC.A1" / "CC.A1.A2"); 8 demonyms (8-byte records: key ref,
// country code ref; sorted by key); 9 postings (u32 entry indexes,
// ascending within a key); 10 key heap (the normalised keys, sorted,
// concatenated); 11 key table (number of keys + 1 records of 8 bytes: u32
// offset of the key in the key heap, u32 offset of its postings; key i
// runs to the offsets of record i+1); 12 buckets (65,537 u32: the index
// of the first key whose first two bytes, big-endian, are ≥ b, so that a
// search starts in the range of its first two bytes; indexes of fewer
// than 4,096 keys use 257 buckets on the first byte instead).
//
// Opening validates the header checksum, that every section lies inside
// the file and has a size consistent with the counts, the first and last
// records of the key table and buckets, and the checksums of the small
// sections (meta, countries, string lists, admin names, demonyms,
// buckets). It does no work per entry or per key. Every later read is
// bounds-checked, so a corrupt file gives wrong answers but never a
// crash; Verify checks everything.
const (
	indexMagic   = "EVGAZIDX"
	indexVersion = 1
	headerFixed  = 64
	sectionSize  = 24
	entrySize    = 68
	countrySize  = 64
	pairSize     = 8
	numBuckets   = 1 << 16 // two-byte buckets
	smallBuckets = 1 << 8  // one-byte buckets, for small indexes
	smallKeys    = 4096    // indexes with fewer keys use smallBuckets
)

const (
	secMeta = 1 + iota
	secStrings
	secEntries
	secCountries
	secStrList
	secAdmin1
	secAdmin2
	secDemonyms
	secPostings
	secKeyHeap
	secKeyTab
	secBuckets
	numSections = secBuckets
)

var sectionNames = [numSections + 1]string{"", "meta", "strings", "entries", "countries", "string lists", "admin1", "admin2", "demonyms", "postings", "key heap", "key table", "buckets"}

// Entry record layout (entrySize bytes).
const (
	eGeonameID   = 0  // i64
	ePopulation  = 8  // i64
	eLat         = 16 // f64
	eLon         = 24 // f64
	eName        = 32 // string refs, u32 each
	eClass       = 36
	eCode        = 40
	eCC          = 44
	eAdmin1Code  = 48
	eAdmin2Code  = 52
	eCountryName = 56
	eAdmin1Name  = 60
	eAdmin2Name  = 64
)

// Country record layout (countrySize bytes).
const (
	cCode       = 0  // string ref
	cISO3       = 4  // string ref
	cName       = 8  // string ref
	cContinent  = 12 // string ref
	cISONumeric = 16 // i32
	cDemStart   = 20 // u32 index into the string lists
	cDemCount   = 24 // u32
	cGeonameID  = 32 // i64
	cPopulation = 40 // i64
	cLat        = 48 // f64
	cLon        = 56 // f64
)

// ErrBadIndex is wrapped by every error about an invalid index file.
var ErrBadIndex = errors.New("invalid gazetteer index")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func badIndex(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrBadIndex}, args...)...)
}

func u32(b []byte, off int) uint32 { return binary.LittleEndian.Uint32(b[off:]) }
func u64(b []byte, off int) uint64 { return binary.LittleEndian.Uint64(b[off:]) }

// isIndex reports whether data starts with the index magic.
func isIndex(data []byte) bool { return bytes.HasPrefix(data, []byte(indexMagic)) }

// openImage validates an index image and returns a Gazetteer over it.
// The image is not copied. With checkSums false the header and section
// checksums are not checked (fuzzing uses that to reach the rest of the
// validation).
func openImage(data []byte, checkSums bool) (*Gazetteer, error) {
	if len(data) < headerFixed {
		if len(data) >= len(indexMagic) && !isIndex(data) {
			return nil, badIndex("not a gazetteer index (bad magic)")
		}
		return nil, badIndex("truncated: %d bytes, shorter than the %d-byte header", len(data), headerFixed)
	}
	if !isIndex(data) {
		return nil, badIndex("not a gazetteer index (bad magic)")
	}
	if v := u32(data, 8); v != indexVersion {
		return nil, badIndex("unsupported version %d (this program reads version %d)", v, indexVersion)
	}
	fileSize := u64(data, 16)
	if fileSize != uint64(len(data)) {
		if fileSize > uint64(len(data)) {
			return nil, badIndex("truncated: header says %d bytes, file has %d", fileSize, len(data))
		}
		return nil, badIndex("size mismatch: header says %d bytes, file has %d", fileSize, len(data))
	}
	ns := u32(data, 24)
	hs := u32(data, 12)
	if ns == 0 || ns > 64 || uint64(hs) != headerFixed+uint64(ns)*sectionSize || uint64(hs) > fileSize {
		return nil, badIndex("bad header: %d sections, header size %d", ns, hs)
	}
	if checkSums {
		want := u32(data, 28)
		h := crc32.Update(0, castagnoli, data[:28])
		h = crc32.Update(h, castagnoli, []byte{0, 0, 0, 0})
		h = crc32.Update(h, castagnoli, data[32:hs])
		if h != want {
			return nil, badIndex("header checksum mismatch (file corrupt)")
		}
	}
	if es := u32(data, 32); es != entrySize {
		return nil, badIndex("entry size %d, want %d", es, entrySize)
	}
	nEnt, nKeys := u64(data, 40), u64(data, 48)
	if nEnt >= 1<<31 || nKeys >= 1<<32-1 {
		return nil, badIndex("bad counts: %d entries, %d keys", nEnt, nKeys)
	}
	g := &Gazetteer{data: data, nEnt: int(nEnt), nKeys: int(nKeys)}
	var secs [numSections + 1][]byte
	var sums [numSections + 1]uint32
	for i := range int(ns) {
		t := data[headerFixed+i*sectionSize:]
		id, sum, off, n := u32(t, 0), u32(t, 4), u64(t, 8), u64(t, 16)
		if id == 0 || id > numSections {
			continue // unknown section: a later minor revision
		}
		if secs[id] != nil {
			return nil, badIndex("section %s appears twice", sectionNames[id])
		}
		if off < uint64(hs) || off > fileSize || n > fileSize-off {
			return nil, badIndex("section %s (offset %d, length %d) outside the %d-byte file", sectionNames[id], off, n, fileSize)
		}
		secs[id] = data[off : off+n : off+n]
		sums[id] = sum
	}
	for id := 1; id <= numSections; id++ {
		if secs[id] == nil {
			return nil, badIndex("section %s missing", sectionNames[id])
		}
	}
	g.meta, g.heap, g.ents = secs[secMeta], secs[secStrings], secs[secEntries]
	g.countries, g.strList = secs[secCountries], secs[secStrList]
	g.admin1, g.admin2, g.demonyms = secs[secAdmin1], secs[secAdmin2], secs[secDemonyms]
	g.post, g.keyHeap, g.keyTab, g.buckets = secs[secPostings], secs[secKeyHeap], secs[secKeyTab], secs[secBuckets]
	size := func(id int, rec uint64, count uint64) error {
		n := uint64(len(secs[id]))
		if count != ^uint64(0) && n != rec*count || n%rec != 0 {
			return badIndex("section %s has %d bytes, inconsistent with its record size %d", sectionNames[id], n, rec)
		}
		return nil
	}
	for _, c := range []struct {
		id         int
		rec, count uint64
	}{
		{secEntries, entrySize, nEnt}, {secCountries, countrySize, ^uint64(0)}, {secStrList, 4, ^uint64(0)},
		{secAdmin1, pairSize, ^uint64(0)}, {secAdmin2, pairSize, ^uint64(0)}, {secDemonyms, pairSize, ^uint64(0)},
		{secPostings, 4, ^uint64(0)}, {secKeyTab, 8, nKeys + 1}, {secBuckets, 4, ^uint64(0)},
	} {
		if err := size(c.id, c.rec, c.count); err != nil {
			return nil, err
		}
	}
	if len(g.heap) == 0 || g.heap[0] != 0 {
		return nil, badIndex("string heap does not start with the empty string")
	}
	if uint64(len(g.heap)) > 1<<32-1 || uint64(len(g.keyHeap)) > 1<<32-1 || uint64(len(g.post)/4) > 1<<32-1 {
		return nil, badIndex("section larger than 4 GiB")
	}
	if u32(g.keyTab, 0) != 0 || u32(g.keyTab, 4) != 0 ||
		uint64(u32(g.keyTab, int(nKeys)*8)) != uint64(len(g.keyHeap)) || uint64(u32(g.keyTab, int(nKeys)*8+4)) != uint64(len(g.post)/4) {
		return nil, badIndex("key table does not span the key heap and postings")
	}
	switch len(g.buckets) / 4 {
	case numBuckets + 1:
	case smallBuckets + 1:
		g.bshift = 8
	default:
		return nil, badIndex("bucket table has %d bytes", len(g.buckets))
	}
	if nb := len(g.buckets)/4 - 1; u32(g.buckets, 0) != 0 || uint64(u32(g.buckets, nb*4)) != nKeys {
		return nil, badIndex("bucket table does not span the keys")
	}
	g.nCountries = len(g.countries) / countrySize
	if checkSums {
		for _, id := range []int{secMeta, secCountries, secStrList, secAdmin1, secAdmin2, secDemonyms, secBuckets} {
			if crc32.Checksum(secs[id], castagnoli) != sums[id] {
				return nil, badIndex("section %s checksum mismatch (file corrupt)", sectionNames[id])
			}
		}
	}
	g.sums = sums
	g.countryList = sync.OnceValue(g.decodeCountries)
	g.keySamples = sync.OnceValue(g.decodeKeySamples)
	g.keyFilter = sync.OnceValue(g.decodeKeyFilter)
	g.demonymMap = sync.OnceValue(g.decodeDemonyms)
	return g, nil
}

// OpenIndex opens a gazetteer index written by WriteIndex or by
// "evident gazetteer import". The file is memory-mapped where the
// platform allows (read in full elsewhere) and used in place: opening
// checks the header and section bounds only, so it takes about the same
// time whatever the size. Strings returned by the gazetteer are copies,
// valid after Close. Call Close to release the mapping.
func OpenIndex(path string) (*Gazetteer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() < headerFixed {
		b, _ := io.ReadAll(io.LimitReader(f, headerFixed))
		_, err := openImage(b, true)
		return nil, fmt.Errorf("gazetteer: %s: %w", path, err)
	}
	if st.Size() > maxIndexSize {
		return nil, fmt.Errorf("gazetteer: %s: %w: %d bytes is too large", path, ErrBadIndex, st.Size())
	}
	data, mapped, err := mapFile(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %s: %w", path, err)
	}
	g, err := openImage(data, true)
	if err != nil {
		if mapped {
			unmapFile(data)
		}
		return nil, fmt.Errorf("gazetteer: %s: %w", path, err)
	}
	if mapped {
		g.mapping = data
		g.clone = true
	}
	return g, nil
}

// Load opens a gazetteer file of any format Evident writes, detected from
// its first bytes: a binary index (OpenIndex) or the compact text format,
// plain or gzipped (ReadCompact).
func Load(path string) (*Gazetteer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	var magic [len(indexMagic)]byte
	n, _ := io.ReadFull(f, magic[:])
	if n == len(magic) && string(magic[:]) == indexMagic {
		f.Close()
		return OpenIndex(path)
	}
	defer f.Close()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	g, err := ReadCompact(f)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %s: %w", path, err)
	}
	return g, nil
}

// Close releases a memory-mapped gazetteer (OpenIndex). Afterwards the
// gazetteer is empty: lookups find nothing. Entries and strings obtained
// before stay valid. Closing a gazetteer that is not mapped (Default,
// Builder, ReadCompact) does nothing.
func (g *Gazetteer) Close() error {
	if g.mapping == nil {
		return nil
	}
	m := g.mapping
	*g = Gazetteer{}
	return unmapFile(m)
}

// WriteIndex writes the gazetteer's binary index; OpenIndex and Load read
// it back.
func (g *Gazetteer) WriteIndex(w io.Writer) error {
	if g.data == nil {
		return errors.New("gazetteer: WriteIndex on a closed gazetteer")
	}
	_, err := w.Write(g.data)
	return err
}

// IndexSize returns the size in bytes of the gazetteer's binary index.
func (g *Gazetteer) IndexSize() int { return len(g.data) }

// Comments returns the comment lines stored with the gazetteer
// (attribution, how it was built).
func (g *Gazetteer) Comments() []string {
	if len(g.meta) == 0 {
		return nil
	}
	return strings.Split(string(g.meta), "\n")
}

// Verify checks the whole index: the checksum of every section and every
// internal reference (strings, postings, key order). It reads every page
// of the file, so OpenIndex leaves it to callers that want it.
func (g *Gazetteer) Verify() error {
	if g.data == nil {
		return errors.New("gazetteer: Verify on a closed gazetteer")
	}
	secs := [numSections + 1][]byte{secMeta: g.meta, secStrings: g.heap, secEntries: g.ents, secCountries: g.countries,
		secStrList: g.strList, secAdmin1: g.admin1, secAdmin2: g.admin2, secDemonyms: g.demonyms,
		secPostings: g.post, secKeyHeap: g.keyHeap, secKeyTab: g.keyTab, secBuckets: g.buckets}
	for id := 1; id <= numSections; id++ {
		if crc32.Checksum(secs[id], castagnoli) != g.sums[id] {
			return badIndex("section %s checksum mismatch (file corrupt)", sectionNames[id])
		}
	}
	ref := func(r uint32) error {
		if _, ok := g.strOK(r); !ok {
			return badIndex("string reference %d outside the %d-byte heap", r, len(g.heap))
		}
		return nil
	}
	for i := range g.nEnt {
		rec := g.ents[i*entrySize:]
		for off := eName; off <= eAdmin2Name; off += 4 {
			if err := ref(u32(rec, off)); err != nil {
				return fmt.Errorf("entry %d: %w", i, err)
			}
		}
	}
	nList := uint64(len(g.strList) / 4)
	for i := range g.nCountries {
		rec := g.countries[i*countrySize:]
		for off := cCode; off <= cContinent; off += 4 {
			if err := ref(u32(rec, off)); err != nil {
				return fmt.Errorf("country %d: %w", i, err)
			}
		}
		if uint64(u32(rec, cDemStart))+uint64(u32(rec, cDemCount)) > nList {
			return badIndex("country %d: demonym list outside the string lists", i)
		}
		if i > 0 && g.strView(u32(g.countries[(i-1)*countrySize:], cCode)) >= g.strView(u32(rec, cCode)) {
			return badIndex("countries not sorted")
		}
	}
	for i := range int(nList) {
		if err := ref(u32(g.strList, i*4)); err != nil {
			return err
		}
	}
	for _, t := range [][]byte{g.admin1, g.admin2, g.demonyms} {
		prev := ""
		for i := 0; i < len(t); i += pairSize {
			if err := ref(u32(t, i)); err != nil {
				return err
			}
			if err := ref(u32(t, i+4)); err != nil {
				return err
			}
			k := g.strView(u32(t, i))
			if i > 0 && prev >= k {
				return badIndex("name table not sorted at %q", k)
			}
			prev = k
		}
	}
	prevKey := ""
	for i := range g.nKeys {
		k0, k1 := u32(g.keyTab, i*8), u32(g.keyTab, i*8+8)
		p0, p1 := u32(g.keyTab, i*8+4), u32(g.keyTab, i*8+12)
		if k0 > k1 || p0 >= p1 {
			return badIndex("key %d: bad key or postings range", i)
		}
		k := g.key(i)
		if i > 0 && prevKey >= k {
			return badIndex("keys not sorted at %q", k)
		}
		if b := bucketOf(k) >> g.bshift; u32(g.buckets, int(b)*4) > uint32(i) || u32(g.buckets, int(b+1)*4) <= uint32(i) {
			return badIndex("key %q outside its bucket", k)
		}
		prevKey = k
		prev := int64(-1)
		for j := p0; j < p1; j++ {
			e := u32(g.post, int(j)*4)
			if int64(e) <= prev || int(e) >= g.nEnt {
				return badIndex("key %q: bad posting %d", k, e)
			}
			prev = int64(e)
		}
	}
	for b := range len(g.buckets)/4 - 1 {
		if u32(g.buckets, b*4) > u32(g.buckets, b*4+4) {
			return badIndex("bucket table not ascending")
		}
	}
	return nil
}

// strOK returns the bytes of string ref r and whether r is valid.
func (g *Gazetteer) strOK(r uint32) ([]byte, bool) {
	h := g.heap
	if uint64(r) >= uint64(len(h)) {
		return nil, false
	}
	if c := h[r]; c < 0x80 && uint64(c) < uint64(len(h))-uint64(r) {
		return h[r+1 : r+1+uint32(c)], true // lengths < 128: one byte
	}
	v, w := binary.Uvarint(h[r:])
	i := int(r) + w
	if w <= 0 || v > uint64(len(h)-i) {
		return nil, false
	}
	return h[i : i+int(v)], true
}

// strView returns string ref r as a string that aliases the image; it
// must not outlive the call when the image is mapped.
func (g *Gazetteer) strView(r uint32) string {
	if s, ok := heapString(g.heap, r); ok {
		return s
	}
	b, _ := g.strOK(r)
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// heapString is the fast path of str for unmapped images: a string of
// fewer than 128 bytes, as nearly all are.
func heapString(h []byte, r uint32) (string, bool) {
	if uint64(r) < uint64(len(h)) {
		if c := h[r]; c < 0x80 && c > 0 && uint64(c) < uint64(len(h))-uint64(r) {
			return unsafe.String(&h[r+1], int(c)), true
		}
	}
	return "", r == 0
}

// str returns string ref r; a copy when the image is mapped, so that it
// survives Close.
func (g *Gazetteer) str(r uint32) string {
	if s, ok := heapString(g.heap, r); ok && !g.clone {
		return s
	}
	return g.strSlow(r)
}

func (g *Gazetteer) strSlow(r uint32) string {
	b, _ := g.strOK(r)
	if len(b) == 0 {
		return ""
	}
	if g.clone {
		return string(b)
	}
	return unsafe.String(&b[0], len(b))
}

// key returns key i as a view of the image (no copy); "" when corrupt.
func (g *Gazetteer) key(i int) string {
	k0, k1 := u32(g.keyTab, i*8), u32(g.keyTab, i*8+8)
	if k0 >= k1 || uint64(k1) > uint64(len(g.keyHeap)) {
		return ""
	}
	return unsafe.String(&g.keyHeap[k0], int(k1-k0))
}

// postingsOf returns the postings of key i as raw little-endian u32s.
func (g *Gazetteer) postingsOf(i int) []byte {
	p0, p1 := uint64(u32(g.keyTab, i*8+4)), uint64(u32(g.keyTab, i*8+12))
	if p0 >= p1 || p1*4 > uint64(len(g.post)) {
		return nil
	}
	return g.post[p0*4 : p1*4]
}

// bucketOf is the bucket of a key: its first two bytes, big-endian (a
// missing second byte counts as 0), which orders like the keys.
func bucketOf(k string) uint32 {
	switch len(k) {
	case 0:
		return 0
	case 1:
		return uint32(k[0]) << 8
	}
	return uint32(k[0])<<8 | uint32(k[1])
}

// keyRange returns the range of key indexes that can hold key k (prefix
// false) or keys starting with k (prefix true).
func (g *Gazetteer) keyRange(k string, prefix bool) (lo, hi int) {
	if g.nKeys == 0 {
		return 0, 0
	}
	if len(k) == 0 && prefix {
		return 0, g.nKeys
	}
	b0 := bucketOf(k) >> g.bshift
	b1 := b0 + 1
	if len(k) == 1 && prefix && g.bshift == 0 {
		b1 = b0 + 256 // every second byte
	}
	lo, hi = int(u32(g.buckets, int(b0)*4)), int(u32(g.buckets, int(b1)*4))
	hi = min(hi, g.nKeys)
	lo = min(lo, hi)
	return lo, hi
}

// search returns the index of the first key ≥ k within k's range and
// whether it equals k.
func (g *Gazetteer) search(k string, prefix bool) (int, int, bool) {
	lo, hi := g.keyRange(k, prefix)
	end := hi
	if hi-lo > 2*sampleEvery && g.keySamples != nil {
		if ks := g.keySamples(); ks != nil {
			lo, hi = ks.narrow(k, lo, hi)
		}
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if g.key(m) < k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, end, lo < end && g.key(lo) == k
}

// sampleEvery is the spacing of the key samples (keySamples).
const sampleEvery = 16

// keySamples holds the first eight bytes of every sampleEvery-th key
// (key 0, 16, 32, ...), big-endian and zero-padded, so that they order as
// the keys do (a < b implies prefix8(a) ≤ prefix8(b)). Binary search over
// a bucket of thousands of keys reads a key table record and a key in
// another region of the image at each step, two cache misses; search
// first narrows the bucket on the samples, one compact array (a
// sixteenth of a word per key), to the keys between two samples.
type keySamples []uint64

// decodeKeySamples builds the samples, or returns nil when they are not in
// order (a corrupt index), where search keeps its plain binary search.
func (g *Gazetteer) decodeKeySamples() keySamples {
	ks := make(keySamples, 0, (g.nKeys+sampleEvery-1)/sampleEvery)
	for i := 0; i < g.nKeys; i += sampleEvery {
		p := prefix8(g.key(i))
		if len(ks) > 0 && p < ks[len(ks)-1] {
			return nil
		}
		ks = append(ks, p)
	}
	return ks
}

// prefix8 returns the first eight bytes of s as a big-endian number,
// missing bytes counting as zero.
func prefix8(s string) uint64 {
	var x uint64
	for i := range 8 {
		x <<= 8
		if i < len(s) {
			x |= uint64(s[i])
		}
	}
	return x
}

// narrow returns a part [lo', hi') of the key range [lo, hi) where the
// binary search for the first key ≥ k finds the same index as in [lo,
// hi): a sample below k's prefix is a key below k, and one above it a key
// above k.
func (ks keySamples) narrow(k string, lo, hi int) (int, int) {
	q := prefix8(k)
	j0 := (lo + sampleEvery - 1) / sampleEvery // first sample in range
	j1 := (hi-1)/sampleEvery + 1               // after the last one
	j1 = min(j1, len(ks))
	if j0 >= j1 {
		return lo, hi
	}
	s := ks[j0:j1]
	// below: the samples < q; the key after the last of them is the
	// first that may be ≥ k.
	below, _ := slices.BinarySearch(s, q)
	if below > 0 {
		lo = max(lo, (j0+below-1)*sampleEvery+1)
	}
	// The first sample > q is a key > k: the answer is at most it.
	above := len(s)
	if q < math.MaxUint64 {
		above, _ = slices.BinarySearch(s[below:], q+1)
		above += below
	}
	if above < len(s) {
		hi = min(hi, (j0+above)*sampleEvery)
	}
	return lo, hi
}
