package http

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/evident-org/evident"
)

// Extra error codes the HTTP layer produces itself.
const (
	eMethod = "method"
)

// statusOf maps error codes to HTTP status: the one table.
var statusOf = map[string]int{
	evident.EINVALID:      http.StatusBadRequest,
	evident.EUNAUTHORIZED: http.StatusUnauthorized,
	evident.EFORBIDDEN:    http.StatusForbidden,
	evident.ERATELIMITED:  http.StatusTooManyRequests,
	evident.ENOTFOUND:     http.StatusNotFound,
	eMethod:               http.StatusMethodNotAllowed,
	evident.ECONFLICT:     http.StatusConflict,
	evident.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	evident.ETIMEOUT:      http.StatusServiceUnavailable,
	evident.EINTERNAL:     http.StatusInternalServerError,
}

// paramError is an EINVALID error about one query or body parameter.
type paramError struct {
	Param   string
	Message string
}

func (e *paramError) Error() string { return e.Param + ": " + e.Message }

func badParam(param, format string, args ...any) error {
	return &paramError{Param: param, Message: param + ": " + fmt.Sprintf(format, args...)}
}

// errorBody is the JSON shape of every error.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Param     string `json:"param,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// writeError answers with err's status and a JSON error. Internal errors
// are logged with the request id; the client sees the id only, never the
// error text, which may hold SQL or paths.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	d := errorDetail{Code: evident.EINTERNAL}
	var pe *paramError
	var ee *evident.Error
	var mbe *http.MaxBytesError
	var busy *busyError
	switch {
	case errors.As(err, &busy):
		d.Code, d.Message = evident.ETIMEOUT, busy.Error()
		w.Header().Set("Retry-After", "5")
	case errors.As(err, &pe):
		d.Code, d.Message, d.Param = evident.EINVALID, pe.Message, pe.Param
	case errors.As(err, &mbe):
		d.Code, d.Message = evident.ETOOLARGE, fmt.Sprintf("request body larger than %d bytes", mbe.Limit)
	case errors.As(err, &ee) && ee.Code != evident.EINTERNAL:
		// Message, not Error(): the store names its database file as the
		// input, which clients do not see.
		d.Code, d.Message = ee.Code, ee.Message
	case errors.Is(err, r.Context().Err()) && r.Context().Err() != nil:
		d.Code, d.Message = evident.ETIMEOUT, "request cancelled or timed out"
	}
	status, ok := statusOf[d.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status == http.StatusInternalServerError {
		d.Code = evident.EINTERNAL
		d.Message = "internal error; the server log has the details"
		d.RequestID = requestID(r)
		s.log.Error("request failed", "id", d.RequestID, "method", r.Method, "path", r.URL.Path, "err", err)
	}
	// An error is never an attachment (an export that failed before its
	// first event has set one).
	w.Header().Del("Content-Disposition")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="evident"`)
	}
	writeJSON(w, status, errorBody{d})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
