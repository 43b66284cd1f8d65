package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/evident-org/evident/gazetteer"
)

// GazetteerCmd groups the gazetteer tools.
type GazetteerCmd struct {
	Import GazetteerImportCmd `cmd:"" help:"Build a gazetteer index from GeoNames-format dumps."`
}

// GazetteerImportCmd builds a binary gazetteer index from GeoNames-format
// files (see docs/gazetteer.md, "Index format and full-dump import").
type GazetteerImportCmd struct {
	Paths          []string `arg:"" name:"path" help:"GeoNames 19-column dumps (allCountries.zip, CC.zip, cities500.txt.gz, Who's On First packs CC.txt.gz), plus admin1CodesASCII.txt, admin2Codes.txt and countryInfo.txt, recognised by name. Tables of the countries-states-cities database (countries.csv, states.csv) give points and nationalities. Plain, .gz or .zip. Later inputs win for a geonameid seen twice."`
	Out            string   `required:"" short:"o" help:"Index file to write (replaced atomically)." placeholder:"FILE"`
	MinPopulation  int64    `name:"min-population" help:"Skip populated places (class P) with a smaller population." default:"0" placeholder:"N"`
	FeatureClasses string   `name:"feature-classes" help:"Keep only these GeoNames feature classes, e.g. PAH or P,A,H. Default: all." placeholder:"CLASSES"`
	Countries      []string `help:"Keep only these countries (ISO alpha-2, comma-separated). Default: all." placeholder:"CC" sep:","`
	Admin1         []string `name:"admin1" help:"admin1CodesASCII-format file whose name is not recognised." placeholder:"FILE"`
	Admin2         []string `name:"admin2" help:"admin2Codes-format file whose name is not recognised." placeholder:"FILE"`
	CountryInfo    []string `name:"country-info" help:"countryInfo.txt-format file whose name is not recognised." placeholder:"FILE"`
	VillageFilter  bool     `name:"village-filter" negatable:"" default:"true" help:"Leave out villages (populated places below 1,000, not capitals or seats) named by an English word or a person's name, and index the others only under spelling variants of their name, as the default gazetteer does (--no-village-filter keeps every row)."`
	WithDefault    bool     `name:"with-default" help:"Start from the embedded default gazetteer (its countries with points and demonyms, curated features and names); input rows with the same geonameid merge into its entries."`
	Progress       string   `help:"Progress line on stderr: auto (when stderr is a terminal), always, never." enum:"auto,always,never" default:"auto"`
}

