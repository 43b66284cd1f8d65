// Package source reads inputs into *evident.Document values: plain text
// files, HTML pages (files or http(s) URLs, article extraction with
// go-readability), JSON Lines corpora, RSS/Atom feeds, whole directories and
// standard input.
//
// # Entry point
//
// [Read] takes a path, a directory, an http(s) URL or "-" (stdin) and returns
// an iterator of [Item]s. Each item holds either a document or an
// *evident.Error naming the input (file, file:line, URL, feed#itemN), so one
// bad file or line never stops a run. The single-format readers [ReadText],
// [ReadHTML], [ReadJSONL] and [ReadFeed] work on any io.Reader.
//
// # Formats
//
//   - text (.txt, .text, .md): the file's bytes are the Text (a UTF-8 BOM is
//     dropped, a UTF-16 BOM is decoded). Title is left empty.
//   - html (.html, .htm, .xhtml, text/html URLs): the article body is extracted with
//     go-readability and rendered as plain text, paragraphs separated by a
//     blank line. Title, outlet (og:site_name, else the URL's host) and the
//     publication date come from the page metadata. A charset declared in
//     the Content-Type header or a <meta> tag is honoured; otherwise the page
//     must be UTF-8.
//   - jsonl (.jsonl, .ndjson): one object per line with the fields id, url,
//     outlet, title, published and text; other fields are ignored and null
//     counts as absent. Input is "path:LINE". Lines are streamed.
//   - feed (.xml, .rss, .atom, RSS/Atom/JSON Feed URLs): each item becomes a document
//     whose text is the item's content (else description) converted from
//     HTML. Item links are not fetched unless Options.FetchItems is set.
//
// Directories are walked recursively in lexical order, hidden files and
// directories (name starting with ".") are skipped, and the reader is chosen
// by extension; other files, and stdin, are sniffed: JSON Lines when the
// first non-space byte is "{", a feed when it is an <rss>/<feed>/<rdf:RDF>
// document, HTML when it looks like HTML, else text. Symbolic links to files
// are followed, links to directories are not.
//
// Every Text must be non-empty, valid UTF-8 (invalid input is rejected with
// the byte offset of the first bad sequence, never repaired) and free of NUL
// bytes. Inputs larger than Options.MaxBytes are rejected with ETOOLARGE
// without being read; for JSON Lines the limit applies to each line.
//
// # Document ids
//
//   - text and html files: the file name without its extension
//     ("bbc-mosul-from-the-sky.txt" -> "bbc-mosul-from-the-sky"). Files with
//     the same name in different directories share an id.
//   - jsonl: the id field (a string, or a number's literal), else
//     evident.HashID(text).
//   - URLs: "url-" plus the first 16 hex digits of the SHA-256 of the
//     normalised page URL (see [URLID]): the page's canonical URL when it is
//     on the same host and not the site root, else the URL after redirects.
//     The id stays the same when the page is edited, so re-fetching updates
//     the stored document.
//   - feed items: [URLID] of the item link (so an item and its fetched page
//     share an id), else "guid-" plus a hash of the GUID, else
//     evident.HashID(text).
//   - stdin text and html: evident.HashID(text).
//
// # Dates
//
// Published is the calendar day written in the metadata, as midnight UTC
// (a time of day and zone offset are ignored, so "2017-04-05T23:30-05:00"
// is 5 April), with PublishedFrom "metadata". [ParseDate] implements this
// for ISO 8601, RFC 1123/822/850 and common English forms; a date it cannot
// parse leaves Published zero and does not reject the document.
package source
