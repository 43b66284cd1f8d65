package http

import "net/http"

// registerUI registers the web UI's routes: GET /{$}, /events/{id},
// /documents/{id} and /static/. (Placeholder until the UI lands.)
func (s *Server) registerUI(mux *http.ServeMux) {}
