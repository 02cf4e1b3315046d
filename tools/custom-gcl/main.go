// Command custom-gcl is golangci-lint v2 with the wsconcurrent module plugin
// linked in (plugins.go). It does what `golangci-lint custom` builds, from
// the Go module proxy alone: golangci-lint is an ordinary dependency here,
// and `golangci-lint custom` always clones it from GitHub.
//
//	cd tools/custom-gcl
//	go build -o ../../bin/custom-gcl -ldflags "-X main.version=v2.15.0-wsconcurrent-$(git rev-parse --short HEAD)" .
//
// golangci-lint salts its result cache with the version string (unless it
// is "" or "(devel)", when it hashes the executable): a fixed version with
// changed plugin code replays stale results. Put something in the version
// that changes with the plugin and analyzer sources, or leave the default.
package main

import (
	"fmt"
	"os"
	"runtime"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"
)

// Set with -ldflags "-X main.version=... -X main.commit=... -X main.date=...".
var (
	version = "(devel)"
	commit  = "?"
	date    = "(unknown)"
)

func main() {
	info := commands.BuildInfo{Version: version, Commit: commit, Date: date, GoVersion: runtime.Version()}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
