// Package testenv decides which of the project's tests run. It takes the
// environment and gives each test one answer: run, or skip with a line
// that says why and how to ask for it.
//
// `go test ./...` must pass quickly on a newcomer's machine with an empty
// module cache. The tests that download and build large third-party
// modules (golangci-lint built with the plugin; gin, fiber, echo, ants,
// cron and httprouter type-checked for the framework checks) run only
// when WSCONCURRENT_HEAVY_TESTS=1 is set. .ci/run sets it, so CI runs
// every test.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// HeavyEnv is the variable that asks for the heavy tests.
const HeavyEnv = "WSCONCURRENT_HEAVY_TESTS"

// Heavy skips t unless the heavy tests were asked for; what says what
// the test downloads or builds.
func Heavy(t testing.TB, what string) {
	t.Helper()
	if os.Getenv(HeavyEnv) != "1" {
		t.Skipf("%s=1 runs this test (it %s)", HeavyEnv, what)
	}
}

// FrameworksModule returns the directory of testdata/frameworks, a module
// of its own that requires web frameworks this module does not (gin,
// fiber, echo, httprouter, ants, cron), so that their dependencies don't
// reach this module's users. Its modules are downloaded once per test
// binary through the environment's proxy (analysistest loads packages
// with GOPROXY=off), and only when the heavy tests were asked for: t is
// skipped otherwise.
func FrameworksModule(t testing.TB) string {
	t.Helper()
	Heavy(t, "downloads and type-checks gin, fiber, echo, httprouter, ants and cron")
	dir, err := frameworksModule()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

var frameworksModule = sync.OnceValues(func() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	dir := filepath.Join(filepath.Dir(strings.TrimSpace(string(out))), "testdata", "frameworks")
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go mod download in %s: %v\n%s", dir, err, out)
	}
	return dir, nil
})
