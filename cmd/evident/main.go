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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := NewMain()
	code := m.Run(ctx, os.Args[1:])
	if err := m.Close(); err != nil && code == 0 {
		code = 1
	}
	stop()
	os.Exit(code)
}
