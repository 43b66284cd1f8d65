package main

// EvalCmd groups the scorers. Placeholder: filled by the eval work (issue 3).
type EvalCmd struct {
	Geoparse EvalGeoparseCmd `cmd:"" help:"Score the geoparser against GeoWebNews, TR-News or LGL."`
}

// EvalGeoparseCmd scores the geoparser. Placeholder.
type EvalGeoparseCmd struct{}
