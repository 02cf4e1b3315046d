package paths

import (
	"go/types"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// WriterSel marks a path as the writer NextWriter returned for the conn
// before it.
var WriterSel = Elem{Kind: ElemField, Name: "(writer)"}

// WriterOf marks a path as the writer NextWriter returned for the
// interface value before it, when that value is a conn of one of the
// types given (type keys): a writer only if it is.
func WriterOf(types []string) Elem {
	return Elem{Kind: ElemField, Name: "(writer∈" + strings.Join(types, ",") + ")"}
}

func IsWriter(p Path) bool {
	n := len(p.Elems)
	return n > 0 && p.Elems[n-1].Kind == ElemField && strings.HasPrefix(p.Elems[n-1].Name, "(writer")
}

// WriterTypes returns the types a writer path's value must have for it
// to be a conn's writer (WriterOf); nil when it is one whatever it is.
func WriterTypes(p Path) []string {
	name := p.Elems[len(p.Elems)-1].Name
	list, ok := strings.CutPrefix(name, "(writer∈")
	if !ok {
		return nil
	}
	return strings.Split(strings.TrimSuffix(list, ")"), ",")
}

// WrapsWriter resolves the result of a call that takes a writer and
// returns a pointer or interface (json.NewEncoder(w), bufio.NewWriter(w))
// to the writer: what the result writes, the writer writes.
func (r *Resolver) WrapsWriter(call *ssa.Call) []Path {
	switch call.Type().Underlying().(type) {
	case *types.Pointer:
	case *types.Interface:
		if ssaview.IsErrorType(call.Type()) {
			return nil // Encode(v) error: a use, not a wrapper
		}
	default:
		return nil
	}
	for _, a := range call.Call.Args {
		var out []Path
		for _, p := range r.Resolve(a) {
			if IsWriter(p) {
				out = append(out, p)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}
