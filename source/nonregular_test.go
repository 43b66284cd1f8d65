//go:build unix

package source

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/evident-org/evident"
	"github.com/google/go-cmp/cmp"
)

// TestReadNonRegular: a named pipe, a socket or a device is skipped with
// an error naming it, never opened (opening a FIFO blocks until a writer
// comes; reading it would wait forever).
func TestReadNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "p.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	sock := filepath.Join(dir, "s.txt")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Skipf("unix socket: %v", err)
	}
	defer ln.Close()
	if err := os.WriteFile(filepath.Join(dir, "ok.txt"), []byte("Gunmen killed 4 people in Kirkuk."), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(fifo, filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		input string
		want  []got
		msgs  []string
	}{
		{fifo, []got{{Code: evident.EINVALID, ErrInput: fifo}}, []string{"named pipe (FIFO)"}},
		{"/dev/null", []got{{Code: evident.EINVALID, ErrInput: "/dev/null"}}, []string{"character device"}},
		{dir, []got{
			{Code: evident.EINVALID, ErrInput: filepath.Join(dir, "link.txt")},
			{ID: "ok", Input: filepath.Join(dir, "ok.txt"), Format: "text", Text: "Gunmen killed 4 people in Kirkuk."},
			{Code: evident.EINVALID, ErrInput: fifo},
			{Code: evident.EINVALID, ErrInput: sock},
		}, []string{"named pipe", "", "named pipe", "socket"}},
	}
	for _, tt := range tests {
		var items []Item
		for it := range Read(t.Context(), tt.input, nil, Options{}) {
			items = append(items, it)
		}
		var gs []got
		for i, it := range items {
			gs = append(gs, summarise(t, it))
			if i < len(tt.msgs) && tt.msgs[i] != "" && (it.Err == nil || !strings.Contains(it.Err.Error(), tt.msgs[i])) {
				t.Errorf("%s item %d: %v, want an error containing %q", tt.input, i, it.Err, tt.msgs[i])
			}
		}
		if diff := cmp.Diff(tt.want, gs); diff != "" {
			t.Errorf("Read(%s) (-want +got):\n%s", tt.input, diff)
		}
	}
	// A file swapped for a pipe between the check and the open does not
	// block either.
	if _, err := openRegular(fifo); err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("openRegular(fifo) = %v, want a named-pipe error", err)
	}
}
