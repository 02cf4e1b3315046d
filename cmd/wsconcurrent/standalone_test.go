package main

// Tests of the standalone driver: which command lines it takes, what it
// loads from source, and that it reports exactly what the singlechecker
// reports (WSCONCURRENT_LOAD=all) on the repository's testdata.

import (
	"encoding/json"
	"fmt"
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
	roots, full, err := load([]string{"./testdata/patterns/facts/app"}, true, []string{"github.com/gorilla/websocket"})
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
