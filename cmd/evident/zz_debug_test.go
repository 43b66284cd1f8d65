package main

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/evident-org/evident/source"
)

func TestZZDebugMentions(t *testing.T) {
	path := os.Getenv("EVDEBUG")
	if path == "" {
		t.Skip()
	}
	p, err := newPipeline(pipelineConfig{})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(path)
	defer f.Close()
	for it := range source.ReadJSONL(f, path, source.Options{}) {
		a, err := p.Run(context.Background(), it.Doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, em := range a.EventMentions {
			txt := a.Doc.Text[em.Trigger.Start:em.Trigger.End]
			fmt.Printf("s%d %-24.24s %-8s gen=%v ana=%v bg=%v not=%q part=%q place=%s(%s) date=%s(%s) a1=%q a2=%q fat=%d\n", em.Sentence, em.SubEventType, txt, em.Generic, em.Anaphoric, em.Background, em.NotEvent, em.Participant, em.Location.Location, em.PlaceFrom, em.EventDate, em.DateFrom, em.Actor1, em.Actor2, em.Fatalities)
		}
	}
}
