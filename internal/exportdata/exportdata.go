// Package exportdata loads package types from the compiler's export
// data (go list -export: the build cache), for the fuzzer and the
// benchmarks, which type-check generated source against real packages
// (gorilla/websocket, sync, time, ...) without parsing them.
package exportdata

import (
	"errors"
	"fmt"
	"go/types"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Packages are loaded package types by import path; it is a
// types.Importer over them.
type Packages map[string]*types.Package

// Load loads the packages at paths and all their dependencies. Errors
// of any of them are joined into the error.
func Load(paths ...string) (Packages, error) {
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps}
	pkgs, err := packages.Load(cfg, paths...)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", strings.Join(paths, " "), err)
	}
	loaded := make(Packages)
	var errs error
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = errors.Join(errs, fmt.Errorf("%s: %v", p.PkgPath, e))
		}
		if p.Types != nil {
			loaded[p.PkgPath] = p.Types
		}
	})
	return loaded, errs
}

// Import returns a loaded package; a path that was not loaded is an
// error (the generated source imports something its loader did not
// list).
func (ps Packages) Import(path string) (*types.Package, error) {
	if p := ps[path]; p != nil {
		return p, nil
	}
	return nil, fmt.Errorf("package %q was not loaded", path)
}
