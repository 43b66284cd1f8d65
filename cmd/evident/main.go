// Command evident turns conflict reporting into structured, geolocated,
// evidence-linked event data. Run "evident --help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := notifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := NewMain()
	code := m.Run(ctx, os.Args[1:])
	if err := m.Close(); err != nil && code == 0 {
		code = 1
	}
	stop()
	os.Exit(code)
}

// notifyContext is signal.NotifyContext with the signal as the context's
// cause (signalCause), so that an interrupted command can exit with
// 128+signal. After the first signal the handler is removed: a second
// Ctrl-C kills the process at once.
func notifyContext(parent context.Context, sigs ...os.Signal) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			cancel(signalCause{s})
			signal.Stop(ch)
		case <-done:
		}
	}()
	return ctx, func() { close(done); signal.Stop(ch); cancel(nil) }
}
