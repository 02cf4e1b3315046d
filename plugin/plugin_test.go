package plugin

import (
	"flag"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/wsconcurrent/wsconcurrent/analyzer"
)

// saveFlags restores the analyzer's flags after the test: they are
// package-level state shared with every other test in the binary.
func saveFlags(t *testing.T) {
	t.Helper()
	saved := map[string]string{}
	analyzer.Analyzer.Flags.VisitAll(func(f *flag.Flag) { saved[f.Name] = f.Value.String() })
	t.Cleanup(func() {
		for name, v := range saved {
			if err := analyzer.Analyzer.Flags.Set(name, v); err != nil {
				t.Errorf("restoring -%s=%s: %v", name, v, err)
			}
		}
	})
}

// build decodes conf the way golangci-lint does (a JSON round trip of the
// YAML value, keys lower-cased) and builds the analyzers.
func build(t *testing.T, conf any) {
	t.Helper()
	p, err := New(conf)
	if err != nil {
		t.Fatalf("New(%#v): %v", conf, err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatalf("BuildAnalyzers: %v", err)
	}
	if len(as) != 1 || as[0] != analyzer.Analyzer {
		t.Fatalf("BuildAnalyzers = %v, want [analyzer.Analyzer]", as)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode = %q, want %q (the analyzer needs types for SSA)", got, register.LoadModeTypesInfo)
	}
}

func flagValue(t *testing.T, name string) string {
	t.Helper()
	f := analyzer.Analyzer.Flags.Lookup(name)
	if f == nil {
		t.Fatalf("analyzer.Analyzer has no -%s flag", name)
	}
	return f.Value.String()
}

func TestRegistered(t *testing.T) {
	if Name != analyzer.Analyzer.Name {
		t.Errorf("plugin name %q != analyzer name %q: //nolint:%s would not work under golangci-lint", Name, analyzer.Analyzer.Name, analyzer.Analyzer.Name)
	}
	if _, err := register.GetPlugin(Name); err != nil {
		t.Fatal(err)
	}
}

func TestNoSettings(t *testing.T) {
	saveFlags(t)
	before := flagValue(t, "reads")
	for _, conf := range []any{nil, map[string]any{}} {
		build(t, conf)
		if got := flagValue(t, "reads"); got != before {
			t.Errorf("settings %#v: -reads = %s, want it untouched (%s)", conf, got, before)
		}
	}
}

func TestUnknownKey(t *testing.T) {
	_, err := New(map[string]any{"reads": true, "raeds": false})
	if err == nil || !strings.Contains(err.Error(), `unknown field "raeds"`) {
		t.Fatalf("New with an unknown key: err = %v, want unknown field \"raeds\"", err)
	}
}

func TestReads(t *testing.T) {
	saveFlags(t)
	build(t, map[string]any{"reads": false})
	if got := flagValue(t, "reads"); got != "false" {
		t.Errorf("reads: false: -reads = %s, want false", got)
	}
	build(t, map[string]any{"reads": true})
	if got := flagValue(t, "reads"); got != "true" {
		t.Errorf("reads: true: -reads = %s, want true", got)
	}
	if _, err := New(map[string]any{"reads": "no"}); err == nil {
		t.Errorf(`New(reads: "no") succeeded, want a type error`)
	}
}

func TestConnTypes(t *testing.T) {
	saveFlags(t)
	if analyzer.Analyzer.Flags.Lookup("conntypes") == nil {
		t.Fatal("analyzer.Analyzer has no -conntypes flag yet (being added in analyzer/): the conntypes setting cannot be applied")
	}
	build(t, map[string]any{"conntypes": []any{"example.com/internal/ws.Conn", " example.com/x/v2.Socket "}})
	if got, want := flagValue(t, "conntypes"), "example.com/internal/ws.Conn,example.com/x/v2.Socket"; got != want {
		t.Errorf("-conntypes = %q, want %q", got, want)
	}
	for _, bad := range []any{
		[]any{"example.com/a.Conn,example.com/b.Conn"}, // one entry per list item
		[]any{""},
		"example.com/a.Conn", // a list, not a string
	} {
		if _, err := New(map[string]any{"conntypes": bad}); err == nil {
			t.Errorf("New(conntypes: %#v) succeeded, want an error", bad)
		}
	}
}

// TestRelated: under golangci-lint related information is off unless
// asked for, because golangci-lint turns each piece into an issue.
func TestRelated(t *testing.T) {
	saveFlags(t)
	build(t, nil)
	if got := flagValue(t, "related"); got != "false" {
		t.Errorf("no settings: -related = %s, want false", got)
	}
	build(t, map[string]any{"related": true})
	if got := flagValue(t, "related"); got != "true" {
		t.Errorf("related: true: -related = %s, want true", got)
	}
}
