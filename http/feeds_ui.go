package http

import (
	"net/http"
	"time"
)

// registerFeedsPage registers /feeds, the feeds' status as a page.
func (s *Server) registerFeedsPage(mux *http.ServeMux) {
	mux.Handle("GET /feeds", s.page(s.handleFeedsPage))
}

type feedsPage struct {
	pageData
	Feeds []feedStatus
	Now   time.Time
}

// handleFeedsPage renders /feeds: the same status as a table.
func (s *Server) handleFeedsPage(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.feedStatuses(r)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "feeds", feedsPage{pageData: s.pageData("Feeds", "feeds"), Feeds: fs, Now: time.Now().UTC()})
}
