package fuzz

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wsconcurrent/wsconcurrent/analyzer"
)

// FuzzAnalyzer builds a program from the input (see gen.go), runs the
// analyzer on it and on three transformations of it, and checks:
//
//   - no panic, no error (a type error is a generator bug);
//   - deterministic: a second run (fresh parse, type-check and SSA)
//     prints the same diagnostics;
//   - one diagnostic per call site, in position order;
//   - LockAll (one mutex held exclusively around every read and write
//     call) reports nothing: the README's first correct shape;
//   - NoGo (every go statement runs its call synchronously) reports
//     nothing: without a second goroutine nothing is concurrent;
//   - Control (every write call becomes WriteControl, safe from any
//     goroutine) reports no write finding, and the same read findings;
//   - Extra (a function nothing calls, racing on its own parameter,
//     appended) changes no finding and adds its own two;
//   - bounded: no budget was needed, each function was analysed at
//     most MaxRounds times, no path is longer than MaxPathLen (plus its
//     widened tail), and no summary holds more accesses and callbacks
//     than a polynomial of the program's size (one per call site,
//     goroutine start and path an access may resolve to): a summary
//     that grows with the number of paths through the call graph
//     breaks it long before it runs out of memory.
//
// `go test ./fuzz` runs the seed corpus in testdata/fuzz/FuzzAnalyzer;
// `go test -run='^$' -fuzz=FuzzAnalyzer -fuzztime=20s ./fuzz` explores.
func FuzzAnalyzer(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		checkProgram(t, generate(data))
	})
}

func checkProgram(t *testing.T, p *program) (findings int) {
	t.Helper()
	src := p.Source(Options{})
	analyze := func(what, src string) []Diagnostic {
		t.Helper()
		diags, err := Analyze(src)
		if err != nil {
			t.Fatalf("%s: %v\nprogram:\n%s", what, err, numbered(src))
		}
		return diags
	}
	first, stats, err := AnalyzeStats(src)
	if err != nil {
		t.Fatalf("program: %v\nprogram:\n%s", err, numbered(src))
	}
	checkBounded(t, stats, src)
	second := analyze("program, second run", src)
	if !slices.EqualFunc(first, second, func(a, b Diagnostic) bool { return fmt.Sprint(a) == fmt.Sprint(b) }) {
		t.Fatalf("two runs differ:\nfirst:\n%s\nsecond:\n%s\nprogram:\n%s", list(first), list(second), numbered(src))
	}
	for i := 1; i < len(first); i++ {
		a, b := first[i-1], first[i]
		if a.Line > b.Line || a.Line == b.Line && a.Col > b.Col {
			t.Errorf("diagnostics out of position order:\n%s\nprogram:\n%s", list(first), numbered(src))
		}
		if a.Line == b.Line && a.Col == b.Col && a.Category == b.Category {
			t.Errorf("two diagnostics of one category at one call site:\n%s\nprogram:\n%s", list(first), numbered(src))
		}
	}

	if diags := filter(analyze("LockAll", p.Source(Options{LockAll: true})), "concurrent-write", "concurrent-read"); len(diags) > 0 {
		t.Errorf("one mutex around every call, yet findings:\n%s\nprogram (LockAll):\n%s", list(diags), numbered(p.Source(Options{LockAll: true})))
	}
	if diags := analyze("NoGo", p.Source(Options{NoGo: true})); len(diags) > 0 {
		t.Errorf("no go statement, yet findings:\n%s\nprogram (NoGo):\n%s", list(diags), numbered(p.Source(Options{NoGo: true})))
	}
	ctl := p.Source(Options{Control: true})
	diags := analyze("Control", ctl)
	if w := filter(diags, "concurrent-write"); len(w) > 0 {
		t.Errorf("every write is WriteControl, yet write findings:\n%s\nprogram (Control):\n%s", list(w), numbered(ctl))
	}
	if got, want := list(filter(diags, "concurrent-read")), list(filter(first, "concurrent-read")); got != want {
		t.Errorf("read findings changed when writes became WriteControl:\nbefore:\n%s\nafter:\n%s\nprogram:\n%s\nprogram (Control):\n%s", want, got, numbered(src), numbered(ctl))
	}

	extra := p.Source(Options{Extra: true})
	diags = analyze("Extra", extra)
	n := strings.Count(src, "\n")
	var before, added []Diagnostic
	for _, d := range diags {
		if d.Line <= n {
			before = append(before, d)
		} else {
			added = append(added, d)
		}
	}
	if list(before) != list(first) {
		t.Errorf("an uncalled function appended changed the findings:\nbefore:\n%s\nafter:\n%s\nprogram (Extra):\n%s", list(first), list(before), numbered(extra))
	}
	if len(added) != 2 || added[0].Line != n+3 || added[1].Line != n+4 {
		t.Errorf("the appended function's race: got\n%s\nwant findings at lines %d and %d\nprogram (Extra):\n%s", list(added), n+3, n+4, numbered(extra))
	}
	return len(first)
}

