package analyzer

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/summarize"
	"golang.org/x/tools/go/analysis"
)

// findingsOf runs the pass on a testdata package and returns its
// findings ("file:line:col: message") and its Stats.
func findingsOf(t testing.TB, pkg string) ([]string, *summarize.Stats) {
	a := *Analyzer
	a.Run = func(pass *analysis.Pass) (any, error) { return runPass(pass, false) }
	var out []string
	var stats *summarize.Stats
	for _, r := range analyzeTestdata(t, &a, "./testdata/"+pkg) {
		for _, d := range r.Diagnostics {
			p := r.Fset.Position(d.Pos)
			out = append(out, fmt.Sprintf("%s:%d:%d: %s", filepath.Base(p.Filename), p.Line, p.Column, d.Message))
		}
		stats, _ = r.Result.(*summarize.Stats)
	}
	return out, stats
}

// TestBudget cuts each budget down to almost nothing and checks what a
// cut analysis promises: it completes, it reports a subset of the full
// analysis's findings (nothing it cannot stand behind), it names the
// functions it cut (Stats.Cut), and it says so on standard error.
func TestBudget(t *testing.T) {
	const pkg = "patterns/business"
	full, stats := findingsOf(t, pkg)
	if len(full) == 0 || stats == nil || len(stats.Cut) > 0 {
		t.Fatalf("the full run: %d findings, stats %+v", len(full), stats)
	}
	for _, tc := range []struct {
		name string
		set  func(*summarize.BudgetLimits)
	}{
		{"summary accesses", func(l *summarize.BudgetLimits) { l.SummaryAccesses = 1 }},
		{"site variants", func(l *summarize.BudgetLimits) { l.SiteVariants = 0 }},
		{"accesses", func(l *summarize.BudgetLimits) { l.FuncAccesses = 1 }},
		{"pairs", func(l *summarize.BudgetLimits) { l.FuncPairs = 2 }},
		{"package work", func(l *summarize.BudgetLimits) { l.PackageWork = 20 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			saved, savedOut := summarize.Limits, summarize.NoteOutput
			defer func() { summarize.Limits, summarize.NoteOutput = saved, savedOut }()
			tc.set(&summarize.Limits)
			var note bytes.Buffer
			summarize.NoteOutput = &note
			cut, stats := findingsOf(t, pkg)
			for _, f := range cut {
				if !slices.Contains(full, f) {
					t.Errorf("a cut run reports what the full run does not: %s", f)
				}
			}
			if len(cut) >= len(full) {
				t.Errorf("the cut run reports all %d findings: the budget did not bite", len(full))
			}
			if stats == nil || len(stats.Cut) == 0 {
				t.Fatalf("Stats.Cut is empty")
			}
			for _, c := range stats.Cut {
				if c.Limit != tc.name {
					t.Errorf("Stats.Cut entry %q does not name the limit %q", c, tc.name)
				}
				if !strings.Contains(c.Posn, ".go:") && (c.Posn != "-" || !strings.HasSuffix(c.Function, ".init")) {
					t.Errorf("Stats.Cut entry %q has no position: %q", c, c.Posn)
				}
			}
			if !strings.Contains(note.String(), "exceeded the analysis budget") {
				t.Errorf("no note on standard error; got %q", note.String())
			}
		})
	}
}
