package summarize

import (
	"go/token"
	"go/types"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"golang.org/x/tools/go/ssa"
)

// A chanField is what the package does with the channels of one struct
// field (a client's stop channel): how many it makes there, whether one
// of them may be buffered, and which functions receive from it.
type chanField struct {
	makes     int
	buffered  bool
	receivers map[*ssa.Function]bool
}

// Rendezvous reports whether p names a field whose channels the package
// always makes unbuffered (make(chan T), or a capacity of constant 0)
// and receives from in one function only: a send on it completes only
// when that function's goroutine has received it (order.Callees).
func (e *Engine) Rendezvous(p paths.Path) bool {
	n := len(p.Elems)
	if n == 0 || p.Elems[n-1].Kind != paths.ElemField {
		return false
	}
	if e.chanFields == nil {
		e.chanFields = e.scanChanFields()
	}
	f := e.chanFields[p.Elems[n-1].Owner+"."+p.Elems[n-1].Name]
	return f != nil && f.makes > 0 && !f.buffered && len(f.receivers) == 1
}

// scanChanFields collects the chanFields of the package's functions.
func (e *Engine) scanChanFields() map[string]*chanField {
	out := make(map[string]*chanField)
	field := func(v ssa.Value) *chanField {
		fa, ok := v.(*ssa.FieldAddr)
		if !ok {
			return nil
		}
		k := fieldKey(fa)
		if out[k] == nil {
			out[k] = &chanField{receivers: make(map[*ssa.Function]bool)}
		}
		return out[k]
	}
	loaded := func(v ssa.Value) *chanField {
		if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
			return field(load.X)
		}
		return nil
	}
	for _, fn := range e.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Store:
					if mc, ok := instr.Val.(*ssa.MakeChan); ok {
						if f := field(instr.Addr); f != nil {
							f.makes++
							if c, ok := mc.Size.(*ssa.Const); !ok || c.Int64() != 0 {
								f.buffered = true
							}
						}
					}
				case *ssa.UnOp:
					if instr.Op == token.ARROW {
						if f := loaded(instr.X); f != nil {
							f.receivers[fn] = true
						}
					}
				case *ssa.Select:
					for _, st := range instr.States {
						if st.Dir == types.RecvOnly {
							if f := loaded(st.Chan); f != nil {
								f.receivers[fn] = true
							}
						}
					}
				}
			}
		}
	}
	return out
}

// fieldKey names the field fa selects as paths name it (paths.FieldElem):
// the struct type that declares it, and the field.
func fieldKey(fa *ssa.FieldAddr) string {
	el := paths.FieldElem(fa.X.Type(), fa.Field, paths.ByKey)
	return el.Owner + "." + el.Name
}
