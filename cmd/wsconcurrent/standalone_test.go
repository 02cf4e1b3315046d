package main

// Tests of the standalone driver: which command lines it takes, what it
// loads from source, and that it reports exactly what the singlechecker
// reports (WSCONCURRENT_LOAD=all) on the repository's testdata.

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

func TestParseStandalone(t *testing.T) {
	for _, tc := range []struct {
		args []string
		ok   bool
	}{
		{[]string{"./..."}, true},
		{[]string{"-json", "-c", "2", "-test=false", "./a", "./b"}, true},
		{[]string{"-reads=false", "-related=false", "-conntypes=example.com/ws.Conn", "./..."}, true},
		{[]string{"-cpuprofile", "cpu.out", "./..."}, true},
		{[]string{"-deps=false", "./cmd/server"}, true},
		// The singlechecker's: go vet's protocol, fixes, debugging, usage.
		{[]string{"/tmp/go-build1/b001/vet.cfg"}, false},
		{[]string{"-V=full"}, false},
		{[]string{"-flags"}, false},
		{[]string{"-fix", "./..."}, false},
		{[]string{"-diff", "./..."}, false},
		{[]string{"-debug=v", "./..."}, false},
		{[]string{"-trace", "t.out", "./..."}, false},
		{[]string{"-help"}, false},
		{[]string{"-nosuchflag", "./..."}, false},
		{nil, false},
	} {
		if _, ok := parseStandalone(tc.args); ok != tc.ok {
			t.Errorf("parseStandalone(%q): ok=%v, want %v", tc.args, ok, tc.ok)
		}
	}
	// Analyzer flags are restored: the parse above set them.
	parseStandalone([]string{"-reads=true", "-related=true", "-conntypes=", "./..."})
}

// TestLoad checks what the standalone driver loads in full: the
// requested packages and the dependencies that reach a websocket
// package; not the standard library, not other dependencies, not the
// websocket package itself (its API is modelled).
func TestLoad(t *testing.T) {
	t.Chdir(modRoot)
	const facts = "github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/"
	roots, full, err := load([]string{"./testdata/patterns/facts/app"}, true, nil, []string{"github.com/gorilla/websocket"}, false)
	if err != nil {
		t.Fatal(err)
	}
	var rootIDs, fullPaths []string
	for _, p := range roots {
		rootIDs = append(rootIDs, p.ID)
	}
	for p := range full {
		if !slices.Contains(fullPaths, p.PkgPath) {
			fullPaths = append(fullPaths, p.PkgPath)
		}
	}
	slices.Sort(fullPaths)
	if want := []string{facts + "app"}; !slices.Equal(rootIDs, want) {
		t.Errorf("roots: %q, want %q", rootIDs, want)
	}
	if want := []string{facts + "app", facts + "wshelper"}; !slices.Equal(fullPaths, want) {
		t.Errorf("loaded in full: %q, want %q", fullPaths, want)
	}
	// Everything else comes from export data and is pruned.
	prune(roots, full)
	var visited []string
	packages.Visit(roots, nil, func(p *packages.Package) {
		visited = append(visited, p.PkgPath)
		if len(p.Syntax) == 0 || p.TypesInfo == nil {
			t.Errorf("%s reachable from the roots without syntax or types", p.ID)
		}
	})
	if len(visited) != 2 {
		t.Errorf("packages the checker visits: %q, want app and wshelper", visited)
	}
}

// TestDriversAgree runs the command on every testdata package (findings
// of every kind, broken packages, cgo) with both drivers: the output and
// the exit code must be identical.
func TestDriversAgree(t *testing.T) {
	t.Parallel()
	all := []string{"WSCONCURRENT_LOAD=all"}
	pkgs := []string{"./testdata/example", "./testdata/patterns/...", "./testdata/badinput/...", "./cmd/wsconcurrent/testdata/..."}
	t.Run("json", func(t *testing.T) {
		t.Parallel()
		lean := run(t, bin, append([]string{"-json"}, pkgs...)...)
		single := runEnv(t, all, bin, append([]string{"-json"}, pkgs...)...)
		if lean.code != single.code || lean.stdout != single.stdout {
			t.Fatalf("standalone driver and singlechecker differ: exit %d and %d\n%s\nstderr:\n%s\n%s", lean.code, single.code, firstDiff(lean.stdout, single.stdout), lean.stderr, single.stderr)
		}
		var tree map[string]map[string]json.RawMessage
		if err := json.Unmarshal([]byte(lean.stdout), &tree); err != nil {
			t.Fatal(err)
		}
		if len(tree) < 30 {
			t.Errorf("-json output has %d packages; the testdata has more than 30", len(tree))
		}
	})
	t.Run("text", func(t *testing.T) {
		t.Parallel()
		lean := run(t, bin, pkgs...)
		single := runEnv(t, all, bin, pkgs...)
		if lean.code != single.code || lean.stderr != single.stderr {
			t.Fatalf("standalone driver and singlechecker differ: exit %d and %d\n%s", lean.code, single.code, firstDiff(lean.stderr, single.stderr))
		}
		if lean.code != 1 {
			t.Errorf("exit code %d, want 1 (testdata has broken packages)", lean.code)
		}
	})
}

