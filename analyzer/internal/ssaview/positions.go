package ssaview

import (
	"cmp"
	"fmt"
	"go/token"
	"path/filepath"
	"slices"
)

// comparePosition orders two positions by file name, then offset.
// Comparing token.Pos values across files is not deterministic:
// go/packages parses a package's files in parallel, so the order of the
// files' bases in the FileSet, and with it the order of their Pos
// values, changes from run to run.
func ComparePosition(fset *token.FileSet, a, b token.Pos) int {
	if a == b {
		return 0
	}
	fa, fb := fset.File(a), fset.File(b)
	switch {
	case fa == fb: // within one file (or both NoPos), Pos order is offset order
		return cmp.Compare(a, b)
	case fa == nil:
		return -1
	case fb == nil:
		return 1
	}
	return cmp.Compare(fa.Name(), fb.Name())
}

// sortByPosition sorts xs by the source position of pos(x), as
// comparePosition orders them.
func SortByPosition[T any](fset *token.FileSet, xs []T, pos func(T) token.Pos) {
	slices.SortStableFunc(xs, func(a, b T) int { return ComparePosition(fset, pos(a), pos(b)) })
}

// Where renders pos as "file.go:line", the file without its directory.
func Where(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}
