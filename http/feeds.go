package http

import (
	"net/http"

	"github.com/evident-org/evident"
)

// registerFeeds registers the feed watchers' status route (the /feeds
// page is in feeds_ui.go). It is a read (a token with --auth-reads): feed
// URLs and their errors are the operator's configuration, as public as
// the events.
func (s *Server) registerFeeds(mux *http.ServeMux) {
	mux.Handle("GET /api/v1/feeds", s.read(s.handleFeeds))
}

// feedStatus is one feed as GET /api/v1/feeds shows it.
type feedStatus struct {
	evident.FeedState
	Every string `json:"every"`
	Seen  int    `json:"seen"` // item keys remembered
}

func (s *Server) feedStatuses(r *http.Request) ([]feedStatus, error) {
	if s.feeds == nil {
		return nil, evident.Errorf(evident.ENOTFOUND, "", "this server keeps no feed state")
	}
	fs, err := s.feeds.Feeds(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]feedStatus, 0, len(fs))
	for _, f := range fs {
		out = append(out, feedStatus{FeedState: f, Every: f.Every.String(), Seen: len(f.Seen)})
	}
	return out, nil
}

// handleFeeds answers GET /api/v1/feeds: every watched feed's last and
// next poll, items ingested, failures and last error.
func (s *Server) handleFeeds(w http.ResponseWriter, r *http.Request) error {
	if _, err := newParams(r.URL.RawQuery, nil, tax); err != nil {
		return err
	}
	fs, err := s.feedStatuses(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		Feeds []feedStatus `json:"feeds"`
	}{fs})
	return nil
}
