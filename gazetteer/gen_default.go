//go:build ignore

// Command gen_default converts the default gazetteer's compact file
// (data/default.tsv.gz) into the binary index that Default embeds
// (defaultindex/default.idx). Run it with "go generate ./gazetteer"; the
// output is deterministic.
package main

import (
	"log"
	"os"

	"github.com/evident-org/evident/gazetteer"
)

func main() {
	const in, out = "data/default.tsv.gz", "defaultindex/default.idx"
	f, err := os.Open(in)
	if err != nil {
		log.Fatal(err)
	}
	g, err := gazetteer.ReadCompact(f)
	f.Close()
	if err != nil {
		log.Fatalf("%s: %v", in, err)
	}
	if err := g.Verify(); err != nil {
		log.Fatal(err)
	}
	tmp := out + ".tmp"
	w, err := os.Create(tmp)
	if err != nil {
		log.Fatal(err)
	}
	if err := g.WriteIndex(w); err != nil {
		log.Fatal(err)
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.Rename(tmp, out); err != nil {
		log.Fatal(err)
	}
	log.Printf("%s: %d bytes, %d entries, %d keys", out, g.IndexSize(), g.Len(), g.NumKeys())
}
