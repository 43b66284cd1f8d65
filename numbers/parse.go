package numbers

import (
	"strings"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/internal/wordscan"
)

// Match is a number phrase found in a text.
type Match struct {
	evident.Span
	// Text is the phrase as written, qualifier included: "at least 70".
	Text string
	// Number holds the value (the low end for a range), the canonical
	// qualifier and whether the quantity is vague.
	Number evident.Number
	// High is the upper end of a range ("10 to 15", "between 10 and 15",
	// "10-15", "two or three"); 0 when the phrase is not a range.
	High int64
	// Rule names the recogniser rule: number:digits, number:words,
	// number:vague or number:range.
	Rule       string
	Confidence float64
}

// Rules.
const (
	RuleDigits = "number:digits"
	RuleWords  = "number:words"
	RuleVague  = "number:vague"
	RuleRange  = "number:range"
)

// maxValue bounds every value so arithmetic never overflows.
const maxValue = 1_000_000_000_000_000

// status is the outcome of trying to read a number at a token.
type status uint8

const (
	stNone     status = iota // no number here
	stCount                  // a cardinal
	stNonCount               // a number that is not a count (date, time, code...): skip it whole
)

// num is a number read from tokens.
type num struct {
	val      int64
	end      int // index of the first token after the number
	digits   bool
	vague    bool
	scale    int64 // multiplier of a trailing scale word ("2 to 3 million")
	yearLike bool  // four bare digits in 1900..2100
	one      bool  // the bare word "one"
}

// scanner reads number phrases from the tokens of one text.
type scanner struct {
	wordscan.Seq[word]
}

// cls returns the lexicon class of token i, cNone for non-words.
func (s *scanner) cls(i int) class {
	if !s.In(i) || s.Toks[i].Kind != wordscan.Alpha {
		return cNone
	}
	return s.Toks[i].W.c
}

// wval returns the lexicon value of word token i.
func (s *scanner) wval(i int) int64 { return int64(s.Toks[i].W.val) }

func (s *scanner) kindAt(i int) wordscan.Kind {
	if !s.In(i) {
		return 0
	}
	return s.Toks[i].Kind
}

func (s *scanner) wordIs(i int, w string) bool {
	return s.In(i) && s.Toks[i].Kind == wordscan.Alpha && strings.EqualFold(s.Str(i), w)
}

// atoi parses a run of ASCII digits, failing beyond 15 digits.
func atoi(d string) (int64, bool) {
	if len(d) == 0 || len(d) > 15 {
		return 0, false
	}
	var v int64
	for i := 0; i < len(d); i++ {
		v = v*10 + int64(d[i]-'0')
	}
	return v, true
}

func mul(a, b int64) (int64, bool) {
	if a != 0 && b > maxValue/a {
		return 0, false
	}
	return a * b, true
}

// numberAt reads a number (without qualifier or range) at token i.
func (s *scanner) numberAt(i int) (num, status) {
	if !s.In(i) {
		return num{}, stNone
	}
	switch s.Toks[i].Kind {
	case wordscan.Digit:
		return s.digitsAt(i)
	case wordscan.Alpha:
		return s.wordsAt(i)
	}
	return num{}, stNone
}

