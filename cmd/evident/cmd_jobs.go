package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/evident-org/evident"
	"github.com/evident-org/evident/postgres"
)

// JobsCmd shows the job queue.
type JobsCmd struct {
	DBFlag `embed:""`
	State  []string `help:"States to list (available, scheduled, running, retryable, discarded, cancelled, completed; default all but completed)." sep:","`
	Limit  int      `help:"Most jobs listed." default:"50"`
	JSON   bool     `name:"json" help:"Print {counts, jobs} as JSON."`
}

// Run implements the command.
func (c *JobsCmd) Run(ctx context.Context, m *Main, cli *CLI) error {
	if _, err := os.Stat(cli.DB); err != nil && !postgres.IsURL(cli.DB) {
		return evident.Errorf(evident.ENOTFOUND, cli.DB, "no database here; pass --db")
	}
	q, err := m.openQueue(ctx, cli, jobsConfigForListing())
	if err != nil {
		return err
	}
	counts, err := q.JobCounts(ctx)
	if err != nil {
		return err
	}
	js, err := q.Jobs(ctx, evident.JobFilter{States: c.State, Limit: c.Limit})
	if err != nil {
		return err
	}
	if c.JSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		if js == nil {
			js = []evident.Job{}
		}
		return enc.Encode(struct {
			Counts map[string]int `json:"counts"`
			Jobs   []evident.Job  `json:"jobs"`
		}{counts, js})
	}
	var parts []string
	for _, s := range []string{evident.JobAvailable, evident.JobScheduled, evident.JobRunning, evident.JobRetryable, evident.JobCompleted, evident.JobDiscarded, evident.JobCancelled} {
		parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
	}
	fmt.Fprintln(m.Stdout, strings.Join(parts, ", "))
	if len(js) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tSTATE\tATTEMPT\tINPUT\tNEXT/DONE\tERROR")
	for _, j := range js {
		when := j.ScheduledAt.UTC().Format(time.DateTime)
		if j.FinalizedAt != nil {
			when = j.FinalizedAt.UTC().Format(time.DateTime)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d/%d\t%s\t%s\t%s\n", j.ID, strings.TrimPrefix(j.Kind, "evident_"), j.State, j.Attempt, j.MaxAttempts, j.Input, when, oneLine(j.Error))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if total := sumStates(counts, c.State); total > len(js) {
		fmt.Fprintf(m.Stdout, "(%d of %d listed; --limit for more)\n", len(js), total)
	}
	return nil
}

// sumStates is the number of jobs in the listed states.
func sumStates(counts map[string]int, states []string) int {
	n := 0
	for s, c := range counts {
		if len(states) == 0 && s != evident.JobCompleted || slices.Contains(states, s) {
			n += c
		}
	}
	return n
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
