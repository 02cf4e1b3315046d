package robustness

import (
	"go/types"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsconcurrent/wsconcurrent/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// root is the module root: testdata/badinput is part of the module and
// uses the gorilla/websocket it requires.
var root, _ = filepath.Abs("..")

// single is wsconcurrent without fact export: analysistest treats every
// exported fact as an expectation, and these packages are checked alone.
var single = func() *analysis.Analyzer {
	a := *analyzer.Analyzer
	a.Run = func(pass *analysis.Pass) (any, error) {
		p := *pass
		p.ExportObjectFact = func(types.Object, analysis.Fact) {}
		return analyzer.Analyzer.Run(&p)
	}
	return &a
}()

func badinput(t *testing.T, pkgs ...string) {
	t.Helper()
	for i, p := range pkgs {
		pkgs[i] = "./testdata/badinput/" + p
	}
	analysistest.Run(t, root, single, pkgs...)
}

// TestBadInput checks the findings (want comments) of each package, in
// one load.
func TestBadInput(t *testing.T) {
	pkgs := []string{
		"generics",    // generic wrappers around conns and locks
		"unreachable", // writes after panic, return, for {}, select {}, os.Exit, under if false are not reported
		"goindefer",   // goroutines started from deferred calls
		"panics",      // writes in recover handlers, re-panics
		"loops",       // go in a range-over-func body, go in a defer in a loop, method expressions
	}
	if cgoOK(t) {
		// A package with import "C" is analysed (go/packages gives the
		// cgo-processed files, whose //line directives map back to the
		// source) and its findings are reported at the original
		// positions.
		pkgs = append(pkgs, "cgo")
	} else {
		t.Log("cgo unavailable: not checking testdata/badinput/cgo")
	}
	badinput(t, pkgs...)
}

// cgoOK reports whether cgo can build here.
func cgoOK(t *testing.T) bool {
	t.Helper()
	out, err := exec.Command("go", "env", "CGO_ENABLED", "CC").Output()
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(out))
	if len(f) < 2 || f[0] != "1" {
		return false
	}
	_, err = exec.LookPath(f[1])
	return err == nil
}

// requireCgo skips the test where cgo can't build.
func requireCgo(t *testing.T) {
	t.Helper()
	if !cgoOK(t) {
		t.Skip("cgo is disabled (go env CGO_ENABLED) or there is no C compiler")
	}
}