func (s *scanner) digitsAt(i int) (num, status) {
	t := s.Toks[i]
	d := s.Text[t.Start:t.End]
	// Compound digit forms: times, dates, fractions.
	if s.Glued(i+1) && s.Toks[i+1].Kind == wordscan.Punct && s.Glued(i+2) && s.Toks[i+2].Kind == wordscan.Digit {
		switch p := s.Str(i + 1); p {
		case ":":
			end := i + 3
			for s.Punct(end, ":") && s.Glued(end) && s.Glued(end+1) && s.Toks[end+1].Kind == wordscan.Digit {
				end += 2
			}
			return num{end: end}, stNonCount
		case "/", ".", "-":
			if s.Punct(i+3, p) && s.Glued(i+3) && s.Glued(i+4) && s.Toks[i+4].Kind == wordscan.Digit {
				return num{end: i + 5}, stNonCount
			}
			if p == "/" {
				return num{end: i + 3}, stNonCount
			}
		}
	}
	if len(d) > 1 && d[0] == '0' {
		return num{end: i + 1}, stNonCount // "05", "0914": clock times, codes
	}
	v, ok := atoi(d)
	if !ok {
		return num{end: i + 1}, stNonCount
	}
	j := i + 1
	grouped := false
	if len(d) <= 3 {
		for s.Punct(j, ",") && s.Glued(j) && s.Glued(j+1) && s.Toks[j+1].Kind == wordscan.Digit &&
			s.Toks[j+1].End-s.Toks[j+1].Start == 3 {
			g, _ := atoi(s.Str(j + 1))
			if v > maxValue/1000 {
				return num{end: j + 2}, stNonCount
			}
			v = v*1000 + g
			j += 2
			grouped = true
		}
	}
	n := num{val: v, digits: true}
	// Decimals count only before a scale word: "1.5 million".
	if s.Punct(j, ".") && s.Glued(j) && s.Glued(j+1) && s.Toks[j+1].Kind == wordscan.Digit {
		frac := s.Str(j + 1)
		k := j + 2
		if grouped || len(frac) > 6 || s.cls(k) != cScale || !s.Toks[k].Gap {
			return num{end: k}, stNonCount
		}
		scale := s.wval(k)
		f, _ := atoi(frac)
		div := int64(1)
		for range len(frac) {
			div *= 10
		}
		whole, ok := mul(v, scale)
		if !ok {
			return num{end: k + 1}, stNonCount
		}
		n.val = whole + f*(scale/div)
		n.scale = scale
		j = k + 1
	}
	// Glued letters: ordinals, units, clock times ("21st", "20km", "5pm").
	if s.Glued(j) && s.Toks[j].Kind == wordscan.Alpha {
		return num{end: j + 1}, stNonCount
	}
	for (s.cls(j) == cScale || s.cls(j) == cHundred) && s.Toks[j].Gap {
		sc := s.wval(j)
		v2, ok := mul(n.val, sc)
		if !ok {
			return num{end: j + 1}, stNonCount
		}
		n.val = v2
		if n.scale == 0 {
			n.scale = sc
		} else {
			n.scale *= sc
		}
		j++
	}
	n.end = j
	n.yearLike = !grouped && n.scale == 0 && len(d) == 4 && v >= 1900 && v <= 2100
	return n, stCount
}

func (s *scanner) wordsAt(i int) (num, status) {
	w := s.Toks[i].W
	switch w.c {
	case cArticle:
		switch s.cls(i + 1) {
		case cHundred, cScale, cDozen:
			if s.Toks[i+1].Gap {
				return s.compound(i+1, 1)
			}
		case cFew:
			return s.vagueTimes(i+2, 3), stCount
		}
	case cSeveral:
		return s.vagueTimes(i+1, 3), stCount
	case cVague:
		n := num{val: int64(w.val), vague: true, end: i + 1}
		j := i + 1
		switch {
		case s.cls(j) == cOf && s.cls(j+1) == cVague && s.wval(j+1) > int64(w.val):
			n.val *= s.wval(j + 1) // "hundreds of thousands"
			n.end = j + 2
		case (s.cls(j) == cUpon || s.cls(j) == cAnd) && s.In(j+1) && strings.EqualFold(s.Str(j+1), s.Str(i)):
			n.end = j + 2 // "thousands upon thousands"
		}
		return n, stCount
	case cVagueOf:
		if s.cls(i+1) != cOf {
			return num{}, stNone
		}
		n := num{val: int64(w.val), vague: true, end: i + 1}
		if s.cls(i+2) == cVague {
			n.val *= s.wval(i + 2) // "tens of thousands"
			n.end = i + 3
		}
		return n, stCount
	case cUnit, cTens:
		return s.compound(i, 0)
	}
	return num{}, stNone
}

