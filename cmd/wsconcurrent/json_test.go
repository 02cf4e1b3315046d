package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// jsonDiag is one diagnostic of the -json tree.
type jsonDiag struct {
	Posn     string `json:"posn"`
	Message  string `json:"message"`
	Category string `json:"category"`
	Related  []struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	} `json:"related"`
}

// TestJSON: -json exits 0 even with findings and prints
// {pkgpath: {"wsconcurrent": [diagnostic...]}} on stdout.
func TestJSON(t *testing.T) {
	t.Parallel()
	wants := parseWants(t, exampleFile)
	r := run(t, bin, "-json", examplePkg)
	if r.code != 0 {
		t.Fatalf("exit code %d, want 0 (-json)\n%v", r.code, r)
	}
	if r.stderr != "" {
		t.Errorf("unexpected stderr:\n%s", r.stderr)
	}

	// Check the keys of each diagnostic before decoding into a struct,
	// which would accept missing fields.
	var raw map[string]map[string][]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatalf("-json output is not the {pkg: {analyzer: [diagnostic]}} tree: %v\n%s", err, r.stdout)
	}
	const pkgPath = "github.com/wsconcurrent/wsconcurrent/testdata/example"
	if len(raw) != 1 || raw[pkgPath] == nil {
		t.Fatalf("packages in -json output: got %v, want only %s", keys(raw), pkgPath)
	}
	if len(raw[pkgPath]) != 1 || raw[pkgPath]["wsconcurrent"] == nil {
		t.Fatalf("analyzers in -json output: got %v, want only wsconcurrent", keys(raw[pkgPath]))
	}
	for i, d := range raw[pkgPath]["wsconcurrent"] {
		for _, k := range []string{"posn", "message", "category", "related"} {
			if _, ok := d[k]; !ok {
				t.Errorf("diagnostic %d has no %q field: %v", i, k, keys(d))
			}
		}
	}

	var tree map[string]map[string][]jsonDiag
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
		t.Fatal(err)
	}
	diags := tree[pkgPath]["wsconcurrent"]
	if len(diags) != len(wants) {
		t.Fatalf("%d diagnostics, want %d\n%s", len(diags), len(wants), r.stdout)
	}
	absFile := filepath.Join(modRoot, exampleFile)
	matched := make([]bool, len(wants))
	for _, d := range diags {
		if d.Category != "concurrent-write" {
			t.Errorf("%s: category %q, want concurrent-write", d.Posn, d.Category)
		}
		if len(d.Related) == 0 {
			t.Errorf("%s: no related information", d.Posn)
		}
		for _, rel := range d.Related {
			if !strings.HasPrefix(rel.Posn, absFile+":") || rel.Message == "" {
				t.Errorf("%s: related %+v: want a position in %s and a message", d.Posn, rel, absFile)
			}
		}
		found := false
		for i, w := range wants {
			if !matched[i] && d.Posn == fmt.Sprintf("%s:%d:%d", absFile, w.line, w.col) && w.re.MatchString(d.Message) {
				matched[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("unexpected diagnostic %s: %s", d.Posn, d.Message)
		}
	}
}

// TestJSONBudget: when a budget cuts a function short, -json says so on
// standard error, one JSON object per package (the function, where it
// is, the limit and the value reached), the same on every run, and a
// plain run says it in a note.
func TestJSONBudget(t *testing.T) {
	t.Parallel()
	const pkg = "./cmd/wsconcurrent/testdata/budget"
	first := run(t, bin, "-json", pkg)
	if first.code != 0 {
		t.Fatalf("exit code %d, want 0 (-json)\n%v", first.code, first)
	}
	var tree map[string]map[string][]jsonDiag
	if err := json.Unmarshal([]byte(first.stdout), &tree); err != nil {
		t.Fatalf("-json output is not the {pkg: {analyzer: [diagnostic]}} tree: %v\n%s", err, first.stdout)
	}
	type cut struct {
		Function, Posn, Limit string
		Value                 int
	}
	var cuts []cut
	for _, line := range strings.Split(first.stderr, "\n") {
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var e map[string]struct {
			Package string
			Cuts    []cut
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("a JSON line on stderr does not parse: %v\n%s", err, line)
		}
		b, ok := e["wsconcurrent-budget"]
		if !ok || !strings.HasSuffix(b.Package, "/testdata/budget") {
			t.Fatalf("want {\"wsconcurrent-budget\": {\"package\": .../testdata/budget, ...}}, got %s", line)
		}
		cuts = append(cuts, b.Cuts...)
	}
	if len(cuts) != 1 || !strings.HasSuffix(cuts[0].Function, "Broadcast).Send") || cuts[0].Limit != "site variants" || cuts[0].Value != 70 || !strings.Contains(cuts[0].Posn, "budget.go:") {
		t.Errorf("cuts: got %+v, want one of (*Broadcast).Send at budget.go, site variants, 70\n%v", cuts, first)
	}
	if again := run(t, bin, "-json", pkg); again.stdout != first.stdout || again.stderr != first.stderr {
		t.Errorf("a second run differs:\n%v\n---\n%v", first, again)
	}
	if plain := run(t, bin, pkg); !strings.Contains(plain.stderr, "1 function(s) exceeded the analysis budget") {
		t.Errorf("a plain run gives no note:\n%v", plain)
	}
}

func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