// firstDiff shows where two outputs part: the first differing line and
// a few lines of context after it, from each.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	i := 0
	for i < len(la) && i < len(lb) && la[i] == lb[i] {
		i++
	}
	end := func(l []string) int { return min(len(l), i+5) }
	return fmt.Sprintf("first difference at line %d\nstandalone:\n%s\nsinglechecker:\n%s",
		i+1, strings.Join(la[min(i, len(la)):end(la)], "\n"), strings.Join(lb[min(i, len(lb)):end(lb)], "\n"))
}

// TestTags: -tags selects build tags, as go vet -tags does; the race of
// testdata/tagged is only in a file built with -tags pinger.
func TestTags(t *testing.T) {
	t.Parallel()
	const pkg = "./cmd/wsconcurrent/testdata/tagged"
	if r := run(t, bin, pkg); r.code != 0 || r.stderr != "" {
		t.Errorf("without -tags: want a clean run, got %v", r)
	}
	r := run(t, bin, "-tags", "pinger", pkg)
	if r.code != 3 || strings.Count(r.stderr, "concurrent write to conn") != 2 {
		t.Errorf("with -tags pinger: want the two findings of tagged.go, got %v", r)
	}
}

// TestVariantsOnce: a finding that a package and its test variant both
// report is printed once, in text and in JSON, by the first of them.
func TestVariantsOnce(t *testing.T) {
	t.Parallel()
	const pkg = "./cmd/wsconcurrent/testdata/variants"
	r := run(t, bin, "-json", pkg)
	var tree map[string]map[string][]struct {
		Posn string `json:"posn"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
		t.Fatalf("%v\n%v", err, r)
	}
	seen := make(map[string]string)
	total := 0
	for id, byAnalyzer := range tree {
		for _, d := range byAnalyzer["wsconcurrent"] {
			total++
			if other, dup := seen[d.Posn]; dup {
				t.Errorf("%s reported by %s and by %s", d.Posn, other, id)
			}
			seen[d.Posn] = id
		}
	}
	// serve's two writes, and the test file's hello.
	if total != 3 {
		t.Errorf("%d findings in -json, want 3:\n%s", total, r.stdout)
	}
	text := run(t, bin, pkg)
	if n := strings.Count(text.stderr, ": concurrent write to"); n != 3 {
		t.Errorf("%d findings in text, want 3:\n%s", n, text.stderr)
	}
}

// TestCgoDependency: a package whose dependency fails in cgo (a missing
// header) is reported in one line each, with the compiler's reason, and
// the other packages are still analysed.
func TestCgoDependency(t *testing.T) {
	t.Parallel()
	if out, err := exec.Command("go", "env", "CGO_ENABLED").Output(); err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skip("cgo is disabled")
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no C compiler")
	}
	r := run(t, bin, "./cmd/wsconcurrent/testdata/cgodep/...", "./cmd/wsconcurrent/testdata/tagged/...", "./cmd/wsconcurrent/testdata/variants")
	for _, want := range []string{
		"hdr.go:4:11: cgo: fatal error: wsconcurrent_no_such_header.h: No such file or directory",
		"testdata/cgodep/hdr not analysed: it does not compile (errors above)",
		"testdata/cgodep/uses not analysed: its dependency github.com/wsconcurrent/wsconcurrent/cmd/wsconcurrent/testdata/cgodep/hdr does not compile (errors above)",
		"variants.go:15:4: concurrent write to conn",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("output lacks %q:\n%v", want, r)
		}
	}
	if strings.Contains(r.stderr, "could not import C") || strings.Contains(r.stderr, "failed prerequisites") {
		t.Errorf("output keeps the unclear messages:\n%v", r)
	}
	if r.code != 1 {
		t.Errorf("exit %d, want 1 (a package does not compile)", r.code)
	}
}

// TestProgramDeps: a run on a program reports the findings of the
// module's packages it imports, in code it runs (gorillasock's Send,
// reached through relay.Socket), and not those in code it never calls
// (gorillasock.Echo); -deps=false reports the named packages only (the
// server's own finding: relay's goroutines both call Send, whose
// deadline is set outside the lock), and a run on all of them prints
// each finding once.
func TestProgramDeps(t *testing.T) {
	t.Parallel()
	const prog = "./cmd/wsconcurrent/testdata/program/"
	sites := func(out string) []string {
		var got []string
		for _, line := range strings.Split(out, "\n") {
			pos, msg, ok := strings.Cut(line, ": ")
			if ok && strings.HasPrefix(msg, "concurrent write to") {
				got = append(got, filepath.Base(pos))
			}
		}
		return got
	}
	for _, tc := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{prog + "server"}, 3, []string{"gorillasock.go:29:2", "gorillasock.go:32:9", "main.go:21:3"}},
		{[]string{"-deps=false", prog + "server"}, 3, []string{"main.go:21:3"}},
		{[]string{prog + "..."}, 3, []string{"gorillasock.go:29:2", "gorillasock.go:32:9", "gorillasock.go:40:4", "gorillasock.go:48:3", "main.go:21:3"}},
	} {
		r := run(t, bin, tc.args...)
		if got := sites(r.stderr); r.code != tc.code || !slices.Equal(got, tc.want) {
			t.Errorf("wsconcurrent %s: exit %d, findings at %q; want exit %d, %q\n%v", strings.Join(tc.args, " "), r.code, got, tc.code, tc.want, r)
		}
	}
	r := run(t, bin, "-json", prog+"server")
	var tree map[string]map[string][]struct {
		Posn string `json:"posn"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
		t.Fatalf("%v\n%v", err, r)
	}
	const sock = "github.com/wsconcurrent/wsconcurrent/cmd/wsconcurrent/testdata/program/gorillasock"
	if n := len(tree[sock]["wsconcurrent"]); n != 2 {
		t.Errorf("-json lists %d findings for %s, want 2:\n%s", n, sock, r.stdout)
	}
}

