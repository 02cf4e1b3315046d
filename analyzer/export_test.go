package analyzer

import (
	"golang.org/x/tools/go/analysis"
)

// SinglePackage is Analyzer without fact export, for tests of single
// packages: analysistest treats every exported fact as an expectation.
var SinglePackage = func() *analysis.Analyzer {
	a := *Analyzer
	a.Run = func(pass *analysis.Pass) (any, error) { return runPass(pass, false) }
	return &a
}()
