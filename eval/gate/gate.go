// Package gate checks regression gates on evaluation reports: a floor
// ("gold.f1 must be at least 0.33") or a ceiling ("fp.per_1000 must be at
// most 65") on one figure. A figure is named by its report (the set or
// corpus: gold, fp, case2021, isaf, geowebnews, trnews, lgl) and its key
// in the report's JSON, nested keys joined by dots:
// "lgl.resolution_gold_spans.acc161". The floors CI applies are in
// eval/floors.txt (ParseFile reads that format).
package gate

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Gate is a floor or a ceiling on one figure.
type Gate struct {
	// Name is REPORT.KEY[.KEY...]: "gold.f1", "fp.per_1000".
	Name string
	// Limit is the floor or the ceiling.
	Limit float64
	// Ceiling makes Limit the largest value allowed; otherwise it is the
	// smallest.
	Ceiling bool
}

// String is the gate as a condition: "gold.f1 >= 0.33".
func (g Gate) String() string {
	op := ">="
	if g.Ceiling {
		op = "<="
	}
	return fmt.Sprintf("%s %s %s", g.Name, op, strconv.FormatFloat(g.Limit, 'f', -1, 64))
}

// Report is the first part of Name: the report the figure is in.
func (g Gate) Report() string {
	r, _, _ := strings.Cut(g.Name, ".")
	return r
}

// Parse reads a flag value NAME=VALUE ("gold.f1=0.40"): a floor, or a
// ceiling when ceiling is set.
func Parse(s string, ceiling bool) (Gate, error) {
	name, val, ok := strings.Cut(s, "=")
	if !ok {
		return Gate{}, fmt.Errorf("gate %q: want NAME=VALUE, e.g. gold.f1=0.40", s)
	}
	return newGate(s, name, val, ceiling)
}

func newGate(s, name, val string, ceiling bool) (Gate, error) {
	name, val = strings.TrimSpace(name), strings.TrimSpace(val)
	rep, key, _ := strings.Cut(name, ".")
	if rep == "" || key == "" || strings.Contains(name, "..") || strings.HasSuffix(name, ".") || strings.ContainsAny(name, " \t") {
		return Gate{}, fmt.Errorf("gate %q: the name %q is not REPORT.FIGURE, e.g. gold.f1", s, name)
	}
	v, err := strconv.ParseFloat(val, 64)
	if err != nil {
		return Gate{}, fmt.Errorf("gate %q: the value %q is not a number", s, val)
	}
	return Gate{Name: name, Limit: v, Ceiling: ceiling}, nil
}

// ParseFile reads gates, one a line: "NAME >= VALUE" (a floor) or
// "NAME <= VALUE" (a ceiling). "#" starts a comment; blank lines are
// skipped. A bad line is an error naming name:line.
func ParseFile(r io.Reader, name string) ([]Gate, error) {
	var out []Gate
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 || f[1] != ">=" && f[1] != "<=" {
			return nil, fmt.Errorf("%s:%d: want NAME >= VALUE or NAME <= VALUE, got %q", name, n, line)
		}
		g, err := newGate(line, f[0], f[2], f[1] == "<=")
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// Result is a gate checked against its figure.
type Result struct {
	Gate  Gate
	Value float64
	OK    bool
}

// String is the result for a log: "gold.f1 = 0.3482 (floor 0.33): ok",
// "fp.per_1000 = 70.1 (ceiling 65): FAILED, above the ceiling".
func (r Result) String() string {
	kind, why := "floor", "below the floor"
	if r.Gate.Ceiling {
		kind, why = "ceiling", "above the ceiling"
	}
	v := math.Round(r.Value*1e4) / 1e4 // the figure as the reports round it
	s := fmt.Sprintf("%s = %s (%s %s): ", r.Gate.Name, strconv.FormatFloat(v, 'f', -1, 64), kind, strconv.FormatFloat(r.Gate.Limit, 'f', -1, 64))
	if r.OK {
		return s + "ok"
	}
	return s + "FAILED, " + why
}

// Check looks each gate's figure up in reports (report name → its JSON
// object) and compares it with the limit. A gate naming a report that is
// not there, or a key that is not a number in it, is an error (naming the
// keys there are); all such errors are joined.
func Check(gates []Gate, reports map[string][]byte) ([]Result, error) {
	var out []Result
	var errs []error
	decoded := map[string]map[string]any{}
	for _, g := range gates {
		rep := g.Report()
		obj, ok := decoded[rep]
		if !ok {
			b, ok := reports[rep]
			if !ok {
				errs = append(errs, fmt.Errorf("gate %s: no %s report in this run (reports: %s)", g, rep, strings.Join(slices.Sorted(maps.Keys(reports)), ", ")))
				continue
			}
			if err := json.Unmarshal(b, &obj); err != nil {
				errs = append(errs, fmt.Errorf("gate %s: %s report: %w", g, rep, err))
				continue
			}
			decoded[rep] = obj
		}
		v, err := lookup(obj, strings.Split(g.Name, ".")[1:])
		if err != nil {
			errs = append(errs, fmt.Errorf("gate %s: %w", g, err))
			continue
		}
		ok = v >= g.Limit
		if g.Ceiling {
			ok = v <= g.Limit
		}
		out = append(out, Result{Gate: g, Value: v, OK: ok})
	}
	return out, errors.Join(errs...)
}

// lookup walks keys through nested JSON objects to a number.
func lookup(obj map[string]any, keys []string) (float64, error) {
	for i, k := range keys {
		v, ok := obj[k]
		if !ok {
			return 0, fmt.Errorf("no figure %q (there: %s)", strings.Join(keys[:i+1], "."), strings.Join(slices.Sorted(maps.Keys(obj)), ", "))
		}
		if i == len(keys)-1 {
			f, ok := v.(float64)
			if !ok {
				return 0, fmt.Errorf("%q is not a number", strings.Join(keys, "."))
			}
			return f, nil
		}
		if obj, ok = v.(map[string]any); !ok {
			return 0, fmt.Errorf("%q is not an object", strings.Join(keys[:i+1], "."))
		}
	}
	return 0, errors.New("no figure named")
}

// Failed reports whether any result failed.
func Failed(rs []Result) bool {
	return slices.ContainsFunc(rs, func(r Result) bool { return !r.OK })
}
