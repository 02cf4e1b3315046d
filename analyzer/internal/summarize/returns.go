package summarize

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"golang.org/x/tools/go/ssa"
)

// What functions return. A getter (func (s *S) Conn() *websocket.Conn)
// returns a path its callers can name; a constructor returns a struct it
// built, whose fields hold values its callers can name. Both let the
// caller see through the call to the same conn.

// NewResolver returns a resolver for fn that sees through calls of
// functions whose summaries say what they return.
func (e *Engine) NewResolver(fn *ssa.Function) *paths.Resolver {
	r := paths.NewResolver(fn)
	r.Assigned = e.Report.AssignedName
	r.Writer = e.writerPaths
	r.Returns = func(r *paths.Resolver, call *ssa.Call, i int) []paths.Path {
		return e.calleeResultPaths(r, call, i, func(s *effect.Summary) [][]paths.Path { return s.Returns })
	}
	r.ReturnedElems = func(r *paths.Resolver, call *ssa.Call, i int) []paths.Path {
		return e.calleeResultPaths(r, call, i, func(s *effect.Summary) [][]paths.Path { return s.ReturnElems })
	}
	r.ReturnedField = func(r *paths.Resolver, call *ssa.Call, i int, name string) []paths.Path {
		callee, bindings := e.Callee(call.Common())
		if callee == nil {
			return nil
		}
		sum := e.Summarize(callee)
		var out []paths.Path
		for _, rf := range sum.ReturnFields {
			if rf.Result == i && rf.Field == name {
				out = append(out, paths.Subst(rf.Path, r, call.Common().Args, bindings)...)
			}
		}
		return out
	}
	r.Fresh = func(call *ssa.Call, i int) bool {
		callee, _ := e.Callee(call.Common())
		if callee == nil {
			return false
		}
		f := e.Summarize(callee).Fresh
		return i < len(f) && f[i]
	}
	r.Bound = func(call ssa.CallInstruction, i int, name string) []ssa.Value {
		callee, _ := e.Callee(call.Common())
		if callee == nil {
			return nil
		}
		args := call.Common().Args
		var out []ssa.Value
		for _, pub := range e.Summarize(callee).Publishes {
			q := pub.Path
			if pub.FreeVar || pub.Result || pub.Param >= len(args) || q.Root.Kind != paths.RootParam || q.Root.Index != i || len(q.Elems) != 1 || q.Elems[0].Kind != paths.ElemField || q.Elems[0].Name != name {
				continue
			}
			out = append(out, args[pub.Param])
		}
		return out
	}
	return r
}

// calleeResultPaths returns, in the caller's terms, the paths that pick
// chooses for result i from the summary of the function call calls (what
// it returns; the container its result copies).
func (e *Engine) calleeResultPaths(r *paths.Resolver, call *ssa.Call, i int, pick func(*effect.Summary) [][]paths.Path) []paths.Path {
	callee, bindings := e.Callee(call.Common())
	if callee == nil {
		return nil
	}
	perResult := pick(e.Summarize(callee))
	if i >= len(perResult) {
		return nil
	}
	var out []paths.Path
	for _, p := range perResult[i] {
		out = append(out, paths.Subst(p, r, call.Common().Args, bindings)...)
	}
	return out
}

// returnedFields returns the fields of structs st.fn allocates and
// returns, when each holds one value callers can name.
func returnedFields(st *FuncState) []effect.ReturnField {
	n := st.Fn.Signature.Results().Len()
	var out []effect.ReturnField
	for i := 0; i < n; i++ {
		alloc, _ := returnedLocal(st, i).(*ssa.Alloc)
		if alloc == nil {
			out = append(out, forwardedFields(st, i)...)
			continue
		}
		out = append(out, allocFields(st, i, alloc, "", 2)...)
	}
	return dedupReturnFields(out)
}

