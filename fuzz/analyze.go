package fuzz

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/wsconcurrent/wsconcurrent/analyzer"
	"github.com/wsconcurrent/wsconcurrent/internal/exportdata"
	"golang.org/x/tools/go/analysis"
)

// Imports are the packages a program given to Analyze may import. Their
// types come from export data, loaded once per process.
var Imports = []string{"sync", "time", "github.com/gorilla/websocket"}

var load = sync.OnceValues(func() (exportdata.Packages, error) { return exportdata.Load(Imports...) })

// A Diagnostic is one finding, with its position in the file.
type Diagnostic struct {
	Line, Col int
	Category  string
	Message   string
	Related   []string // "line:col: message"
	Fixes     int      // number of suggested fixes
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%d:%d: [%s] %s", d.Line, d.Col, d.Category, d.Message)
}

// Filename is the name the source given to Analyze is parsed under.
const Filename = "p.go"

// typeCheck parses and type-checks src as package p. With allowErrors,
// type errors are returned in errs and the package and info are as
// complete as the type checker could make them.
func typeCheck(src string, allowErrors bool) (fset *token.FileSet, f *ast.File, pkg *types.Package, info *types.Info, errs []types.Error, err error) {
	imports, err := load()
	if err != nil {
		return nil, nil, nil, nil, nil, fmt.Errorf("loading %v: %v", Imports, err)
	}
	fset = token.NewFileSet()
	f, err = parser.ParseFile(fset, Filename, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, nil, nil, nil, err
	}
	info = &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Instances:    make(map[*ast.Ident]types.Instance),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		Scopes:       make(map[ast.Node]*types.Scope),
		FileVersions: make(map[*ast.File]string),
	}
	conf := types.Config{
		GoVersion: "go1.26",
		Sizes:     types.SizesFor("gc", "amd64"),
		Importer:  imports,
	}
	if allowErrors {
		conf.Error = func(err error) { errs = append(errs, err.(types.Error)) }
	}
	pkg, err = conf.Check("example.com/p", fset, []*ast.File{f}, info)
	if err != nil && !allowErrors {
		return nil, nil, nil, nil, nil, fmt.Errorf("type error: %v", err)
	}
	return fset, f, pkg, info, errs, nil
}

// Analyze type-checks src (one file of a package that imports only
// Imports) and runs wsconcurrent on it in-process, the way a driver does:
// facts exported by the pass are gob-encoded and decoded as go vet does.
// It returns the diagnostics in report order, or the type error or the
// analyzer's error. It also checks what any driver relies on: every
// position is in the file, and every suggested fix applies to a program
// that still type-checks.
func Analyze(src string) ([]Diagnostic, error) {
	diags, _, _, err := analyze(src, false)
	return diags, err
}

// AnalyzeStats is Analyze that also returns the pass's work figures.
func AnalyzeStats(src string) ([]Diagnostic, *analyzer.Stats, error) {
	diags, stats, _, err := analyze(src, false)
	return diags, stats, err
}

// AnalyzeDespiteErrors is Analyze for a src that may not type-check: the
// analyzer runs on the partial type information and SSA, as it would
// under a driver if it set RunDespiteErrors (it does not: drivers skip it
// on such packages). It returns the type errors too.
func AnalyzeDespiteErrors(src string) ([]Diagnostic, []types.Error, error) {
	diags, _, errs, err := analyze(src, true)
	return diags, errs, err
}

