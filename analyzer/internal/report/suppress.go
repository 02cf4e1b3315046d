package report

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Suppression for go vet users, who have no //nolint: a comment
//
//	//wsconcurrent:ignore <reason>
//
// on the line of a finding silences that finding; in the doc comment of
// a function it silences every finding in the function. The reason is
// required: a directive without one is reported, so that every
// suppression says why the race can't happen.

const ignoreDirective = "//wsconcurrent:ignore"

// suppressions holds the lines and function ranges silenced in a
// package.
type suppressions struct {
	lines  map[string]map[int]bool // file -> line
	ranges [][2]token.Pos          // function bodies
}

// collectSuppressions reads the directives of the package's files and
// reports those without a reason.
func collectSuppressions(pass *analysis.Pass) *suppressions {
	s := &suppressions{lines: make(map[string]map[int]bool)}
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				reason, ok := directive(c.Text)
				if !ok {
					continue
				}
				if reason == "" {
					pass.Report(analysis.Diagnostic{
						Pos:      c.Pos(),
						End:      c.End(),
						Category: CategoryDirective,
						Message:  "wsconcurrent:ignore directive needs a reason: //wsconcurrent:ignore <why this cannot race>",
					})
					continue
				}
				p := pass.Fset.Position(c.Pos())
				if s.lines[p.Filename] == nil {
					s.lines[p.Filename] = make(map[int]bool)
				}
				s.lines[p.Filename][p.Line] = true
			}
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Doc == nil {
				continue
			}
			for _, c := range fd.Doc.List {
				if reason, ok := directive(c.Text); ok && reason != "" {
					s.ranges = append(s.ranges, [2]token.Pos{fd.Pos(), fd.End()})
				}
			}
		}
	}
	return s
}

// directive parses a comment; ok reports whether it is an ignore
// directive, reason is what follows it.
func directive(text string) (reason string, ok bool) {
	rest, ok := strings.CutPrefix(text, ignoreDirective)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// suppressed reports whether a finding at pos is silenced.
func (s *suppressions) suppressed(fset *token.FileSet, pos token.Pos) bool {
	p := fset.Position(pos)
	if s.lines[p.Filename][p.Line] {
		return true
	}
	for _, r := range s.ranges {
		if r[0] <= pos && pos < r[1] {
			return true
		}
	}
	return false
}