// allocFields returns the fields of alloc, a struct st.fn allocates and
// returns as result i, that hold a value callers can name, named after
// prefix; a struct st.fn allocated and stored in a field is followed,
// depth levels deep (&agent{conn: conn, svc: &svc{conn: conn}} holds
// conn in "conn" and "svc.conn").
func allocFields(st *FuncState, i int, alloc *ssa.Alloc, prefix string, depth int) []effect.ReturnField {
	var out []effect.ReturnField
	for _, ref := range *alloc.Referrers() {
		fa, ok := ref.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		name := prefix + paths.FieldName(fa.X.Type(), fa.Field)
		for _, p := range st.Res.StoredValue(alloc, paths.FieldName(fa.X.Type(), fa.Field)) {
			if p.Root.Kind != paths.RootLocal {
				out = append(out, effect.ReturnField{Result: i, Field: name, Path: p})
			} else if inner, ok := p.Root.Local.(*ssa.Alloc); ok && len(p.Elems) == 0 && inner != alloc && depth > 1 {
				out = append(out, allocFields(st, i, inner, name+".", depth-1)...)
			} else if call, j := paths.CallResult(p.Root.Local); call != nil && len(p.Elems) == 0 && depth > 1 {
				// A struct a constructor of the package made
				// (svc: newSvc(conn)): the fields its summary says.
				callee, bindings := st.e.Callee(call.Common())
				if callee == nil || callee == st.Fn {
					continue
				}
				for _, rf := range st.e.Summarize(callee).ReturnFields {
					if rf.Result != j || strings.Contains(rf.Field, ".") {
						continue
					}
					for _, q := range paths.Subst(rf.Path, st.Res, call.Common().Args, bindings) {
						if q.Root.Kind != paths.RootLocal {
							out = append(out, effect.ReturnField{Result: i, Field: name + "." + rf.Field, Path: q})
						}
					}
				}
			}
		}
	}
	return out
}

// returnedCopies returns, per result of st.fn, the container whose
// elements the map or slice it returns copies (copies.go).
func returnedCopies(st *FuncState) [][]paths.Path {
	n := st.Fn.Signature.Results().Len()
	var out [][]paths.Path
	for i := 0; i < n; i++ {
		v := returnedValue(st.Fn, i)
		if v == nil {
			continue
		}
		var keep []paths.Path
		for _, p := range st.Res.CopiedFrom(v) {
			if p.Root.Kind != paths.RootLocal {
				keep = append(keep, p)
			}
		}
		if len(keep) == 0 {
			continue
		}
		if out == nil {
			out = make([][]paths.Path, n)
		}
		out[i] = keep
	}
	return out
}

// freshResults says, per result of st.fn, whether every return that is
// not nil returns one object the function allocated.
func freshResults(st *FuncState) []bool {
	n := st.Fn.Signature.Results().Len()
	var out []bool
	for i := 0; i < n; i++ {
		vs := nonNilReturns(st.Fn, i)
		fresh := len(vs) > 0
		for _, v := range vs {
			if _, ok := rootAlloc(st.Res.Resolve(v)); !ok {
				fresh = false
			}
		}
		out = append(out, fresh)
	}
	if !slices.Contains(out, true) {
		return nil
	}
	return out
}

// forwardedFields returns the fields of result i when every non-nil
// return returns the result of one call whose callee says what the
// fields of the struct it returns hold (func Open(c) *S { return
// newS(c) }).
func forwardedFields(st *FuncState, i int) []effect.ReturnField {
	v := returnedLocal(st, i)
	call, j := paths.CallResult(v)
	if call == nil || st.Res.ReturnedField == nil {
		return nil
	}
	ptr, ok := v.Type().Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	str, ok := ptr.Elem().Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	var out []effect.ReturnField
	for k := 0; k < str.NumFields(); k++ {
		name := str.Field(k).Name()
		for _, p := range st.Res.ReturnedField(st.Res, call, j, name) {
			if p.Root.Kind != paths.RootLocal {
				out = append(out, effect.ReturnField{Result: i, Field: name, Path: p})
			}
		}
	}
	return out
}

// nonNilReturns returns the values st.fn's return statements give result
// i, leaving out literal nils (return nil, err).
func nonNilReturns(fn *ssa.Function, i int) []ssa.Value {
	var out []ssa.Value
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || i >= len(ret.Results) {
			continue
		}
		if c, ok := ret.Results[i].(*ssa.Const); ok && c.IsNil() {
			continue
		}
		out = append(out, ret.Results[i])
	}
	return out
}

func rootAlloc(ps []paths.Path) (*ssa.Alloc, bool) {
	if len(ps) != 1 || ps[0].Root.Kind != paths.RootLocal || len(ps[0].Elems) != 0 {
		return nil, false
	}
	a, ok := ps[0].Root.Local.(*ssa.Alloc)
	return a, ok
}

