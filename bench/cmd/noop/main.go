// Command noop is the floor of go vet's driver for bench/vetbench: an
// analyzer that requires only inspect, declares no facts and reports
// nothing. Under go vet -vettool it still parses and type-checks every
// package of the build (unitchecker exports types for dependencies).
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/analysis/singlechecker"
)

var analyzer = &analysis.Analyzer{
	Name:     "noop",
	Doc:      "does nothing (benchmark floor)",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { singlechecker.Main(analyzer) }
