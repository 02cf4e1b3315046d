// Command factnoop is the floor of a facts-based analyzer for
// bench/vetbench: like noop it requires only inspect and reports
// nothing, but it declares a fact type (and never exports a fact), so
// drivers treat it as wsconcurrent is treated: run on every dependency,
// facts encoded and decoded for each package.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/analysis/singlechecker"
)

type fact struct{ X int }

func (*fact) AFact() {}

var analyzer = &analysis.Analyzer{
	Name:      "factnoop",
	Doc:       "declares a fact type and does nothing (benchmark floor for a facts-based analyzer)",
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	FactTypes: []analysis.Fact{new(fact)},
	Run:       func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { singlechecker.Main(analyzer) }
