// Package evident is the vocabulary of Evident: the domain types that flow
// through the pipeline (Document, Sentence, Token, Mention, Place, Actor,
// Event, Casualties, Evidence), the small interfaces that stages and stores
// implement, and the error codes. It does no I/O; adapters live in
// subpackages (source/, sqlite/, export/) and wiring lives in cmd/evident.
package evident

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Span is a half-open byte range [Start, End) into a document's Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len returns the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether o lies inside s.
func (s Span) Contains(o Span) bool { return o.Start >= s.Start && o.End <= s.End }

// Overlaps reports whether the spans share at least one byte.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Document is one article, press release or feed item, after reading and
// normalisation. Every span anywhere in Evident points into Text.
type Document struct {
	// ID is stable across runs: the input's own id (JSONL id, file name
	// without extension), else "sha256-" plus a prefix of ContentHash.
	ID     string `json:"id"`
	URL    string `json:"url,omitempty"`
	Outlet string `json:"outlet,omitempty"`
	Title  string `json:"title,omitempty"`
	// Published is the publication date; zero when unknown.
	Published time.Time `json:"published,omitzero"`
	// PublishedFrom says where Published came from: "metadata", "text"
	// (a dateline or "date 2017-01-31" inside the text), or "" when unknown.
	PublishedFrom string `json:"published_from,omitempty"`
	// PublishedSpan is the evidence for Published when PublishedFrom is "text".
	PublishedSpan *Span `json:"published_span,omitempty"`
	// Text is the normalised body. All offsets refer to it.
	Text string `json:"text"`
	// Input names where the document came from (path, path:line, URL, "-").
	Input string `json:"input,omitempty"`
	// Format is the input format: text, html, jsonl, feed.
	Format string `json:"format,omitempty"`
	// ContentHash is the hex SHA-256 of Text; re-ingesting the same
	// content is detected with it.
	ContentHash string `json:"content_hash"`
}

// HashText returns the hex SHA-256 of text, used as Document.ContentHash.
func HashText(text string) string {
	h := sha256.Sum256([]byte(text))
	return hex.EncodeToString(h[:])
}

// HashID returns the fallback document id for text that has no id of its own.
func HashID(text string) string { return "sha256-" + HashText(text)[:16] }

// Token is a word, number or punctuation mark with its byte offsets.
type Token struct {
	Span
	Text string `json:"text"`
}

// Sentence is a sentence with its byte offsets and its tokens.
type Sentence struct {
	Span
	Tokens []Token `json:"tokens"`
}
