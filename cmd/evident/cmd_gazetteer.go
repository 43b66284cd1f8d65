package main

// GazetteerCmd groups the gazetteer tools. Placeholder: filled by the index work (issue 3).
type GazetteerCmd struct {
	Import GazetteerImportCmd `cmd:"" help:"Build a gazetteer index from GeoNames-format dumps."`
}

// GazetteerImportCmd builds an index. Placeholder.
type GazetteerImportCmd struct{}
