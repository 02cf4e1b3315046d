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
	"os"
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
