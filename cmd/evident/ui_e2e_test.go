package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/fuse"
	evhttp "github.com/evident-org/evident/http"
	"github.com/evident-org/evident/source"
	"github.com/evident-org/evident/sqlite"
)

// chromium is Debian's browser, which .ci/run installs.
const chromium = "/usr/bin/chromium"

// demoServer serves the two embedded seed articles, ingested and fused
// into incidents as `evident demo` does, from a scratch SQLite database.
func demoServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "e2e.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	pipe, err := newPipeline(pipelineConfig{})
	if err != nil {
		t.Fatal(err)
	}
	entries, err := seedFS.ReadDir("seeds")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := seedFS.ReadFile(path.Join("seeds", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := source.ReadText(bytes.NewReader(b), e.Name(), source.Options{})
		if err != nil {
			t.Fatal(err)
		}
		a, err := pipe.Run(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.PutDocument(ctx, a.Doc, a.Events); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := fuse.Update(ctx, st); err != nil {
		t.Fatal(err)
	}
	srv, err := evhttp.NewServer(evhttp.Config{}, evhttp.Options{Store: st, Extractor: pipe, Version: "e2e"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// bombingServer serves one incident the demo lacks: a car bombing in
// Azaz told by three outlets whose tolls disagree and rise over three
// days, fused, with an analyst's split of a fourth report (the overrides
// and versions of its history).
func bombingServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "bombing.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	put := func(doc, outlet string, day, killed int) string {
		text := fmt.Sprintf("Azaz, %d March 2016 (%s). A car bomb killed %d people in Azaz on Monday, officials said.", day, outlet, killed)
		n := strings.Index(text, strconv.Itoa(killed)+" people")
		ev := evident.Event{ID: "ev-" + doc, DocID: doc, EventDate: "2016-03-14", TimePrecision: 1, EventType: "Explosions/Remote violence",
			SubEventType: "Remote explosive/landmine/IED", DisorderType: "Political violence", Modality: "asserted", Source: outlet,
			Location:   evident.Location{Country: "Syria", CountryCode: "SY", Admin1: "Aleppo", Location: "Azaz", Latitude: 36.58, Longitude: 37.04, GeoPrecision: 1},
			Casualties: evident.Casualties{Fatalities: killed, FatalitiesLow: killed, FatalitiesHigh: killed},
			Evidence:   []evident.Evidence{{Start: 0, End: len(text), Text: text}},
			Fields:     []evident.FieldEvidence{{Field: "fatalities", Value: strconv.Itoa(killed), Start: n, End: n + len(strconv.Itoa(killed)), Rule: "e2e fixture"}}}
		d := &evident.Document{ID: doc, Title: "Car bomb in Azaz", Text: text, Outlet: outlet, Published: time.Date(2016, 3, day, 0, 0, 0, 0, time.UTC), PublishedFrom: "metadata"}
		if _, err := st.PutDocument(ctx, d, []evident.Event{ev}); err != nil {
			t.Fatal(err)
		}
		return ev.ID
	}
	first := put("d-reuters", "Reuters", 14, 20)
	put("d-sana", "SANA", 14, 35)
	put("d-afp", "AFP", 15, 22)
	other := put("d-ap", "AP", 16, 24)
	if _, err := fuse.Update(ctx, st); err != nil {
		t.Fatal(err)
	}
	ev, err := st.Event(ctx, first)
	if err != nil || ev.IncidentID == "" {
		t.Fatalf("the bombing was not fused: %v", err)
	}
	if _, err := fuse.Split(ctx, st, ev.IncidentID, other, evident.IncidentOverride{By: "alice", Note: "AP's toll is of another bombing"}); err != nil {
		t.Fatal(err)
	}
	srv, err := evhttp.NewServer(evhttp.Config{}, evhttp.Options{Store: st, Version: "e2e"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, "/incidents/" + ev.IncidentID
}

// TestUIEndToEnd drives the web UI in headless Chromium over the demo
// data: the index shows incidents by default and switches to reports from
// the keyboard; the map shows markers, an event-type filter and a brushed
// date range narrow the map and the list and land in the URL; an
// incident's page draws its toll chart and history and links a claim to
// its highlighted evidence; and an event's page highlights its evidence. It saves full-page screenshots on a laptop
// and a phone viewport to $EVIDENT_SCREENSHOTS (default: a temporary
// directory).
func TestUIEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test; skipped with -short")
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no " + chromium + " (apt-get install chromium)")
	}
	shots := os.Getenv("EVIDENT_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	ts := demoServer(t)
	bomb, incPath := bombingServer(t)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		// Without these Chromium reaches for Google's servers, which a
		// closed network refuses, and hangs.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1366, 800),
	)
	actx, cancel := chromedp.NewExecAllocator(t.Context(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 180*time.Second)
	defer cancel()

	// Every console error and uncaught exception fails the test (CSP
	// violations and failed requests among them).
	var (
		mu       sync.Mutex
		problems []string
	)
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			// The bad-country step's 400 is expected.
			expected := m.Source == "network" && strings.Contains(m.Text, "400")
			if (m.Type == chromedp.ConsoleError || m.IsException()) && !expected {
				mu.Lock()
				problems = append(problems, m.String())
				mu.Unlock()
			}
		}
	}()

	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			// A picture of the failure, when the browser still answers.
			sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			if png, serr := chromedp.Run(sctx, chromedp.FullScreenshot(100)); serr == nil {
				_ = os.WriteFile(filepath.Join(shots, "failed.png"), png, 0o644)
			}
			cancel()
			t.Fatalf("%s: %v", name, err)
		}
	}
	evalInt := func(expr string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return n
	}
	poll := func(what, expr string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			deadline := time.Now().Add(15 * time.Second)
			for {
				_, err := chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(time.Until(deadline)))(ctx, tg)
				// A navigation replaces the page the poll ran in ("Cannot find
				// context", "Inspected target navigated or closed", both
				// -32000): poll the new one.
				if err != nil && time.Now().Before(deadline) && strings.Contains(err.Error(), "-32000") {
					time.Sleep(50 * time.Millisecond)
					continue
				}
				if err != nil {
					return &pollError{what, err}
				}
				return nil
			}
		})
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(e => e ? e.textContent : '')(document.querySelector(`+strconv.Quote(sel)+`))`))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	attr := func(sel, name string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(e => e ? e.getAttribute(`+strconv.Quote(name)+`) || '' : '')(document.querySelector(`+strconv.Quote(sel)+`))`))
		if err != nil {
			t.Fatalf("%s of %s: %v", name, sel, err)
		}
		return s
	}
	pageURL := func() *url.URL {
		t.Helper()
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(loc)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	const (
		listRows   = `document.querySelectorAll('#events > li').length`
		mapTotal   = `+(document.getElementById('map-status').dataset.total ?? -1)`
		idle       = `document.body.dataset.pending === '0'`
		typesTotal = `+(document.querySelector('#filters .types').dataset.total ?? -1)`
		ready      = idle + ` && document.querySelector('#map[data-basemap=ready] .leaflet-marker-icon') && document.querySelector('#timeline .u-over') && document.getElementById('map-status').dataset.total !== undefined`
	)

	// 0. The demo store has incidents: the index shows them by default,
	// on the map and in the list, and says so in the URL.
	const (
		incRows  = `document.querySelectorAll('#events > li > a.in-row').length`
		viewIs   = `document.getElementById('events').dataset.view === `
		checked  = `document.querySelector('input[name="view"]:checked')?.value === `
		urlView  = `new URLSearchParams(location.search).get('view') === `
		incReady = ready + ` && ` + viewIs + `'incidents' && ` + incRows + ` > 0 && ` + mapTotal + ` === ` + incRows
	)
	step("load the index", chromedp.EmulateViewport(1366, 800), chromedp.Navigate(ts.URL+"/"),
		poll("incidents on the map and in the list", incReady+` && `+checked+`'incidents' && `+urlView+`'incidents'`))
	incidents := evalInt(incRows)
	if txt := text(`#events > li:first-child .ev-reports`); !regexp.MustCompile(`^\d+ reports?( from \d+ outlets?)?$`).MatchString(txt) {
		t.Errorf("incident row says %q, want N reports from M outlets", txt)
	}
	if txt := text(`#list-title`); txt != "Incidents" {
		t.Errorf("list title %q in the incidents view", txt)
	}
	shot("index-incidents-laptop.png")
	// An incident marker's popup links to the incident.
	step("open an incident popup", poll("incident popup", `(() => {
			const p = document.querySelector('.leaflet-popup .popup');
			if (!p) {
				const d = document.querySelector('.leaflet-marker-icon.ev-dot');
				if (d) d.click();
				else { const c = document.querySelector('.ev-cluster'); if (c) c.click(); }
				return false;
			}
			return !!p.querySelector('a.pp-open[href^="/incidents/"]');
		})()`), chromedp.Evaluate[chromedp.Void](`document.querySelector('.leaflet-popup-close-button').click()`))
	// The switch is a radio group: the arrow key moves to Reports.
	step("switch to reports from the keyboard", chromedp.Focus(`input[name="view"][value="incidents"]`), chromedp.KeyEvent(kb.ArrowRight),
		poll("reports on the map and in the list", idle+` && `+viewIs+`'reports' && `+checked+`'reports' && `+urlView+`'reports' && `+incRows+` === 0 && `+listRows+` > 0 && `+mapTotal+` === `+listRows))
	if txt := text(`#list-title`); txt != "Reports" {
		t.Errorf("list title %q in the reports view", txt)
	}
	if n := evalInt(listRows); n < incidents {
		t.Errorf("%d reports listed, fewer than the %d incidents", n, incidents)
	}
	step("and back to incidents", chromedp.Click(`input[name="view"][value="incidents"]`),
		poll("incidents again", incReady+` && `+urlView+`'incidents' && `+incRows+` === `+strconv.Itoa(incidents)))

	// 1. The reports view with the demo data: markers on the map, rows in
	// the list.
	step("load the reports", chromedp.Navigate(ts.URL+"/?view=reports"), poll("map, markers and timeline", ready+` && `+viewIs+`'reports'`))
	rows, total := evalInt(listRows), evalInt(mapTotal)
	markers := evalInt(`document.querySelectorAll('.leaflet-marker-icon').length`)
	if rows < 2 || total != rows || markers == 0 {
		t.Fatalf("index: %d rows, %d events on the map, %d markers; want at least 2 rows, all on the map", rows, total, markers)
	}
	step("map view in the URL", poll("z, lat and lon in the URL", `['z', 'lat', 'lon'].every(k => new URLSearchParams(location.search).has(k))`))
	// The type counts and the charts cover the listed events; place names
	// label the basemap; the export links carry the map view.
	step("counts, charts and labels", poll("type counts, charts and place labels",
		typesTotal+` === `+strconv.Itoa(rows)+` && document.querySelectorAll('#chart-types li .bar').length > 0 && document.querySelectorAll('#chart-actors li .bar').length > 0 && +document.getElementById('map').dataset.labels > 0`))
	if href := attr(`#export-csv`, "href"); !strings.Contains(href, "format=acled-csv") || !strings.Contains(href, "bbox=") {
		t.Errorf("CSV export link %q lacks the format or the map view", href)
	}
	shot("index-laptop.png")
	// The layer control, opened, reads one choice a line.
	step("open the layer control", chromedp.Evaluate[chromedp.Void](`document.querySelector('.leaflet-control-layers').classList.add('leaflet-control-layers-expanded')`))
	if n := evalInt(`document.querySelectorAll('.leaflet-control-layers-expanded label').length`); n < 2 {
		t.Errorf("the layer control offers %d layers, want the basemap and place names at least", n)
	}
	shot("index-layers-laptop.png")
	step("close the layer control", chromedp.Evaluate[chromedp.Void](`document.querySelector('.leaflet-control-layers').classList.remove('leaflet-control-layers-expanded')`))

	// A popup shows the event's actors, its evidence and a link to it.
	// The map may redraw its markers while a cluster opens (a moveend
	// reloads them), so the poll clicks a marker until a popup is open,
	// then waits for its details.
	step("open a popup", chromedp.Evaluate[chromedp.Void](`(c => c && c.click())(document.querySelector('.ev-cluster'))`),
		poll("popup with actors and a link", `(() => {
			const p = document.querySelector('.leaflet-popup .popup');
			if (!p) {
				const d = document.querySelector('.leaflet-marker-icon.ev-dot');
				if (d) d.click();
				else { const c = document.querySelector('.ev-cluster'); if (c) c.click(); }
				return false;
			}
			const a = p.querySelector('.pp-actors');
			return !!(a && !a.textContent.startsWith('Loading') && p.querySelector('a.pp-open[href^="/events/"]'));
		})()`))
	if txt := text(`.leaflet-popup .pp-actors`); !strings.Contains(txt, "Islamic State") && !strings.Contains(txt, "Forces") {
		t.Errorf("popup actors %q", txt)
	}
	// For the screenshot, the popup fully faded in. A marker redraw may
	// close it (then a marker is clicked again), and a starved headless
	// compositor may never finish the fade (then, after a while, the
	// transition is cut short: the popup's content was checked above).
	step("popup faded in", poll("popup opaque", `(() => {
		const p = document.querySelector('.leaflet-popup');
		if (!p) {
			const d = document.querySelector('.leaflet-marker-icon.ev-dot');
			if (d) d.click();
			else { const c = document.querySelector('.ev-cluster'); if (c) c.click(); }
			return false;
		}
		window.__fadePolls = (window.__fadePolls || 0) + 1;
		if (window.__fadePolls > 40) { p.style.transition = 'none'; p.style.opacity = '1'; }
		return parseFloat(getComputedStyle(p).opacity) > 0.99;
	})()`))
	shot("index-popup-laptop.png")
	step("close the popup", chromedp.Evaluate[chromedp.Void](`document.querySelector('.leaflet-popup-close-button').click()`))

	// 2. Filter by event type: the map and the list narrow, the URL follows.
	battles := evalInt(`document.querySelectorAll('#events .ev-row.t-battles').length`)
	if battles == 0 || battles == rows {
		t.Fatalf("the demo lists %d battles of %d events; the filter step needs some of each", battles, rows)
	}
	step("filter battles", chromedp.Click(`input[name="event_type"][value="Battles"]`),
		poll("list and map narrowed to battles", listRows+` === `+strconv.Itoa(battles)+` && `+mapTotal+` === `+strconv.Itoa(battles)+` && `+idle))
	if got := pageURL().Query().Get("event_type"); got != "Battles" {
		t.Errorf("after the filter the page URL has event_type=%q", got)
	}
	if href := attr(`#export-geojson`, "href"); !strings.Contains(href, "format=geojson") || !strings.Contains(href, "event_type=Battles") {
		t.Errorf("GeoJSON export link %q lacks the filter", href)
	}
	shot("index-battles-laptop.png")
	step("clear the filter", chromedp.Click(`input[name="event_type"][value="Battles"]`),
		poll("list back to all, timeline redrawn", listRows+` === `+strconv.Itoa(rows)+` && `+idle))

	// An API 400 shows beside the field at fault, and goes once fixed.
	step("bad country", chromedp.SendKeys(`#f-country`, "Narnia\r"),
		poll("error beside the country field", `(e => !e.hidden && e.textContent.includes('ISO'))(document.getElementById('err-country')) && document.getElementById('f-country').getAttribute('aria-invalid') === 'true'`))
	shot("index-error-laptop.png")
	step("fix the country", chromedp.Evaluate[chromedp.Void](`(i => { i.value = ''; i.dispatchEvent(new Event('change', {bubbles: true})); })(document.getElementById('f-country'))`),
		poll("error gone, list back", `document.getElementById('err-country').hidden && `+listRows+` === `+strconv.Itoa(rows)+` && `+idle))

	// 3. Brush the timeline across its whole width: the dated events stay.
	box, err := chromedp.Run(ctx, chromedp.Evaluate[struct{ X, Y, W, H float64 }](
		`(() => { const r = document.querySelector('#timeline .u-over').getBoundingClientRect(); return {X: r.x, Y: r.y, W: r.width, H: r.height}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	y := box.Y + box.H/2
	drag := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, box.X+2, y),
		chromedp.MouseEvent(chromedp.MousePressed, box.X+2, y, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	}
	for i := 1; i <= 8; i++ {
		drag = append(drag, chromedp.MouseEvent(chromedp.MouseMoved, box.X+2+(box.W-4)*float64(i)/8, y, chromedp.ButtonLeft))
	}
	drag = append(drag, chromedp.MouseEvent(chromedp.MouseReleased, box.X+box.W-2, y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	step("brush the timeline", drag...)
	step("dates in the URL", poll("since and until in the URL", `/since=\d{4}-\d\d-\d\d/.test(location.search) && /until=\d{4}-\d\d-\d\d/.test(location.search)`))
	step("list narrowed to dated events", poll("list changed", listRows+` !== `+strconv.Itoa(rows)+` && `+idle))
	q := pageURL().Query()
	date := regexp.MustCompile(`^\d{4}-\d\d-\d\d$`)
	if !date.MatchString(q.Get("since")) || !date.MatchString(q.Get("until")) || q.Get("since") > q.Get("until") {
		t.Errorf("brushed range in the URL: since=%q until=%q", q.Get("since"), q.Get("until"))
	}
	if n := evalInt(listRows); n == 0 {
		t.Errorf("the brushed range lists no events")
	}
	// The type counts follow the brushed dates.
	step("counts follow the brush", poll("type counts = brushed list", typesTotal+` === `+listRows))
	shot("index-brushed-laptop.png")

	// A shared URL restores the view: reload and find the same range.
	step("reload", chromedp.Reload(), poll("reloaded", ready))
	if got := evalInt(`document.getElementById('f-since').value === '` + q.Get("since") + `' ? 1 : 0`); got != 1 {
		t.Errorf("after a reload the since field lost %s", q.Get("since"))
	}

	// The list follows the map: drag Mosul out of the view and the list
	// and the counts empty; a country name filters as its code does.
	mbox, err := chromedp.Run(ctx, chromedp.Evaluate[struct{ X, Y, W, H float64 }](
		`(() => { const r = document.getElementById('map').getBoundingClientRect(); return {X: r.x, Y: r.y, W: r.width, H: r.height}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	before := evalInt(listRows)
	mx, my := mbox.X+mbox.W*0.2, mbox.Y+mbox.H*0.5
	pan := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, mx, my),
		chromedp.MouseEvent(chromedp.MousePressed, mx, my, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	}
	for i := 1; i <= 10; i++ {
		pan = append(pan, chromedp.MouseEvent(chromedp.MouseMoved, mx+mbox.W*0.7*float64(i)/10, my, chromedp.ButtonLeft))
	}
	pan = append(pan, chromedp.MouseEvent(chromedp.MouseReleased, mx+mbox.W*0.7, my, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	step("pan the map away", pan...)
	step("list follows the map", poll("list and counts emptied", listRows+` === 0 && `+typesTotal+` === 0 && `+mapTotal+` === 0 && `+idle))
	shot("index-panned-laptop.png")
	// Unticked, "In map view" lists every matching event again.
	step("list beyond the view", chromedp.Click(`#in-view`), poll("every event listed", listRows+` === `+strconv.Itoa(before)+` && `+typesTotal+` === `+strconv.Itoa(before)+` && `+idle))
	if href := attr(`#export-csv`, "href"); strings.Contains(href, "bbox=") {
		t.Errorf("export link %q keeps the map view with In map view unticked", href)
	}
	step("follow the view again", chromedp.Click(`#in-view`), poll("list emptied again", listRows+` === 0 && `+idle))
	if before == 0 {
		t.Errorf("no rows before the pan")
	}
	// The sort control orders the list and lands in the URL.
	step("sort by fatalities", chromedp.Navigate(ts.URL+"/?view=reports"), poll("index", ready),
		chromedp.SetValue(`#list-sort`, "-fatalities"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('list-sort').dispatchEvent(new Event('change'))`),
		poll("sort in the URL", `new URLSearchParams(location.search).get('sort') === '-fatalities' && `+idle+` && `+listRows+` === `+strconv.Itoa(rows)))
	// At city zoom the basemap names the towns around Aleppo.
	step("city zoom", chromedp.Navigate(ts.URL+"/?view=reports&z=9&lat=36.2&lon=37.15"),
		poll("towns labelled at zoom 9", `document.querySelector('#map[data-basemap=ready]') && +document.getElementById('map').dataset.labels >= 5 && `+idle))
	if txt := text(`.leaflet-pane.leaflet-placeLabels-pane`); !strings.Contains(txt, "Aleppo") {
		t.Errorf("zoom 9 over Aleppo labels %q, not Aleppo", txt)
	}
	shot("index-aleppo-z9-laptop.png")
	step("back to all events", chromedp.Navigate(ts.URL+"/?view=reports&country=iraq"), poll("index by country name", ready+` && `+listRows+` === `+strconv.Itoa(rows)))

	// 4. Open an event from the keyboard: its evidence is highlighted.
	step("open an event", chromedp.Focus(`#events > li:first-child a`), chromedp.KeyEvent("\r"),
		poll("event page", `location.pathname.startsWith('/events/') && document.querySelector('#doctext mark')`))
	if n := evalInt(`document.querySelectorAll('#doctext mark.ev').length`); n == 0 {
		t.Errorf("the event page highlights no evidence")
	}
	// The mini map draws the event's uncertainty circle around its point.
	if n := evalInt(`document.querySelectorAll('#event-map path.uncertainty').length`); n != 1 {
		t.Errorf("the event map draws %d uncertainty circles, want 1", n)
	}
	if evalInt(`document.querySelectorAll('a.quote').length`) > 0 {
		step("follow a field to its span", chromedp.Click(`a.quote`),
			poll("span lit and scrolled to", `(m => m && m.getBoundingClientRect().top > 0 && m.getBoundingClientRect().bottom < innerHeight)(document.querySelector('#doctext mark.active'))`))
	}
	// Back to the top, once the smooth scroll is over, for a full-page
	// shot with the sticky sidebar in place.
	step("back to the top", chromedp.Sleep(600*time.Millisecond), chromedp.Evaluate[chromedp.Void](`window.scrollTo({top: 0, behavior: 'instant'})`),
		poll("at the top", `scrollY === 0`))
	shot("event-laptop.png")
	eventPath := pageURL().Path

	// 4b. An incident's page (the demo's incidents have one report and no
	// toll; this one has three): the toll chart, the history, and a
	// claim's link to its document with the evidence highlighted.
	step("incident page", chromedp.Navigate(bomb.URL+incPath),
		poll("toll chart and history", `document.querySelectorAll('svg.toll circle.pt').length === 3 && document.querySelector('svg.toll line.canon') && document.querySelectorAll('table.history tbody tr').length >= 2 && document.querySelectorAll('table.toll-table tbody tr').length === 3`))
	if txt := text(`svg.toll desc`); !strings.Contains(txt, "3 fatality figures from 3 sources") || !strings.Contains(txt, "canonical (most conservative credible) figure is 20") {
		t.Errorf("toll chart description %q", txt)
	}
	if txt := text(`table.overrides tbody`); !strings.Contains(txt, "alice") || !strings.Contains(txt, "split") || !strings.Contains(txt, "another bombing") {
		t.Errorf("overrides table %q", txt)
	}
	shot("incident-laptop.png")
	step("a claim's evidence", chromedp.Click(`table.toll-table a.quote`),
		poll("document with the claim highlighted", `location.pathname.startsWith('/documents/') && document.querySelector('#doctext mark.hl.active')`))
	step("highlight scrolled to", chromedp.Sleep(600*time.Millisecond),
		poll("highlight in view", `(m => m && m.getBoundingClientRect().top >= 0 && m.getBoundingClientRect().bottom <= innerHeight)(document.querySelector('#doctext mark.hl.active'))`))
	shot("document-highlight-laptop.png")
	step("back to the event", chromedp.Navigate(ts.URL+eventPath), poll("event page", `document.querySelector('#doctext mark') && document.querySelector('.crumbs a[href^="/documents/"]')`))

	// 5. Its document: every event listed, background ones marked.
	step("open the document", chromedp.Click(`.crumbs a[href^="/documents/"]`), poll("document page", `document.querySelector('.doc-events')`))
	if n := evalInt(`document.querySelectorAll('.doc-events li.bg .badge').length`); n == 0 {
		t.Errorf("the document page marks no background events")
	}
	shot("document-laptop.png")

	// The documents page lists both seed articles with their outlets.
	step("documents page", chromedp.Click(`header.top a[href="/documents"]`), poll("documents listed", `document.querySelectorAll('#documents tbody tr').length === 2`))
	if n := evalInt(`[...document.querySelectorAll('#documents tbody td.num a')].filter(a => +a.textContent > 0).length`); n == 0 {
		t.Errorf("the documents page counts no events")
	}
	shot("documents-laptop.png")

	// 6. A phone.
	step("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(ts.URL+"/"), poll("phone index", incReady))
	shot("index-phone.png")
	step("phone incident", chromedp.Navigate(bomb.URL+incPath), poll("phone incident", `document.querySelector('svg.toll circle.pt')`))
	shot("incident-phone.png")
	step("phone documents", chromedp.Navigate(ts.URL+"/documents"), poll("phone documents", `document.querySelector('#documents tbody tr')`))
	shot("documents-phone.png")
	step("phone event", chromedp.Navigate(ts.URL+eventPath), poll("phone event", `document.querySelector('#event-map .leaflet-pane') && document.querySelector('#doctext mark')`))
	shot("event-phone.png")

	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		if !strings.Contains(p, "favicon") {
			t.Errorf("browser console: %s", p)
		}
	}
	t.Logf("screenshots in %s", shots)
}

type pollError struct {
	what string
	err  error
}

func (e *pollError) Error() string { return "waiting for " + e.what + ": " + e.err.Error() }
