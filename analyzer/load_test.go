package analyzer

import (
	"go/ast"
	"go/token"
	"path/filepath"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// A testRun is one analysed package of a test: its files, findings and
// result.
type testRun struct {
	Fset        *token.FileSet
	Files       []*ast.File
	Diagnostics []analysis.Diagnostic
	Result      any
}

// loadedTestdata caches the packages of a testdata pattern list: the
// tests that analyse one package several times (with budgets cut, with
// and without -explain) type-check it and the standard library below it
// once per test binary.
var loadedTestdata sync.Map // patterns joined -> func() ([]*packages.Package, error)

// loadTestdata loads the testdata packages matching patterns (relative to
// the module root, "./testdata/..."), from source with their
// dependencies, as analysistest does.
func loadTestdata(t testing.TB, patterns ...string) []*packages.Package {
	t.Helper()
	key := filepath.Join(patterns...)
	once, _ := loadedTestdata.LoadOrStore(key, sync.OnceValues(func() ([]*packages.Package, error) {
		root, err := filepath.Abs("..")
		if err != nil {
			return nil, err
		}
		return packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: root}, patterns...)
	}))
	pkgs, err := once.(func() ([]*packages.Package, error))()
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("errors loading %v", patterns)
	}
	return pkgs
}

// analyzeTestdata runs a on the testdata packages matching patterns and
// returns one testRun per package matched, in load order.
func analyzeTestdata(t testing.TB, a *analysis.Analyzer, patterns ...string) []testRun {
	t.Helper()
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, loadTestdata(t, patterns...), nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []testRun
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Fatalf("%s: %v", act.Package.PkgPath, act.Err)
		}
		out = append(out, testRun{Fset: act.Package.Fset, Files: act.Package.Syntax, Diagnostics: act.Diagnostics, Result: act.Result})
	}
	return out
}
