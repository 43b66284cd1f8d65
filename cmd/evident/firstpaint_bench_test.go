package main

import (
	"context"
	"net/http/httptest"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	evhttp "github.com/evident-org/evident/http"
	"github.com/evident-org/evident/sqlite"
)

// BenchmarkFirstPaint opens the index page in headless Chromium, over
// loopback, against the database EVIDENT_BENCH_DB (build one of 100,000
// synthetic events with EVIDENT_BENCH_EVENTS=100000
// EVIDENT_BENCH_DB=/tmp/b100k.db go test ./http -run x -bench
// BenchmarkAPI/map -benchtime 1x), and reports the time until the map
// shows its events and the list its first page (p50-ms, max-ms). A fresh
// tab each time, so the page and its assets load as on a first visit; the
// browser's HTTP cache is disabled. Skips without EVIDENT_BENCH_DB.
func BenchmarkFirstPaint(b *testing.B) {
	path := os.Getenv("EVIDENT_BENCH_DB")
	if path == "" {
		b.Skip("set EVIDENT_BENCH_DB to a database (see the doc comment)")
	}
	if _, err := os.Stat(chromium); err != nil {
		b.Skip("no " + chromium)
	}
	st, err := sqlite.Open(b.Context(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	_, n, err := st.Counts(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	srv, err := evhttp.NewServer(evhttp.Config{}, evhttp.Options{Store: st, Version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(b.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disk-cache-size", "1"), chromedp.WindowSize(1366, 800))
	actx, cancel := chromedp.NewExecAllocator(b.Context(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[int](`1`)); err != nil { // start the browser
		b.Fatal(err)
	}
	painted := `(s => s && s.dataset.total > 0)(document.getElementById('map-status')) && document.querySelectorAll('#events > li').length > 0`
	var took []time.Duration
	b.ResetTimer()
	for range b.N {
		tctx, cancel := chromedp.NewContext(bctx) // a new tab
		tctx, cancel2 := context.WithTimeout(tctx, 30*time.Second)
		start := time.Now()
		err := chromedp.Do(tctx, chromedp.Navigate(ts.URL+"/"), chromedp.Poll[chromedp.Void](painted, chromedp.WithPollingInterval(5*time.Millisecond)))
		took = append(took, time.Since(start))
		cancel2()
		cancel()
		if err != nil {
			b.Fatalf("first paint: %v", err)
		}
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "max-ms")
	b.Logf("%d events in %s", n, path)
}