// TestLoadTransport: a package that a package reaching a websocket
// package imports, which starts goroutines and declares an interface
// (transport, whose Socket transportws implements with a gorilla conn),
// is loaded from source too, so that its summaries are facts: the race
// of its two goroutines writing through the adapter is reported in
// transportapp, as go vet reports it.
func TestLoadTransport(t *testing.T) {
	t.Parallel()
	const facts = "github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/"
	fullPaths := loadedInFull(t, "/testdata/patterns/facts/transportapp")
	if want := []string{facts + "transport", facts + "transportapp", facts + "transportws"}; !slices.Equal(fullPaths, want) {
		t.Errorf("loaded in full: %q, want %q", fullPaths, want)
	}
	r := run(t, bin, "./testdata/patterns/facts/transportapp")
	if r.code != 3 || !strings.Contains(r.stderr, "transportapp.go:13:2: concurrent write to c: Send (WriteMessage at transportws.go:20) may overlap itself") {
		t.Errorf("want transportapp's race, got %v", r)
	}
}

// TestLoadCallerLocks: a lean load reads from source an import that
// calls its interface's methods under a mutex (hublib, which reaches no
// conn and starts no goroutine) when the package analysed declares an
// unexported type holding a conn that may implement it (sinkapp), so
// that hublib's callerlocks facts keep sinkapp's wsChannel silent, as
// under go vet.
func TestLoadCallerLocks(t *testing.T) {
	t.Parallel()
	const facts = "github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/"
	fullPaths := loadedInFull(t, "/testdata/patterns/facts/sinkapp")
	if want := []string{facts + "hublib", facts + "sinkapp", facts + "sinklib"}; !slices.Equal(fullPaths, want) {
		t.Errorf("loaded in full: %q, want %q", fullPaths, want)
	}
	r := run(t, bin, "./testdata/patterns/facts/sinkapp")
	if r.code != 3 || strings.Contains(r.stderr, "sinkapp.go:56:") || !strings.Contains(r.stderr, "sinkapp.go:114:") {
		t.Errorf("want WSSink's race (sinkapp.go:114) and not wsChannel's (sinkapp.go:56), got %v", r)
	}
}

// loadedInFull returns the paths of the packages a lean load of the
// module's directory dir loads from source, sorted.
func loadedInFull(t *testing.T, dir string) []string {
	t.Helper()
	_, full, err := load([]string{modRoot + dir}, false, nil, []string{"github.com/gorilla/websocket"}, false)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for p := range full {
		paths = append(paths, p.PkgPath)
	}
	slices.Sort(paths)
	return paths
}

// TestLoadRunners: a lean load reads from source an import that runs the
// functions it is given on a loop of its own (wheellib, which reaches no
// conn) when the package calls one of those functions with a function,
// and the run finds the races only wheellib's facts reveal.
func TestLoadRunners(t *testing.T) {
	t.Parallel()
	const facts = "github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/"
	fullPaths := loadedInFull(t, "/testdata/patterns/facts/wheelapp")
	if want := []string{facts + "wheelapp", facts + "wheellib"}; !slices.Equal(fullPaths, want) {
		t.Errorf("loaded in full: %q, want %q", fullPaths, want)
	}
	r := run(t, bin, "./testdata/patterns/facts/wheelapp")
	if r.code != 3 || !strings.Contains(r.stderr, "run later by (*wheellib.Wheel).run, handed over at wheelapp.go:") {
		t.Errorf("want the timer's race, got %v", r)
	}
	// A chain: peerlib files signalapp's handler and hands a function of
	// its own to agentlib's loop.
	fullPaths = loadedInFull(t, "/testdata/patterns/facts/signalapp")
	if want := []string{facts + "agentlib", facts + "peerlib", facts + "signalapp"}; !slices.Equal(fullPaths, want) {
		t.Errorf("loaded in full: %q, want %q", fullPaths, want)
	}
	r = run(t, bin, "./testdata/patterns/facts/signalapp")
	if r.code != 3 || !strings.Contains(r.stderr, "run later by (*agentlib.Agent).gather, handed over at signalapp.go:") {
		t.Errorf("want the candidate handler's race, got %v", r)
	}
}