// vagueTimes reads an optional scale after "several" or "a few":
// "several hundred" is 300.
func (s *scanner) vagueTimes(j int, base int64) num {
	n := num{val: base, vague: true, end: j}
	for {
		switch s.cls(j) {
		case cHundred, cScale, cDozen:
			n.val *= s.wval(j)
			j++
			n.end = j
			continue
		}
		return n
	}
}

// compound reads spelled-out numbers: "twenty-three", "three hundred and
// fifty", "two thousand", "two dozen". cur is 1 after an article.
func (s *scanner) compound(i int, cur int64) (num, status) {
	var total int64
	last := cNone
	if cur == 1 {
		last = cArticle
	}
	j := i
	count := 0
loop:
	for s.In(j) {
		// "twenty-three": a dash glued between a tens word and a unit.
		if last == cTens && s.IsDash(j) && s.Glued(j) && s.Glued(j+1) && s.cls(j+1) == cUnit && s.wval(j+1) < 10 && s.wval(j+1) > 0 {
			cur += s.wval(j + 1)
			last = cUnit
			j += 2
			count++
			continue
		}
		if s.Toks[j].Kind != wordscan.Alpha {
			break
		}
		if count > 0 && !s.Toks[j].Gap {
			break
		}
		w := s.Toks[j].W
		switch w.c {
		case cUnit:
			switch last {
			case cNone, cHundred, cScale, cAnd:
			case cTens:
				if int64(w.val) == 0 || int64(w.val) >= 10 {
					break loop
				}
			default:
				break loop
			}
			cur += int64(w.val)
		case cTens:
			switch last {
			case cNone, cHundred, cScale, cAnd:
			default:
				break loop
			}
			cur += int64(w.val)
		case cHundred:
			if last != cUnit && last != cArticle || cur%100 == 0 && cur != 0 && last != cArticle {
				break loop
			}
			cur *= 100
		case cScale:
			if last != cUnit && last != cTens && last != cHundred && last != cArticle {
				break loop
			}
			v, ok := mul(cur, int64(w.val))
			if !ok {
				return num{end: j + 1}, stNonCount
			}
			total += v
			cur = 0
		case cDozen:
			if last != cUnit && last != cArticle {
				break loop
			}
			cur *= 12
			last = cDozen
			j++
			count++
			break loop
		case cAnd:
			if (last != cHundred && last != cScale) || (s.cls(j+1) != cUnit && s.cls(j+1) != cTens) {
				break loop
			}
		default:
			break loop
		}
		last = w.c
		j++
		count++
	}
	if last == cAnd {
		j--
	}
	if count == 0 || (last == cArticle) {
		return num{}, stNone
	}
	n := num{val: total + cur, end: j}
	n.one = j == i+1 && n.val == 1 && s.cls(i) == cUnit
	return n, stCount
}

// qualifierAt matches a qualifier phrase at i and returns its canonical
// form and the index after it.
func (s *scanner) qualifierAt(i int) (string, int) {
	if !s.In(i) || s.Toks[i].Kind != wordscan.Alpha || s.Toks[i].W.q == 0 {
		return "", i
	}
	first := int(s.Toks[i].W.q) - 1
next:
	for _, q := range qualifiers[first:] {
		if !strings.EqualFold(q.words[0], s.Str(i)) {
			break
		}
		for k := 1; k < len(q.words); k++ {
			if !s.wordIs(i+k, q.words[k]) {
				continue next
			}
		}
		return q.canon, i + len(q.words)
	}
	return "", i
}

// found is one recognised phrase, in token indices.
type found struct {
	start, end int // tokens [start, end)
	n          num
	high       int64
	qual       string
}

