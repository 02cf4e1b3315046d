package analyzer

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/wsconcurrent/wsconcurrent/internal/testenv"
	"golang.org/x/tools/go/analysis"
)

// SinglePackage is Analyzer without fact export, for tests of single
// packages: analysistest treats every exported fact as an expectation.
var SinglePackage = func() *analysis.Analyzer {
	a := *Analyzer
	a.Run = func(pass *analysis.Pass) (any, error) { return runPass(pass, false) }
	return &a
}()

// FrameworksModule returns the root of testdata/frameworks, a module of
// its own that requires web frameworks this module does not (gin, fiber,
// echo, httprouter, ants, cron), so that their dependencies don't reach
// this module's users. Its modules are downloaded once per test binary
// through the environment's proxy (analysistest loads packages with
// GOPROXY=off), and only when the heavy tests were asked for
// (internal/testenv): t is skipped otherwise.
func FrameworksModule(t testing.TB) string {
	t.Helper()
	testenv.Heavy(t, "downloads and type-checks gin, fiber, echo, httprouter, ants and cron")
	dir, err := frameworksModule()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

var frameworksModule = sync.OnceValues(func() (string, error) {
	dir, err := filepath.Abs(filepath.Join("..", "testdata", "frameworks"))
	if err != nil {
		return "", err
	}
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go mod download in %s: %v\n%s", dir, err, out)
	}
	return dir, nil
})
