package watch

import (
	"context"
	"sync"
	"time"
)

// hosts limits requests per host: one at a time, at least interval apart,
// and none before a Retry-After the host gave.
type hosts struct {
	clock    Clock
	interval time.Duration
	mu       sync.Mutex
	m        map[string]*host
}

type host struct {
	token chan struct{} // holds one value while a request to the host is made
	next  time.Time     // no request before
}

func newHosts(c Clock, interval time.Duration) *hosts {
	return &hosts{clock: c, interval: interval, m: map[string]*host{}}
}

func (h *hosts) get(name string) *host {
	h.mu.Lock()
	defer h.mu.Unlock()
	x := h.m[name]
	if x == nil {
		x = &host{token: make(chan struct{}, 1)}
		h.m[name] = x
	}
	return x
}

// errHostPaused: the host asked to wait longer than the caller would.
type errHostPaused struct{ until time.Time }

func (e errHostPaused) Error() string {
	return "the host asked for a pause until " + e.until.UTC().Format(time.RFC3339)
}

// acquire takes the host's token and waits until its next request may
// go; if that is more than maxWait away it returns errHostPaused without
// the token. The caller releases the token with release.
func (h *hosts) acquire(ctx context.Context, name string, maxWait time.Duration) error {
	x := h.get(name)
	select {
	case x.token <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	h.mu.Lock()
	wait := x.next.Sub(h.clock.Now())
	until := x.next
	h.mu.Unlock()
	if wait > maxWait {
		<-x.token
		return errHostPaused{until}
	}
	if wait > 0 {
		if err := h.clock.Sleep(ctx, wait); err != nil {
			<-x.token
			return err
		}
	}
	return nil
}

// release gives the token back; the host's next request waits interval,
// or pause if longer (a Retry-After).
func (h *hosts) release(name string, pause time.Duration) {
	x := h.get(name)
	h.mu.Lock()
	next := h.clock.Now().Add(max(h.interval, pause))
	if next.After(x.next) {
		x.next = next
	}
	h.mu.Unlock()
	<-x.token
}

// pausedUntil is when the host's next request may go.
func (h *hosts) pausedUntil(name string) time.Time {
	x := h.get(name)
	h.mu.Lock()
	defer h.mu.Unlock()
	return x.next
}