// matchAt tries to read a number phrase starting at token i. It returns the
// phrase, the index to continue scanning from and whether a count was found.
func (s *scanner) matchAt(i int) (found, int, bool) {
	if t := &s.Toks[i]; t.Kind == wordscan.Punct || t.Kind == wordscan.Alpha && t.W.c == cNone && t.W.q == 0 {
		return found{}, i + 1, false // fast path: most tokens start nothing
	}
	qual, j := s.qualifierAt(i)
	between := false
	if qual == "" && s.wordIs(i, "between") {
		between, j = true, i+1
	}
	n, st := s.numberAt(j)
	switch st {
	case stNone:
		return found{}, i + 1, false
	case stNonCount:
		return found{}, max(n.end, i+1), false
	}
	f := found{start: i, end: n.end, n: n, qual: qual}
	if between {
		f.start = j
		if s.cls(n.end) == cAnd {
			if n2, st2 := s.numberAt(n.end + 1); st2 == stCount && !n2.yearLike && n2.val > n.val {
				f.start, f.end, f.high = i, n2.end, s.rangeHigh(&f.n, n2)
			}
		}
	} else if n.digits && s.IsDash(n.end) && s.Glued(n.end) && s.Glued(n.end+1) && s.kindAt(n.end+1) == wordscan.Digit {
		n2, st2 := s.digitsAt(n.end + 1)
		if st2 != stCount || n.yearLike || n2.yearLike || n2.val <= n.val {
			return found{}, max(n2.end, n.end+2), false // scores, year spans, codes
		}
		f.end, f.high = n2.end, s.rangeHigh(&f.n, n2)
	} else if c := s.cls(n.end); (c == cTo || c == cOr) && !n.vague && !n.yearLike {
		if n2, st2 := s.numberAt(n.end + 1); st2 == stCount && !n2.vague && !n2.yearLike && n2.val > n.val && n2.digits == n.digits {
			f.end, f.high = n2.end, s.rangeHigh(&f.n, n2)
		}
	}
	if s.nonCount(j, f.end, f.n) {
		return found{}, f.end, false
	}
	return f, f.end, true
}

// rangeHigh returns the high end of a range and scales the low end when
// the scale word comes only once: "2 to 3 million".
func (s *scanner) rangeHigh(lo *num, hi num) int64 {
	if hi.scale > 1 && lo.scale == 0 {
		if v, ok := mul(lo.val, hi.scale); ok && v < hi.val {
			lo.val = v
		}
	}
	return hi.val
}

// nonCount reports whether the number in tokens [j, end) is a year, date,
// time, percentage, money, measure, identifier or pronoun rather than a
// count.
func (s *scanner) nonCount(j, end int, n num) bool {
	if p := j - 1; s.In(p) {
		pt := s.Toks[p]
		if !s.Toks[j].Gap {
			if pt.Kind == wordscan.Alpha {
				return true // "F16", "A330"
			}
			switch s.Str(p) {
			case "$", "£", "€", "¥", "#", "+", "№":
				return true
			}
			if s.IsDash(p) && !pt.Gap && s.kindAt(p-1) == wordscan.Alpha {
				return true // "F-16", "Su-24", "mid-2014"
			}
		}
		switch s.cls(p) {
		case cMonth, cAged, cCurrency:
			return true
		case cIdent:
			if n.digits {
				return true
			}
		case cYearPrep:
			if n.yearLike {
				return true
			}
		case cDet:
			if n.one {
				return true
			}
		}
		if n.one && s.wordIs(p, "no") {
			return true
		}
		if (s.Punct(p, ".") || s.Punct(p, ",") || s.cls(p) == cOf) && s.cls(p-1) == cMonth {
			return true // "Jan. 31", "January 31, 2017", "of May 2017"
		}
	}
	if s.In(end) {
		t := s.Toks[end]
		switch t.Kind {
		case wordscan.Punct:
			switch s.Str(end) {
			case "%", "\u066a":
				return true
			}
			if s.IsDash(end) && s.Glued(end) && s.Glued(end+1) && s.kindAt(end+1) == wordscan.Alpha {
				return true // "12-year-old", "three-day"
			}
			if s.Punct(end, ",") && s.cls(end+1) == cMonth {
				return true
			}
		case wordscan.Alpha:
			switch t.W.c {
			case cMonth, cMeasure, cCurrency, cPercent, cTime:
				return true
			case cPer:
				if s.wordIs(end+1, "cent") {
					return true
				}
			case cOf:
				if s.cls(end+1) == cMonth {
					return true
				}
			case cAnother:
				if n.one {
					return true
				}
			}
			// "a.m.", "p.m."
			if (s.wordIs(end, "a") || s.wordIs(end, "p")) && s.Punct(end+1, ".") && s.Glued(end+1) && s.wordIs(end+2, "m") && s.Glued(end+2) {
				return true
			}
		}
	}
	if n.yearLike && !s.pluralAt(end) {
		return true
	}
	return false
}