func dedupReturnFields(rfs []effect.ReturnField) []effect.ReturnField {
	seen := make(map[string]bool)
	var out []effect.ReturnField
	for _, rf := range rfs {
		k := fmt.Sprintf("%d.%s=%s", rf.Result, rf.Field, rf.Path.Key)
		if !seen[k] {
			seen[k] = true
			out = append(out, rf)
		}
	}
	return out
}

// returnedPaths returns, per result of st.fn, the non-local paths it
// denotes when all return statements agree; nil if none do.
func returnedPaths(st *FuncState) [][]paths.Path {
	n := st.Fn.Signature.Results().Len()
	if n == 0 {
		return nil
	}
	out := make([][]paths.Path, n)
	any := false
	for i := 0; i < n; i++ {
		var common []paths.Path
		for j, v := range returnedValues(nonNilReturns(st.Fn, i)) {
			ps := st.Res.Resolve(v)
			if p, ok := st.storedField(v); ok {
				ps = []paths.Path{p}
			}
			if j == 0 {
				common = ps
			} else if !samePaths(common, ps) {
				common = nil
			}
		}
		for _, p := range common {
			if p.Root.Kind == paths.RootLocal {
				common = nil
				break
			}
		}
		if len(common) > 0 {
			out[i], any = common, true
		}
	}
	if !any {
		return nil
	}
	return out
}

func samePaths(a, b []paths.Path) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Key != b[i].Key {
			return false
		}
	}
	return true
}

// storedField returns the field a value the function made (a conn it
// dialled) was stored in before every return of it: a get-or-dial
// getter returns the cached field, or the conn it has just stored there,
// and both are the field's conn to its callers. The store must dominate
// every return that returns v.
func (st *FuncState) storedField(v ssa.Value) (paths.Path, bool) {
	refs := v.Referrers()
	if refs == nil {
		return paths.Path{}, false // a function, a constant: stored nowhere
	}
	if ps := st.Res.Resolve(v); len(ps) != 1 || ps[0].Root.Kind != paths.RootLocal {
		return paths.Path{}, false
	}
	var store *ssa.Store
	for _, ref := range *refs {
		if s, ok := ref.(*ssa.Store); ok && s.Val == v {
			if _, field := s.Addr.(*ssa.FieldAddr); field {
				if store != nil {
					return paths.Path{}, false // stored twice: which one?
				}
				store = s
			}
		}
	}
	if store == nil {
		return paths.Path{}, false
	}
	for _, ref := range *refs {
		// Where v is handed out: a return, or a store into the
		// result variable a deferred call leaves the function with.
		switch r := ref.(type) {
		case *ssa.Return:
		case *ssa.Store:
			if _, local := r.Addr.(*ssa.Alloc); !local {
				continue
			}
		default:
			continue
		}
		if !paths.Dominates(store, ref) {
			return paths.Path{}, false
		}
	}
	fa := store.Addr.(*ssa.FieldAddr)
	bases := st.Res.Resolve(fa.X)
	if len(bases) != 1 || bases[0].Root.Kind == paths.RootLocal {
		return paths.Path{}, false
	}
	return bases[0].With(paths.FieldElem(fa.X.Type(), fa.Field, paths.ByKey)), true
}

// returnedValues replaces a load of a local variable among vs (a named
// result, which a function with a deferred call returns through) by the
// values stored in it.
func returnedValues(vs []ssa.Value) []ssa.Value {
	var out []ssa.Value
	for _, v := range vs {
		load, ok := v.(*ssa.UnOp)
		if !ok || load.Op != token.MUL {
			out = append(out, v)
			continue
		}
		a, ok := load.X.(*ssa.Alloc)
		if !ok || a.Heap {
			out = append(out, v)
			continue
		}
		var stored []ssa.Value
		for _, ref := range *a.Referrers() {
			if s, ok := ref.(*ssa.Store); ok && s.Addr == a {
				if c, ok := s.Val.(*ssa.Const); ok && c.IsNil() {
					continue
				}
				stored = append(stored, s.Val)
			}
		}
		if len(stored) == 0 {
			out = append(out, v)
			continue
		}
		out = append(out, stored...)
	}
	return out
}
