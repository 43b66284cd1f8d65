package main

import (
	"context"
	"fmt"
	"runtime"

	"github.com/evident-org/evident/events"
	"github.com/evident-org/evident/gazetteer"
)

// VersionCmd prints version information.
type VersionCmd struct{}

// Run implements the command.
func (VersionCmd) Run(ctx context.Context, m *Main) error {
	lex, err := events.DefaultLexicon()
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "evident %s\nextractor %s\n%s %s/%s\n", Version, ExtractorVersion(lex), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if g, err := gazetteer.Default(); err == nil {
		fmt.Fprintf(m.Stdout, "gazetteer: embedded default, %d entries (GeoNames, CC BY 4.0)\n", g.Len())
	}
	return nil
}
