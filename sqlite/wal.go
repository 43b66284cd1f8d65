package sqlite

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/evident-org/evident"
)

// JournalSizeLimit is the size the WAL file is cut back to after a
// checkpoint resets it (PRAGMA journal_size_limit): a WAL that grew
// during a burst of writes does not stay that big.
const JournalSizeLimit = 64 << 20

// Checkpoint modes (SQLite's wal_checkpoint).
const (
	// CheckpointPassive copies what it can without waiting for anyone.
	CheckpointPassive = "PASSIVE"
	// CheckpointRestart waits for readers of old snapshots to finish, so
	// that the next write starts the WAL from its beginning.
	CheckpointRestart = "RESTART"
	// CheckpointTruncate is RESTART and truncates the WAL file to zero.
	CheckpointTruncate = "TRUNCATE"
)

// Checkpoint runs a WAL checkpoint in the given mode and returns the WAL's
// size in frames before it and the frames copied. A busy result (a reader
// or writer held it off) is no error: busy is true and the next
// checkpoint catches up. An in-memory store has no WAL: zeros.
func (s *Store) Checkpoint(ctx context.Context, mode string) (frames, copied int, busy bool, err error) {
	switch mode {
	case CheckpointPassive, CheckpointRestart, CheckpointTruncate:
	default:
		return 0, 0, false, evident.Errorf(evident.EINVALID, s.path, "sqlite: unknown checkpoint mode %q", mode)
	}
	if s.path == MemoryPath {
		return 0, 0, false, nil
	}
	var b int
	if err := s.w.QueryRowContext(ctx, "PRAGMA wal_checkpoint("+mode+")").Scan(&b, &frames, &copied); err != nil {
		return 0, 0, false, wrapErr(err, s.path, "checkpoint")
	}
	return frames, copied, b != 0, nil
}

// WALSize returns the size in bytes of the database's WAL file (0 when
// there is none).
func (s *Store) WALSize() int64 {
	fi, err := os.Stat(s.path + "-wal")
	if err != nil {
		return 0
	}
	return fi.Size()
}

// KeepWALSmall runs checkpoints until ctx ends: a RESTART checkpoint every
// interval, so that readers that never pause (a busy API) do not let the
// WAL grow without bound, and a TRUNCATE one when the database has been
// idle (no write through this store) for a whole interval, and at the end.
// Errors are passed to report (may be nil) and the loop goes on.
func (s *Store) KeepWALSmall(ctx context.Context, interval time.Duration, report func(error)) {
	if s.path == MemoryPath || interval <= 0 {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	last := s.writes.Load()
	for {
		select {
		case <-ctx.Done():
			_, _, _, err := s.Checkpoint(context.WithoutCancel(ctx), CheckpointTruncate)
			if err != nil && report != nil {
				report(err)
			}
			return
		case <-t.C:
		}
		mode := CheckpointRestart
		if n := s.writes.Load(); n == last {
			mode = CheckpointTruncate
		} else {
			last = n
		}
		cctx, cancel := context.WithTimeout(ctx, interval)
		_, _, _, err := s.Checkpoint(cctx, mode)
		cancel()
		if err != nil && ctx.Err() == nil && report != nil {
			report(fmt.Errorf("%s checkpoint: %w", mode, err))
		}
	}
}
