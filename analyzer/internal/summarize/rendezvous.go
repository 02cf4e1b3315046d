package summarize

import (
	"go/token"
	"go/types"
	"slices"

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
	// other: some code does more with the field's channels than make,
	// receive from and close them (sends on one, stores another kind
	// of value there, passes one on, takes the field's address).
	other bool
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
	f := e.channelFields()[p.Elems[n-1].Owner+"."+p.Elems[n-1].Name]
	return f != nil && f.makes > 0 && !f.buffered && len(f.receivers) == 1
}

// channelFields returns the chanFields of the package, scanned once.
func (e *Engine) channelFields() map[string]*chanField {
	if e.chanFields == nil {
		e.chanFields = e.scanChanFields()
	}
	return e.chanFields
}

// scanChanFields collects the chanFields of the package's functions.
func (e *Engine) scanChanFields() map[string]*chanField {
	out := make(map[string]*chanField)
	field := func(v ssa.Value) *chanField {
		fa, ok := v.(*ssa.FieldAddr)
		if !ok {
			return nil
		}
		k := paths.FieldKey(fa)
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
				case *ssa.FieldAddr:
					if isChan(instr.Type().Underlying().(*types.Pointer).Elem()) && !onlyMadeAndDrained(instr) {
						field(instr).other = true
					}
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

// NeverSent reports whether no value is ever sent on ch: a channel field
// of the package's (not one other packages can reach by name) whose
// channels the package only makes, receives from and closes, or a local
// channel (captured by closures or not) used only so. A receive from it
// succeeds only once it is closed; the body of a range over it never
// runs.
func (e *Engine) NeverSent(ch ssa.Value) bool {
	switch v := ch.(type) {
	case *ssa.MakeChan:
		return drainedOnly(v)
	case *ssa.UnOp:
		return v.Op == token.MUL && e.neverSentIn(v.X)
	}
	return false
}

// neverSentIn is NeverSent of a channel loaded from addr.
func (e *Engine) neverSentIn(addr ssa.Value) bool {
	switch addr := addr.(type) {
	case *ssa.FieldAddr:
		f := e.channelFields()[paths.FieldKey(addr)]
		ptr, ok := addr.X.Type().Underlying().(*types.Pointer)
		if !ok {
			return false
		}
		st, ok := ptr.Elem().Underlying().(*types.Struct)
		if !ok {
			return false // a type parameter's core struct: not followed
		}
		exported := st.Field(addr.Field).Exported() && e.Pass.Pkg.Name() != "main"
		return f != nil && f.makes > 0 && !f.other && !exported
	case *ssa.Alloc:
		return addr.Heap && onlyMadeAndDrained(addr)
	case *ssa.FreeVar:
		return e.neverSentIn(boundValue(addr))
	}
	return false
}

// boundValue returns the value fv is bound to where its closure is
// made (a function literal is made in one place), or nil.
func boundValue(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	parent := fn.Parent()
	if parent == nil {
		return nil
	}
	idx := slices.Index(fn.FreeVars, fv)
	if idx < 0 {
		return nil
	}
	var bound ssa.Value
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				if bound != nil {
					return nil
				}
				bound = mc.Bindings[idx]
			}
		}
	}
	return bound
}

// onlyMadeAndDrained reports whether the variable at addr (a field's
// address, or a captured local) only ever holds channels made for it,
// and what is loaded from it is only received from and closed. Through
// a closure that captures it, the same holds of the closure's free
// variable.
func onlyMadeAndDrained(addr ssa.Value) bool {
	refs := addr.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != addr {
				return false // the address itself stored
			}
			if mc, ok := r.Val.(*ssa.MakeChan); !ok || !drainedOnly(mc) {
				return false
			}
		case *ssa.UnOp:
			if r.Op != token.MUL || !drainedOnly(r) {
				return false
			}
		case *ssa.MakeClosure:
			i := slices.Index(r.Bindings, addr)
			if i < 0 || !onlyMadeAndDrained(r.Fn.(*ssa.Function).FreeVars[i]) {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// drainedOnly reports whether the channel ch is only received from and
// closed (a store of a made channel where it is kept aside).
func drainedOnly(ch ssa.Value) bool {
	refs := ch.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op != token.ARROW {
				return false
			}
		case *ssa.Select:
			for _, st := range r.States {
				if st.Chan == ch && st.Dir != types.RecvOnly {
					return false
				}
			}
		case *ssa.Call:
			if b, ok := r.Call.Value.(*ssa.Builtin); !ok || b.Name() != "close" {
				return false
			}
		case *ssa.Store:
			if _, ok := ch.(*ssa.MakeChan); !ok || r.Val != ch {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

func isChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}
