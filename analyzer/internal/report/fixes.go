package report

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strconv"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/analysis"
)

// Suggested fixes, offered only where they are always safe.
//
// A ping, pong or close frame sent with WriteMessage becomes
//
//	conn.WriteControl(websocket.PingMessage, data, time.Now().Add(10*time.Second))
//
// WriteControl may run concurrently with the write methods, so the frame
// leaves the race. The fix is offered only when data is certainly a valid
// control payload (nil, []byte{} or a literal of at most 125 bytes, a
// constant of at most 125 bytes or []byte of one, or FormatCloseMessage
// with a short constant text): WriteControl rejects longer ones. The deadline is 10 seconds, the write wait gorilla's own
// examples use; pick yours after applying.

// maxControlPayload is gorilla's limit for control frame payloads.
const maxControlPayload = 125

// controlFrames are gorilla's message type constants for control frames.
var controlFrames = map[int64]bool{8: true, 9: true, 10: true} // close, ping, pong

// controlFrameFix returns the fix for a WriteMessage call that sends a
// control frame, or nil.
func (r *Reporter) controlFrameFix(call *ast.CallExpr) *analysis.SuggestedFix {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "WriteMessage" || len(call.Args) != 2 || call.Ellipsis.IsValid() {
		return nil
	}
	if fn, ok := r.pass.TypesInfo.Uses[sel.Sel].(*types.Func); !ok || fn.Pkg() == nil || !r.contract.IsConnPkg(fn.Pkg().Path()) {
		return nil
	}
	tv, ok := r.pass.TypesInfo.Types[call.Args[0]]
	if !ok || tv.Value == nil {
		return nil
	}
	kind, exact := constant.Int64Val(tv.Value)
	if !exact || !controlFrames[kind] || !r.validControlPayload(call.Args[1]) {
		return nil
	}
	file := r.fileOf(call.Pos())
	if file == nil {
		return nil
	}
	timeName, importEdit := timeImport(file)
	deadline := timeName + ".Now().Add(10 * " + timeName + ".Second)"
	edits := []analysis.TextEdit{
		{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte("WriteControl")},
		{Pos: call.Rparen, End: call.Rparen, NewText: []byte(", " + deadline)},
	}
	if importEdit != nil {
		edits = append(edits, *importEdit)
	}
	return &analysis.SuggestedFix{
		Message:   "send the control frame with WriteControl, which may run concurrently with writes",
		TextEdits: edits,
	}
}

// validControlPayload reports whether e is certainly at most 125 bytes.
func (r *Reporter) validControlPayload(e ast.Expr) bool {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok && id.Name == "nil" {
		return r.pass.TypesInfo.Types[e].IsNil()
	}
	if tv, ok := r.pass.TypesInfo.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return len(constant.StringVal(tv.Value)) <= maxControlPayload
	}
	// []byte{} or []byte{'p', 'i', 'n', 'g'}: its length is its
	// elements'.
	if lit, ok := e.(*ast.CompositeLit); ok {
		return r.isByteSlice(lit) && len(lit.Elts) <= maxControlPayload
	}
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 && len(call.Args) != 2 {
		return false
	}
	// []byte("constant")
	if len(call.Args) == 1 {
		if tv, ok := r.pass.TypesInfo.Types[call.Fun]; ok && tv.IsType() {
			if c, ok := r.pass.TypesInfo.Types[call.Args[0]]; ok && c.Value != nil && c.Value.Kind() == constant.String {
				return len(constant.StringVal(c.Value)) <= maxControlPayload
			}
		}
		return false
	}
	// websocket.FormatCloseMessage(code, "constant"): 2 bytes + text.
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "FormatCloseMessage" {
		return false
	}
	fn, ok := r.pass.TypesInfo.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || !r.contract.IsConnPkg(fn.Pkg().Path()) {
		return false
	}
	c, ok := r.pass.TypesInfo.Types[call.Args[1]]
	return ok && c.Value != nil && c.Value.Kind() == constant.String && 2+len(constant.StringVal(c.Value)) <= maxControlPayload
}

// isByteSlice reports whether lit is a []byte literal without keys (a
// keyed element could place one far out: []byte{200: 0}).
func (r *Reporter) isByteSlice(lit *ast.CompositeLit) bool {
	tv, ok := r.pass.TypesInfo.Types[lit]
	if !ok {
		return false
	}
	sl, ok := tv.Type.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	if b, ok := sl.Elem().Underlying().(*types.Basic); !ok || b.Kind() != types.Byte {
		return false
	}
	for _, el := range lit.Elts {
		if _, keyed := el.(*ast.KeyValueExpr); keyed {
			return false
		}
	}
	return true
}