// pluralAt reports whether token i looks like a plural count noun.
func (s *scanner) pluralAt(i int) bool {
	if !s.In(i) || s.Toks[i].Kind != wordscan.Alpha {
		return false
	}
	if s.Toks[i].W.c == cPlural {
		return true
	}
	w := s.Str(i)
	return len(w) > 3 && (w[len(w)-1] == 's' || w[len(w)-1] == 'S') && w[len(w)-2] != 's' && w[len(w)-2] != 'S'
}

// scan appends every number phrase of text, with offsets shifted by base.
func scan(text string, toks []tok, base int, out []Match) []Match {
	s := scanner{Seq: wordscan.Seq[word]{Text: text, Toks: toks}}
	for i := 0; i < len(toks); {
		f, next, ok := s.matchAt(i)
		if ok {
			out = append(out, s.match(f, base))
		}
		i = next
	}
	return out
}

func (s *scanner) match(f found, base int) Match {
	start, end := int(s.Toks[f.start].Start), int(s.Toks[f.end-1].End)
	m := Match{
		Span:   evident.Span{Start: base + start, End: base + end},
		Text:   s.Text[start:end],
		Number: evident.Number{Value: f.n.val, Qualifier: f.qual, Vague: f.n.vague},
		High:   f.high,
	}
	switch {
	case f.high > 0:
		m.Rule, m.Confidence = RuleRange, 0.9
	case f.n.vague:
		m.Rule, m.Confidence = RuleVague, 0.7
	case f.n.digits:
		m.Rule, m.Confidence = RuleDigits, 0.95
	case f.n.one:
		m.Rule, m.Confidence = RuleWords, 0.6
	default:
		m.Rule, m.Confidence = RuleWords, 0.9
	}
	return m
}

// Find returns every number phrase in text that reads as a count, in text
// order, with byte offsets into text.
func Find(text string) []Match {
	toks := tokenize(text, make([]tok, 0, len(text)/5+1))
	return scan(text, toks, 0, nil)
}

// parseOne reads s as exactly one number phrase, ignoring surrounding
// spaces and trailing punctuation.
func parseOne(s string) (Match, bool) {
	var buf [24]tok
	toks := tokenize(s, buf[:0])
	toks = wordscan.TrimFinalPunct(s, toks)
	if len(toks) == 0 {
		return Match{}, false
	}
	sc := scanner{Seq: wordscan.Seq[word]{Text: s, Toks: toks}}
	f, _, ok := sc.matchAt(0)
	if !ok || f.start != 0 || f.end != len(toks) {
		return Match{}, false
	}
	return sc.match(f, 0), true
}

// Parse reads s as one cardinal phrase: digits ("1,200", "1.5 million"),
// number words ("twenty-three", "three hundred", "a dozen"), vague
// quantities ("dozens", "hundreds of thousands", "several") and a leading
// qualifier ("at least 70"). A range ("10 to 15") parses to its low end;
// see Range. Years, times, dates, ordinals, percentages, money and
// measures ("five years") are not cardinals and return false.
func Parse(s string) (evident.Number, bool) {
	m, ok := parseOne(s)
	return m.Number, ok
}

// Range reads s as a range phrase ("10 to 15", "between 10 and 15",
// "10-15", "two or three") and returns its ends. ok is false when s is not
// a number phrase or not a range.
//
// evident.Number has no field for the high end, so the numbers stage keeps
// it in the mention's text; Range(m.Text) recovers it.
func Range(s string) (low, high int64, ok bool) {
	m, ok := parseOne(s)
	if !ok || m.High == 0 {
		return 0, 0, false
	}
	return m.Number.Value, m.High, true
}
