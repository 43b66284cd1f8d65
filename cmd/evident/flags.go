package main

import (
	"reflect"
	"strings"

	"github.com/alecthomas/kong"
)

// DBFlag is --db, for the commands that open the database.
type DBFlag struct {
	DB string `help:"Database: a SQLite file path (default ./evident.db) or a postgres:// URL (env EVIDENT_DB)." default:"./evident.db" placeholder:"PATH"`
}

// WorkersFlag is --workers, for the commands that process documents.
type WorkersFlag struct {
	Workers int `help:"Documents processed in parallel (default: number of CPUs)." default:"0"`
}

// GazetteerFlag is --gazetteer, for the commands that geoparse.
type GazetteerFlag struct {
	GazetteerPath string `name:"gazetteer" help:"Gazetteer file (from 'evident gazetteer import') to use instead of the embedded one." placeholder:"PATH" type:"existingfile"`
}

// sharedFlags are the flags above, which may also be written before the
// command ("evident --db x.db ingest"), as they were when they were global.
var sharedFlags = map[string]bool{"--db": true, "--workers": true, "--gazetteer": true}

// moveSharedFlags moves shared flags written before the command name to
// after the command, where the commands that take them declare them:
// "--db x.db ingest a" becomes "ingest a --db x.db". A command that does
// not take the flag then rejects it, as kong rejects any unknown flag.
func moveSharedFlags(args []string) []string {
	var moved, rest []string
	i := 0
	for i < len(args) && strings.HasPrefix(args[i], "--") && args[i] != "--" {
		name, _, hasValue := strings.Cut(args[i], "=")
		if !sharedFlags[name] {
			break
		}
		moved = append(moved, args[i])
		if !hasValue && i+1 < len(args) {
			moved = append(moved, args[i+1])
			i++
		}
		i++
	}
	if len(moved) == 0 {
		return args
	}
	rest = append(rest, args[i:]...)
	// Before a "--" that ends the flags, if any.
	for k, a := range rest {
		if a == "--" {
			return append(append(append([]string{}, rest[:k]...), moved...), rest[k:]...)
		}
	}
	return append(rest, moved...)
}

// copySharedFlags copies the selected command's shared flags into cli.
func copySharedFlags(kctx *kong.Context, cli *CLI) {
	sel := kctx.Selected()
	if sel == nil {
		return
	}
	v := sel.Target
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return
	}
	if f := v.FieldByName("DBFlag"); f.IsValid() {
		cli.DB = f.Interface().(DBFlag).DB
	}
	if f := v.FieldByName("WorkersFlag"); f.IsValid() {
		cli.Workers = f.Interface().(WorkersFlag).Workers
	}
	if f := v.FieldByName("GazetteerFlag"); f.IsValid() {
		cli.GazetteerPath = f.Interface().(GazetteerFlag).GazetteerPath
	}
}