// Run implements the command.
func (c *GazetteerImportCmd) Run(ctx context.Context, m *Main) error {
	// The import keeps about 90 bytes of heap a kept row (1 GB at 12
	// million rows; entry records wait in a temporary file); a soft limit
	// keeps the collector from letting the heap grow to twice that.
	if m.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(2 << 30))
	}
	// Fail before reading gigabytes if the output cannot be written.
	if st, err := os.Stat(filepath.Dir(c.Out)); err != nil || !st.IsDir() {
		return fmt.Errorf("--out %s: directory %s does not exist", c.Out, filepath.Dir(c.Out))
	}
	start := time.Now()
	show := c.Progress == "always" || (c.Progress == "auto" && m.StderrIsTerminal)
	opt := gazetteer.ImportOptions{MinPopulation: c.MinPopulation, FeatureClasses: c.FeatureClasses, Countries: c.Countries,
		VillageFilter: c.VillageFilter, TempDir: filepath.Dir(c.Out)}
	if c.Countries != nil {
		for i, cc := range c.Countries {
			c.Countries[i] = strings.ToUpper(strings.TrimSpace(cc))
		}
	}
	if show {
		opt.Progress = func(st gazetteer.ImportStats) {
			el := time.Since(start).Seconds()
			what := fmt.Sprintf("%s: %d rows  %d kept  %d bad  %.0f rows/s", filepath.Base(st.File), st.Rows, st.Kept, st.Bad, float64(st.Rows)/el)
			if st.Phase != "" {
				what = fmt.Sprintf("%d rows read; %s", st.Rows, st.Phase)
			}
			fmt.Fprintf(m.Stderr, "\r\033[K%s  %.0f s", what, el)
		}
	}
	im := gazetteer.NewImporter(opt)
	if c.WithDefault {
		d, err := gazetteer.Default()
		if err != nil {
			return err
		}
		im.AddGazetteer("embedded default", d)
	}
	type input struct{ path, kind string }
	var inputs []input
	for _, p := range c.Paths {
		inputs = append(inputs, input{p, ""})
	}
	for _, l := range []struct {
		paths []string
		kind  string
	}{{c.Admin1, "admin1"}, {c.Admin2, "admin2"}, {c.CountryInfo, "countryinfo"}} {
		for _, p := range l.paths {
			inputs = append(inputs, input{p, l.kind})
		}
	}
	// An input that cannot be read (missing, not a gazetteer file, a
	// broken archive) is reported with its name, and the line where known,
	// and the import goes on with the others; the index is still written,
	// and the command exits with status 1.
	var failed []string
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := im.AddFile(ctx, in.path, in.kind)
		if err == nil {
			continue
		}
		if show {
			fmt.Fprint(m.Stderr, "\r\033[K")
		}
		if errors.Is(err, gazetteer.ErrNothingToImport) {
			fmt.Fprintf(m.Stderr, "skipped %v\n", err)
			continue
		}
		if ctx.Err() != nil {
			return err
		}
		fmt.Fprintf(m.Stderr, "evident: error: %v (the import goes on)\n", err)
		failed = append(failed, in.path)
	}
	if len(failed) == len(inputs) && len(inputs) > 0 && !c.WithDefault {
		return fmt.Errorf("no input could be read; %s not written", c.Out)
	}
	st, err := im.WriteFile(c.Out)
	if show {
		fmt.Fprint(m.Stderr, "\r\033[K")
	}
	if err != nil {
		return err
	}
	// Open the result: a check of what was written, and the figure users
	// care about.
	t0 := time.Now()
	g, err := gazetteer.OpenIndex(c.Out)
	if err != nil {
		return fmt.Errorf("the written index does not open: %w", err)
	}
	openTime := time.Since(t0)
	g.Close()

	fmt.Fprintf(m.Stderr, "read %d rows from %d files: %d kept, %d filtered out, %d bad (skipped)\n",
		st.Rows, st.Files, st.Kept, st.Filtered, st.Bad)
	if st.Villages > 0 {
		fmt.Fprintf(m.Stderr, "  of those filtered out, %d villages by the village filter\n", st.Villages)
	}
	for _, e := range st.FirstBad {
		fmt.Fprintf(m.Stderr, "  bad row: %v\n", e)
	}
	if n := st.Bad - int64(len(st.FirstBad)); n > 0 {
		fmt.Fprintf(m.Stderr, "  ... and %d more bad rows\n", n)
	}
	fmt.Fprintf(m.Stderr, "wrote %s: %d entries (%d rows merged by geonameid), %d keys, %d countries, %d admin1 and %d admin2 names; %s in %.1f s; opens in %s\n",
		c.Out, st.Entries, st.Merged, st.Keys, st.Countries, st.Admin1, st.Admin2, byteSize(st.Bytes), time.Since(start).Seconds(), openTime.Round(10*time.Microsecond))
	if st.AddedCountries+st.AddedAdmin1 > 0 || st.Admin1NoPoint > 0 {
		fmt.Fprintf(m.Stderr, "added %d country and %d first-level division entries with their GeoNames ids (%d admin1 codes have no point and no entry)\n",
			st.AddedCountries, st.AddedAdmin1, st.Admin1NoPoint)
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d inputs failed (the index has what was read of them before the error): %s", len(failed), len(inputs), strings.Join(failed, ", "))
	}
	return nil
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
