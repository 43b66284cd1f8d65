package postgres

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgtype"
	"golang.org/x/text/unicode/norm"
)

// Full-text search without a text search configuration or an extension
// (unaccent is one): the store tokenises text itself, as SQLite's FTS5
// unicode61 tokenizer with remove_diacritics does, stores the tokens with
// their positions as a tsvector (events.search, GIN-indexed), and turns a
// query into a tsquery of the same tokens. So both stores match the same
// words: case- and diacritic-insensitive whole tokens, a trailing * a
// prefix, a word of several tokens ("al-bab") a phrase, every word
// required.

// maxLexeme is PostgreSQL's limit on a lexeme's length in bytes (2 KiB
// minus one); longer tokens are left out of the index.
const maxLexeme = 2046

// maxPos is the largest tsvector position; later tokens share it.
const maxPos = 16383

// columnGap separates the positions of the indexed columns (actors,
// place, body), so that a phrase never spans two of them, as in FTS5.
const columnGap = 100

// tokens splits s into lower-case tokens without diacritics: runs of
// letters and digits (combining marks are dropped after canonical
// decomposition, so "Sarāqib" is "saraqib").
func tokens(s string) []string {
	s = norm.NFD.String(s)
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 && b.Len() <= maxLexeme {
			out = append(out, b.String())
		}
		b.Reset()
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a diacritic: dropped, inside a token or not
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsNumber(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	for i, t := range out {
		if !norm.NFC.IsNormalString(t) {
			out[i] = norm.NFC.String(t)
		}
	}
	return out
}

// searchVector is the tsvector of an event's columns: actors, place and
// body (notes and evidence), each a list of texts.
func searchVector(columns ...[]string) pgtype.TSVector {
	pos := map[string][]pgtype.TSVectorPosition{}
	var order []string
	p := 0
	for i, col := range columns {
		if i > 0 {
			p += columnGap
		}
		for _, text := range col {
			for _, t := range tokens(text) {
				p++
				if _, ok := pos[t]; !ok {
					order = append(order, t)
				}
				pos[t] = append(pos[t], pgtype.TSVectorPosition{Position: uint16(min(p, maxPos))})
			}
		}
	}
	v := pgtype.TSVector{Valid: true, Lexemes: make([]pgtype.TSVectorLexeme, 0, len(order))}
	for _, t := range order {
		ps := pos[t]
		if len(ps) > 256 { // PostgreSQL keeps at most 256 positions a lexeme
			ps = ps[:256]
		}
		// Positions at maxPos repeat; the server wants them unique.
		uniq := ps[:0:0]
		for _, x := range ps {
			if n := len(uniq); n == 0 || uniq[n-1].Position != x.Position {
				uniq = append(uniq, x)
			}
		}
		v.Lexemes = append(v.Lexemes, pgtype.TSVectorLexeme{Word: t, Positions: uniq})
	}
	return v
}

// searchQuery turns a user's words into a tsquery (text form): every word
// must match; a word of several tokens is a phrase; a word ending in *
// matches its last token as a prefix. Operators and quotes are plain
// words, so no input is a syntax error. ok is false when the text has
// words but none has a token: such a query matches nothing. q is "" when
// text has no words (no constraint).
func searchQuery(text string) (q string, ok bool) {
	var parts []string
	words := strings.Fields(text)
	for _, w := range words {
		prefix := strings.HasSuffix(w, "*")
		ts := tokens(strings.Trim(w, "*"))
		if len(ts) == 0 {
			continue
		}
		for i, t := range ts {
			ts[i] = quoteLexeme(t)
		}
		if prefix {
			ts[len(ts)-1] += ":*"
		}
		phrase := strings.Join(ts, " <-> ")
		if len(ts) > 1 {
			phrase = "(" + phrase + ")"
		}
		parts = append(parts, phrase)
	}
	if len(parts) == 0 {
		return "", len(words) == 0
	}
	return strings.Join(parts, " & "), true
}

// quoteLexeme quotes t for a tsquery's text form.
func quoteLexeme(t string) string {
	if !utf8.ValidString(t) {
		t = strings.ToValidUTF8(t, "")
	}
	t = strings.ReplaceAll(t, `\`, `\\`)
	return "'" + strings.ReplaceAll(t, "'", "''") + "'"
}
