package actors

// vocabTable maps folded atom keys to vocabulary ids. It is an
// open-addressing table over an FNV-1a hash computed in the same pass that
// folds a token, so the common case (a plain ASCII word) costs one scan
// and usually one probe, with no copy.
type vocabTable struct {
	mask  uint64
	slots []vslot
}

type vslot struct {
	key  string // "" marks an empty slot
	hash uint64
	id   int32
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
	v := vocabTable{mask: uint64(n - 1), slots: make([]vslot, n)}
	for k, id := range vocab {
		h := hashBytes([]byte(k))
		i := h & v.mask
		for v.slots[i].key != "" {
			i = (i + 1) & v.mask
		}
		v.slots[i] = vslot{key: k, hash: h, id: id}
	}
	return v
}

// lookupKey returns the id of an already normalised key, or -1.
func (v *vocabTable) lookupKey(key []byte) int32 {
	h := hashBytes(key)
	for i := h & v.mask; ; i = (i + 1) & v.mask {
		s := &v.slots[i]
		if s.key == "" {
			return -1
		}
		if s.hash == h && s.key == string(key) {
			return s.id
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
	for i := h & v.mask; ; i = (i + 1) & v.mask {
		sl := &v.slots[i]
		if sl.key == "" {
			return -1, true
		}
		if sl.hash == h && equalFoldASCII(sl.key, s) {
			return sl.id, true
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
