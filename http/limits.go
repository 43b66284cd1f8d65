package http

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/evident-org/evident"
)

// bucket is one token's token bucket.
type bucket struct {
	tokens float64
	last   time.Time
}

// rateLimiter is a token bucket per API token id: each write takes one
// token; tokens come back at rate per second up to burst.
type rateLimiter struct {
	rate  float64
	burst float64
	now   func() time.Time
	mu    sync.Mutex
	b     map[string]*bucket
}

func newRateLimiter(rate float64, burst int, now func() time.Time) *rateLimiter {
	return &rateLimiter{rate: rate, burst: float64(burst), now: now, b: map[string]*bucket{}}
}

// allow takes a token for id; when there is none it says how long until
// one comes back.
func (l *rateLimiter) allow(id string) (ok bool, retryAfter time.Duration) {
	if l == nil {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.b[id]
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.b[id] = b
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(l.burst, b.tokens+el*l.rate)
	}
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// retryAfter is the Retry-After value for a wait: whole seconds, at
// least 1.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}

const tokenKey ctxKey = 1

// tokenID is the id of the API token that authenticated r, or "".
func tokenID(r *http.Request) string {
	id, _ := r.Context().Value(tokenKey).(string)
	return id
}

// limited applies the per-token write rate limit to h, which runs after
// authentication: too many writes get 429 with Retry-After.
func (s *Server) limited(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if ok, wait := s.writes.allow(tokenID(r)); !ok {
			w.Header().Set("Retry-After", retryAfter(wait))
			return evident.Errorf(evident.ERATELIMITED, "", "too many writes with this token: at most %g per second (bursts of %d); retry in %s", s.cfg.WriteRate, s.cfg.WriteBurst, retryAfter(wait)+"s")
		}
		return h(w, r)
	}
}

// fetchSlot waits for one of the MaxFetches slots of server-side URL
// fetches, at most FetchQueueTimeout; release gives it back.
func (s *Server) fetchSlot(ctx context.Context) (release func(), err error) {
	t := time.NewTimer(s.cfg.FetchQueueTimeout)
	defer t.Stop()
	select {
	case s.fetches <- struct{}{}:
		return func() { <-s.fetches }, nil
	case <-t.C:
		return nil, &busyError{slots: s.cfg.MaxFetches}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// busyError: every fetch slot stayed taken.
type busyError struct{ slots int }

func (e *busyError) Error() string {
	return "the server is already fetching " + strconv.Itoa(e.slots) + " URLs (its limit); retry later"
}

// securityHeaders are set on every response, API and UI alike; csp is
// the UI's policy (Server.csp), which also denies framing.
func securityHeaders(h http.Header, csp string) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", csp)
}
