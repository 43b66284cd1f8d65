package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/alecthomas/kong"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/postgres"
	"github.com/evident-org/evident/sqlite"
)

// Version is the program version; the extractor version adds the hashes of
// the lexicons so that a lexicon change shows in every event it produces.
var Version = "0.1.0"

// Main is the program: end-to-end tests construct one with their own
// standard streams and environment and call Run, exactly as main does.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads the environment (EVIDENT_DB). Default: os.Getenv.
	Getenv func(string) string
	// StderrIsTerminal enables the progress bar. Default: detected on os.Stderr.
	StderrIsTerminal bool

	store evident.Store
}

// NewMain returns a Main wired to the process's standard streams.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, StderrIsTerminal: isTerminal(os.Stderr)}
}

// CLI is the command line. Every command has --help. DB, Workers and
// GazetteerPath are the settings of the shared flags (DBFlag, WorkersFlag,
// GazetteerFlag), which only the commands that use them declare; Run
// copies the selected command's values here.
type CLI struct {
	DB            string `kong:"-"`
	Workers       int    `kong:"-"`
	GazetteerPath string `kong:"-"`
	// Fuse is ingest's --fuse.
	Fuse bool `kong:"-"`

	Extract   ExtractCmd   `cmd:"" help:"Extract events from inputs and print them (nothing is stored)."`
	Ingest    IngestCmd    `cmd:"" help:"Read inputs, extract their events and store them in the database."`
	Export    ExportCmd    `cmd:"" help:"Write stored events as JSON, JSON Lines, ACLED CSV or GeoJSON."`
	Serve     ServeCmd     `cmd:"" help:"Serve the JSON API (/api/v1), the web UI (map, timeline, evidence) and /healthz."`
	Worker    WorkerCmd    `cmd:"" help:"Work the job queue: ingest the documents and URLs that 'ingest --queue' enqueued (several workers may share one database)."`
	Watch     WatchCmd     `cmd:"" help:"Poll the feeds of a feeds file politely and ingest their new items until interrupted (docs/feeds.md)."`
	Jobs      JobsCmd      `cmd:"" help:"Show the job queue: counts by state, then queued, running, retrying and failed jobs with their errors."`
	Token     TokenCmd     `cmd:"" help:"Create, list and revoke API tokens."`
	Demo      DemoCmd      `cmd:"" help:"Ingest the two embedded seed articles, print their events with evidence, then serve them (--no-serve to stop there)."`
	Bench     BenchCmd     `cmd:"" help:"Corpus benchmark: ingest JSONL corpora into a fresh database; print docs/s, MB/s, peak RSS."`
	Geoparse  GeoparseCmd  `cmd:"" help:"Find and resolve the place names of inputs; print each with its coordinates, score and alternatives."`
	Eval      EvalCmd      `cmd:"" help:"Score extraction against the evaluation corpora (../shared/eval)."`
	Gazetteer GazetteerCmd `cmd:"" help:"Build and inspect gazetteer indexes (GeoNames-format dumps)."`
	Version   VersionCmd   `cmd:"" help:"Print version information."`
}

const description = `Evident turns conflict reporting (news articles, wire copy, press releases,
feeds) into structured, geolocated, source-linked event data in ACLED's
taxonomy. Every field points back to the sentence that supports it.

Inputs: plain text, HTML files and URLs, JSON Lines {id,url,outlet,title,published,text},
RSS/Atom feeds, directories (recursive) and "-" for stdin.`

// exitError carries an exit code without printing anything more.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Run parses args and runs one command. It returns the process exit code:
// 0 success, 1 when any input or the command failed, 2 for usage errors,
// 128+signal when an ingest was interrupted (130 SIGINT, 143 SIGTERM).
func (m *Main) Run(ctx context.Context, args []string) (code int) {
	if m.Getenv == nil {
		m.Getenv = os.Getenv
	}
	var cli CLI
	exited := -1
	parser, err := kong.New(&cli,
		kong.Name("evident"),
		kong.Description(description),
		kong.UsageOnError(),
		kong.Writers(m.Stdout, m.Stderr),
		kong.Exit(func(c int) { exited = c; panic(exitPanic{}) }),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
		kong.BindTo(ctx, (*context.Context)(nil)),
	)
	if err != nil {
		fmt.Fprintln(m.Stderr, "evident:", err)
		return 2
	}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(exitPanic); ok {
				code = exited
				return
			}
			panic(r)
		}
	}()
	if len(args) == 0 {
		args = []string{"--help"} // bare "evident" shows what it can do
	}
	kctx, err := parser.Parse(moveSharedFlags(args))
	if err != nil {
		fmt.Fprintln(m.Stderr, "evident: error:", err)
		if kctx != nil {
			_ = kctx.PrintUsage(true)
		}
		return 2
	}
	copySharedFlags(kctx, &cli)
	if env := m.Getenv("EVIDENT_DB"); env != "" && !flagGiven(args, "--db") {
		cli.DB = env
	}
	if cli.Workers <= 0 {
		cli.Workers = runtime.NumCPU()
	}
	err = kctx.Run(m, &cli)
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintln(m.Stderr, "evident: error:", err)
		return 1
	}
}

type exitPanic struct{}

func flagGiven(args []string, name string) bool {
	for _, a := range args {
		if a == name || len(a) > len(name) && a[:len(name)+1] == name+"=" {
			return true
		}
	}
	return false
}

// openStore opens the configured database once.
func (m *Main) openStore(ctx context.Context, path string) (evident.Store, error) {
	if m.store != nil {
		return m.store, nil
	}
	var (
		s   evident.Store
		err error
	)
	if postgres.IsURL(path) {
		s, err = postgres.Open(ctx, postgres.Config{URL: path})
	} else {
		s, err = sqlite.Open(ctx, path)
	}
	if err != nil {
		return nil, err
	}
	m.store = s
	return s, nil
}

// dbName is the database as messages name it: a PostgreSQL URL without
// its password.
func dbName(path string) string {
	if postgres.IsURL(path) {
		return postgres.Redact(path)
	}
	return path
}

// walKeeper is a store whose write-ahead log serve keeps small (SQLite's).
type walKeeper interface {
	KeepWALSmall(ctx context.Context, interval time.Duration, report func(error))
}

// checkpointer is a store whose write-ahead log an ingest folds back into
// the database when it is done (SQLite's; PostgreSQL manages its own).
type checkpointer interface {
	Checkpoint(ctx context.Context, mode string) (frames, copied int, busy bool, err error)
}

// Close releases the database.
func (m *Main) Close() error {
	if m.store == nil {
		return nil
	}
	err := m.store.Close()
	m.store = nil
	return err
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
