package evident

import (
	"errors"
	"fmt"
)

// Error codes. The HTTP adapter maps each to one status in a single table.
const (
	ECONFLICT = "conflict"
	EINTERNAL = "internal"
	EINVALID  = "invalid"
	ENOTFOUND = "not_found"
	ETOOLARGE = "too_large"
	ETIMEOUT  = "timeout"
	// EUNAUTHORIZED: a missing, unknown or revoked API token.
	EUNAUTHORIZED = "unauthorized"
	// EFORBIDDEN: a request the policy refuses, such as a fetch of a
	// loopback or private address.
	EFORBIDDEN = "forbidden"
	// ERATELIMITED: too many requests; retry later.
	ERATELIMITED = "rate_limited"
)

// Error is a domain error: a code, the input it concerns (file, file:line,
// URL) and a message for people.
type Error struct {
	Code    string
	Input   string
	Message string
	Err     error // underlying cause, if any
}

func (e *Error) Error() string {
	msg := e.Message
	if e.Err != nil {
		if msg != "" {
			msg += ": "
		}
		msg += e.Err.Error()
	}
	if e.Input != "" {
		return e.Input + ": " + msg
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and input.
func Errorf(code, input, format string, args ...any) *Error {
	return &Error{Code: code, Input: input, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for other errors and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}