func (r *Reporter) fileOf(pos token.Pos) *ast.File {
	for _, f := range r.pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			return f
		}
	}
	return nil
}

// timeImport returns the name the file uses for package time, and an
// edit that imports it when the file doesn't.
func timeImport(f *ast.File) (string, *analysis.TextEdit) {
	for _, imp := range f.Imports {
		if path, err := strconv.Unquote(imp.Path.Value); err == nil && path == "time" {
			if imp.Name != nil && imp.Name.Name != "_" && imp.Name.Name != "." {
				return imp.Name.Name, nil
			}
			if imp.Name == nil {
				return "time", nil
			}
		}
	}
	// Add an import declaration after the last one (or the package
	// clause); gofmt keeps it valid.
	pos := f.Name.End()
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			pos = gd.End()
		}
	}
	return "time", &analysis.TextEdit{Pos: pos, End: pos, NewText: []byte("\n\nimport \"time\"")}
}

// An RLock does not exclude another RLock: two writes under RLock of one
// RWMutex still race. When the function that writes takes the read lock
// itself, once, the fix takes it exclusively:
//
//	s.mu.RLock()         ->  s.mu.Lock()
//	defer s.mu.RUnlock() ->  defer s.mu.Unlock()
//
// It is offered only when the function has exactly one RLock on that
// mutex, its RUnlocks, and no other Lock or Unlock of it.

// sharedLockFix returns the fix for a finding whose two accesses hold a
// common RWMutex only for reading, or nil.
func (r *Reporter) sharedLockFix(f *finding, call *ast.CallExpr) *analysis.SuggestedFix {
	shared := false
	for _, l := range f.a.Locks {
		for _, m := range f.other.Locks {
			if !l.Excl && !m.Excl && l.Path.Group == m.Path.Group && paths.Match(l.Path, m.Path) {
				shared = true
			}
		}
	}
	if !shared {
		return nil
	}
	body := r.enclosingBody(call.Pos())
	if body == nil {
		return nil
	}
	calls := make(map[string]map[string][]*ast.Ident) // receiver text -> method -> selectors
	ast.Inspect(body, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		fn, ok := r.pass.TypesInfo.Uses[sel.Sel].(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
			return true
		}
		recv := fn.Type().(*types.Signature).Recv()
		if recv == nil || ssaview.NamedOf(recv.Type()) == nil || ssaview.NamedOf(recv.Type()).Obj().Name() != "RWMutex" {
			return true
		}
		text := types.ExprString(sel.X)
		if calls[text] == nil {
			calls[text] = make(map[string][]*ast.Ident)
		}
		calls[text][sel.Sel.Name] = append(calls[text][sel.Sel.Name], sel.Sel)
		return true
	})
	var target string
	for text, m := range calls {
		if len(m["RLock"]) == 1 && len(m["RUnlock"]) > 0 && len(m["Lock"]) == 0 && len(m["Unlock"]) == 0 {
			if target != "" {
				return nil // two candidate mutexes: don't guess
			}
			target = text
		}
	}
	if target == "" {
		return nil
	}
	m := calls[target]
	edits := []analysis.TextEdit{{Pos: m["RLock"][0].Pos(), End: m["RLock"][0].End(), NewText: []byte("Lock")}}
	for _, id := range m["RUnlock"] {
		edits = append(edits, analysis.TextEdit{Pos: id.Pos(), End: id.End(), NewText: []byte("Unlock")})
	}
	return &analysis.SuggestedFix{
		Message:   "hold " + target + " exclusively: RLock does not exclude other readers",
		TextEdits: edits,
	}
}

// enclosingBody returns the body of the innermost function (declaration
// or literal) containing pos.
func (r *Reporter) enclosingBody(pos token.Pos) *ast.BlockStmt {
	f := r.fileOf(pos)
	if f == nil {
		return nil
	}
	// Declarations are in source order: find the one holding pos by
	// binary search rather than walking the file once per finding.
	i := sort.Search(len(f.Decls), func(i int) bool { return f.Decls[i].End() > pos })
	if i == len(f.Decls) || pos < f.Decls[i].Pos() {
		return nil
	}
	var body *ast.BlockStmt
	ast.Inspect(f.Decls[i], func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncDecl:
			body = n.Body
		case *ast.FuncLit:
			body = n.Body
		}
		return true
	})
	return body
}
