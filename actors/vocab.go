package actors

// vocabTable maps folded atom keys to vocabulary ids. It is an
// open-addressing table over an FNV-1a hash computed in the same pass that
// folds a token, so the common case (a plain ASCII word) costs one scan
// and usually one probe, with no copy. Slots are 8 bytes (the hash's high
// half and the id) so that the table stays small in cache; keys are
// compared only when the hashes agree.
type vocabTable struct {
	mask  uint64
	slots []vslot
	keys  []string // by id
}

type vslot struct {
	hash uint32 // high half of the key's hash
	id1  int32  // id + 1; 0 marks an empty slot
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashBytes(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

func newVocabTable(vocab map[string]int32) vocabTable {
	n := 16
	for n < 4*len(vocab) {
		n *= 2
	}
	v := vocabTable{mask: uint64(n - 1), slots: make([]vslot, n), keys: make([]string, len(vocab))}
	for k, id := range vocab {
		v.keys[id] = k
		h := hashBytes([]byte(k))
		i := h & v.mask
		for v.slots[i].id1 != 0 {
			i = (i + 1) & v.mask
		}
		v.slots[i] = vslot{hash: uint32(h >> 32), id1: id + 1}
	}
	return v
}

// lookupKey returns the id of an already normalised key, or -1.
func (v *vocabTable) lookupKey(key []byte) int32 {
	h := hashBytes(key)
	hi := uint32(h >> 32)
	for i := h & v.mask; ; i = (i + 1) & v.mask {
		s := v.slots[i]
		if s.id1 == 0 {
			return -1
		}
		if s.hash == hi && v.keys[s.id1-1] == string(key) {
			return s.id1 - 1
		}
	}
}

// lookupPlain returns the id of token text s and true when s is a plain
// ASCII word (letters and digits only), whose key is s lower-cased; it
// returns false for anything else, which needs the general path.
func (v *vocabTable) lookupPlain(s string) (int32, bool) {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		default:
			return -1, false
		}
		h = (h ^ uint64(c)) * fnvPrime
	}
	hi := uint32(h >> 32)
	for i := h & v.mask; ; i = (i + 1) & v.mask {
		sl := v.slots[i]
		if sl.id1 == 0 {
			return -1, true
		}
		if sl.hash == hi && equalFoldASCII(v.keys[sl.id1-1], s) {
			return sl.id1 - 1, true
		}
	}
}

// equalFoldASCII reports whether s lower-cased (ASCII only) equals key.
func equalFoldASCII(key, s string) bool {
	if len(key) != len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != key[i] {
			return false
		}
	}
	return true
}