// checkBounded checks the pass's work figures against the model's
// bounds (see FuzzAnalyzer).
func checkBounded(t *testing.T, st *analyzer.Stats, src string) {
	t.Helper()
	if st == nil {
		t.Fatalf("the pass returned no Stats\nprogram:\n%s", numbered(src))
	}
	if len(st.Cut) > 0 {
		t.Errorf("the analysis needed its budget: %v\nprogram:\n%s", st.Cut, numbered(src))
	}
	if st.Analyses > analyzer.MaxRounds*st.Functions {
		t.Errorf("%d analyses of %d functions, more than %d rounds each\nprogram:\n%s", st.Analyses, st.Functions, analyzer.MaxRounds, numbered(src))
	}
	if st.LongestPath > analyzer.MaxPathLen+1 {
		t.Errorf("a path of %d selections, more than %d+1\nprogram:\n%s", st.LongestPath, analyzer.MaxPathLen, numbered(src))
	}
	const pathsPerValue = 4
	if limit := pathsPerValue * st.Calls * (st.Calls + 1); st.LargestSummary > limit {
		t.Errorf("a summary of %d accesses and callbacks in a program of %d calls (limit %d)\nprogram:\n%s", st.LargestSummary, st.Calls, limit, numbered(src))
	}
}

func filter(diags []Diagnostic, categories ...string) []Diagnostic {
	var out []Diagnostic
	for _, d := range diags {
		if slices.Contains(categories, d.Category) {
			out = append(out, d)
		}
	}
	return out
}

func list(diags []Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "  %v\n", d)
	}
	return b.String()
}

func numbered(src string) string {
	var b strings.Builder
	for i, l := range strings.Split(src, "\n") {
		fmt.Fprintf(&b, "%3d  %s\n", i+1, l)
	}
	return b.String()
}

// readCorpus returns the inputs of the committed seed corpus.
func readCorpus(t *testing.T) map[string][]byte {
	t.Helper()
	dir := filepath.Join("testdata", "fuzz", "FuzzAnalyzer")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string][]byte)
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		if len(lines) != 2 || lines[0] != "go test fuzz v1" || !strings.HasPrefix(lines[1], "[]byte(") {
			t.Fatalf("%s: not a go test fuzz v1 file with one []byte", e.Name())
		}
		s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		out[e.Name()] = []byte(s)
	}
	return out
}

// TestCorpus keeps the seed corpus meaningful: its programs use every
// kind of statement, and enough of them have findings for the NoGo,
// LockAll and Control invariants to remove something.
func TestCorpus(t *testing.T) {
	corpus := readCorpus(t)
	if len(corpus) < 10 {
		t.Fatalf("%d seeds, want at least 10", len(corpus))
	}
	kinds := make(map[stmtKind]bool)
	withFindings := 0
	for _, data := range corpus {
		p := generate(data)
		var walk func([]*stmt)
		walk = func(ss []*stmt) {
			for _, s := range ss {
				kinds[s.kind] = true
				walk(s.body)
				walk(s.els)
			}
		}
		for _, f := range append(slices.Clone(p.entries), p.helpers...) {
			walk(f.body)
		}
		diags, err := Analyze(p.Source(Options{}))
		if err != nil {
			t.Fatal(err)
		}
		if len(diags) > 0 {
			withFindings++
		}
	}
	for k := range nKinds {
		if !kinds[k] {
			t.Errorf("no seed uses statement kind %d", k)
		}
	}
	if withFindings < len(corpus)/3 {
		t.Errorf("%d of %d seeds have findings, want at least a third", withFindings, len(corpus))
	}
}

// TestExampleProgram prints a generated program under -v, to see what the
// generator makes.
func TestExampleProgram(t *testing.T) {
	p := generate([]byte("\x01\x02\x07\x02\x01\x00\x03\x01\x00\x01\x02\x02\x00\x01\x09\x01\x02\x00\x00\x01"))
	src := p.Source(Options{})
	diags, err := Analyze(src)
	if err != nil {
		t.Fatalf("%v\n%s", err, numbered(src))
	}
	t.Logf("program:\n%s\nfindings:\n%s", numbered(src), list(diags))
}

// TestDumpCorpus writes every seed's findings, in seed name order, to
// the file WSCONCURRENT_DUMP_CORPUS names (scripts/compare.sh compares
// two builds by it); without the variable it does nothing.
func TestDumpCorpus(t *testing.T) {
	out := os.Getenv("WSCONCURRENT_DUMP_CORPUS")
	if out == "" {
		t.Skip("WSCONCURRENT_DUMP_CORPUS names no file")
	}
	corpus := readCorpus(t)
	names := slices.Sorted(maps.Keys(corpus))
	var b strings.Builder
	for _, name := range names {
		diags, err := Analyze(generate(corpus[name]).Source(Options{}))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		fmt.Fprintf(&b, "== %s\n%s", name, list(diags))
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