func analyze(src string, allowErrors bool) ([]Diagnostic, *analyzer.Stats, []types.Error, error) {
	fset, f, pkg, info, typeErrs, err := typeCheck(src, allowErrors)
	if err != nil {
		return nil, nil, nil, err
	}
	var (
		diags []analysis.Diagnostic
		facts = make(map[types.Object][]byte)
		fail  error
	)
	pass := &analysis.Pass{
		Analyzer:   analyzer.Analyzer,
		Fset:       fset,
		Files:      []*ast.File{f},
		Pkg:        pkg,
		TypesInfo:  info,
		TypesSizes: types.SizesFor("gc", "amd64"),
		TypeErrors: typeErrs,
		Report:     func(d analysis.Diagnostic) { diags = append(diags, d) },
		ResultOf:   map[*analysis.Analyzer]any{},
		ReadFile: func(name string) ([]byte, error) {
			if name == Filename {
				return []byte(src), nil
			}
			return nil, os.ErrNotExist
		},
		ImportObjectFact: func(obj types.Object, fact analysis.Fact) bool {
			data, ok := facts[obj]
			if !ok {
				return false
			}
			if err := gob.NewDecoder(bytes.NewReader(data)).Decode(fact); err != nil {
				fail = errors.Join(fail, fmt.Errorf("decoding fact of %v: %v", obj, err))
				return false
			}
			return true
		},
		ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
			if obj.Pkg() != pkg {
				fail = errors.Join(fail, fmt.Errorf("fact exported for %v of another package", obj))
			}
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(fact); err != nil {
				fail = errors.Join(fail, fmt.Errorf("encoding fact of %v: %v", obj, err))
				return
			}
			// Decode it back as the importing package would see it.
			back := reflect.New(reflect.TypeOf(fact).Elem()).Interface().(analysis.Fact)
			if err := gob.NewDecoder(bytes.NewReader(buf.Bytes())).Decode(back); err != nil {
				fail = errors.Join(fail, fmt.Errorf("decoding fact of %v: %v", obj, err))
			}
			facts[obj] = buf.Bytes()
		},
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		ExportPackageFact: func(analysis.Fact) { fail = errors.Join(fail, errors.New("unexpected package fact")) },
		AllObjectFacts:    func() []analysis.ObjectFact { return nil },
		AllPackageFacts:   func() []analysis.PackageFact { return nil },
	}
	result, err := analyzer.Analyzer.Run(pass)
	if err != nil {
		return nil, nil, typeErrs, err
	}
	if fail != nil {
		return nil, nil, typeErrs, fail
	}
	stats, _ := result.(*analyzer.Stats)
	file := fset.File(f.Pos())
	inFile := func(p token.Pos) bool {
		return p.IsValid() && int(p) >= file.Base() && int(p) <= file.Base()+file.Size()
	}
	var out []Diagnostic
	var edits []analysis.TextEdit
	for _, d := range diags {
		if !inFile(d.Pos) || (d.End.IsValid() && (!inFile(d.End) || d.End < d.Pos)) {
			return nil, nil, typeErrs, fmt.Errorf("diagnostic %q at an invalid position %d-%d", d.Message, d.Pos, d.End)
		}
		p := fset.Position(d.Pos)
		od := Diagnostic{Line: p.Line, Col: p.Column, Category: d.Category, Message: d.Message, Fixes: len(d.SuggestedFixes)}
		for _, r := range d.Related {
			if !inFile(r.Pos) {
				return nil, nil, typeErrs, fmt.Errorf("%v: related information %q at an invalid position", od, r.Message)
			}
			rp := fset.Position(r.Pos)
			od.Related = append(od.Related, fmt.Sprintf("%d:%d: %s", rp.Line, rp.Column, r.Message))
		}
		for _, fix := range d.SuggestedFixes {
			for _, e := range fix.TextEdits {
				if !inFile(e.Pos) || !inFile(e.End) || e.End < e.Pos {
					return nil, nil, typeErrs, fmt.Errorf("%v: fix %q has an edit at an invalid position", od, fix.Message)
				}
				edits = append(edits, e)
			}
		}
		out = append(out, od)
	}
	if len(edits) > 0 {
		fixed, err := apply(src, file.Base(), edits)
		if err != nil {
			return nil, nil, typeErrs, err
		}
		if _, _, _, _, _, err := typeCheck(fixed, allowErrors); err != nil {
			return nil, nil, typeErrs, fmt.Errorf("the program after the suggested fixes does not type-check: %v\n%s", err, fixed)
		}
	}
	return out, stats, typeErrs, nil
}

// apply applies edits (deduplicated; two fixes may make the same edit)
// to src, and fails if two different edits overlap.
func apply(src string, base int, edits []analysis.TextEdit) (string, error) {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Pos < edits[j].Pos })
	var b strings.Builder
	last := 0
	var prev *analysis.TextEdit
	for i := range edits {
		e := &edits[i]
		if prev != nil && e.Pos == prev.Pos && e.End == prev.End && string(e.NewText) == string(prev.NewText) {
			continue
		}
		start, end := int(e.Pos)-base, int(e.End)-base
		if start < last {
			return "", fmt.Errorf("suggested fixes overlap at offset %d", start)
		}
		b.WriteString(src[last:start])
		b.Write(e.NewText)
		last = end
		prev = e
	}
	b.WriteString(src[last:])
	return b.String(), nil
}
