package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/report"
	"golang.org/x/tools/go/analysis"
)

// atLine is the place a message names: "... at file.go:12".
var atLine = regexp.MustCompile(` at ([^ :]+\.go):(\d+)`)

// noPos is how a missing position would read in a message ("-:0", ".:0").
var noPos = regexp.MustCompile(`(^|[ (])[-.]?:0\b`)

// TestPositions checks, on every finding of every testdata package,
// what a user reading it relies on: the other access the message names
// and the related information's "the other ..." entry are the same place,
// and every position (the finding, the other access, the goroutine's
// start) is the start of a call or of a go statement, never a closing
// brace or a func keyword.
func TestPositions(t *testing.T) {
	saved := explain
	explain = true // the chains' positions too
	defer func() { explain = saved }()
	root, _ := filepath.Abs("..")
	a := *Analyzer
	a.Run = func(pass *analysis.Pass) (any, error) { return runPass(pass, false) }
	pkgs, _ := filepath.Glob(filepath.Join(root, "testdata", "patterns", "*"))
	var dirs []string
	for _, p := range pkgs {
		rel, _ := filepath.Rel(root, p)
		dirs = append(dirs, "./"+rel+"/...")
	}
	checked := 0
	for _, r := range analyzeTestdata(t, &a, dirs...) {
		starts := callStarts(r.Files)
		fset := r.Fset
		where := func(pos token.Pos) string {
			p := fset.Position(pos)
			return fmt.Sprintf("%s:%d:%d", filepath.Base(p.Filename), p.Line, p.Column)
		}
		for _, d := range r.Diagnostics {
			if d.Category != report.CategoryWrite && d.Category != report.CategoryRead {
				continue
			}
			checked++
			if !starts[d.Pos] {
				t.Errorf("%s: finding not at the start of a call: %s", where(d.Pos), d.Message)
			}
			if noPos.MatchString(d.Message) {
				t.Errorf("%s: the message names a missing position: %s", where(d.Pos), d.Message)
			}
			m := atLine.FindStringSubmatch(d.Message)
			for _, rel := range d.Related {
				if !starts[rel.Pos] {
					t.Errorf("%s: related %q at %s, not the start of a call or go statement", where(d.Pos), rel.Message, where(rel.Pos))
				}
				if !strings.HasPrefix(rel.Message, "the other ") || strings.Contains(rel.Message, ": through ") || m == nil {
					continue
				}
				p := fset.Position(rel.Pos)
				if line, _ := strconv.Atoi(m[2]); filepath.Base(p.Filename) != m[1] || p.Line != line {
					t.Errorf("%s: the message names %s:%s, the related information %s", where(d.Pos), m[1], m[2], where(rel.Pos))
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("checked %d findings; the testdata has more", checked)
	}
}

// callStarts returns the positions where calls, go statements and
// sends start.
func callStarts(files []*ast.File) map[token.Pos]bool {
	out := make(map[token.Pos]bool)
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				out[n.Pos()] = true
			case *ast.GoStmt:
				out[n.Pos()] = true
			case *ast.DeferStmt:
				out[n.Pos()] = true
			case *ast.SendStmt:
				out[n.Pos()] = true // a task sent to a worker
			}
			return true
		})
	}
	return out
}

// TestExplain: with -explain, a finding reached through helpers lists,
// for each side, the calls from the function that saw both down to the
// access; without it, none.
func TestExplain(t *testing.T) {
	chains := func(on bool) []string {
		saved := explain
		explain = on
		defer func() { explain = saved }()
		a := *Analyzer
		a.Run = func(pass *analysis.Pass) (any, error) { return runPass(pass, false) }
		var out []string
		for _, r := range analyzeTestdata(t, &a, "./testdata/patterns/business") {
			for _, d := range r.Diagnostics {
				for _, rel := range d.Related {
					if strings.Contains(rel.Message, ": through ") {
						p := r.Fset.Position(rel.Pos)
						out = append(out, fmt.Sprintf("%d: %s", p.Line, rel.Message))
					}
				}
			}
		}
		return out
	}
	if got := chains(false); len(got) > 0 {
		t.Errorf("without -explain, chains: %q", got)
	}
	got := chains(true)
	if !slices.Contains(got, "157: this write: through pushWorker") {
		t.Errorf("with -explain, no chain through pushWorker at line 157; got %q", got)
	}
}
