package summarize

import (
	"go/token"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"golang.org/x/tools/go/ssa"
)

// Channels hand values from one goroutine to another. A value sent on a
// channel is the element its receivers get (alias.go names it so on both
// sides: ownElem for the sender, recvElem for a receiver), and a hub
// that files what it receives in a registry of the same object
//
//	case c := <-h.register:
//		h.clients[c] = true
//
// makes every value sent on h.register an element of h.clients too: a
// broadcast ranging over h.clients reaches the client a handler
// registered, and the writer goroutine the handler started for it.

// A forward says that what is received from a channel field of a type
// is filed in a container field of the same object (Hub.register into
// Hub.clients).
type forward struct {
	container paths.Elem // the container field, byKey
}

// forwardedTo returns the names a value sent on one of chans also gets:
// the elements of the containers its receivers file it in.
func (e *Engine) forwardedTo(chans []alias) []alias {
	if e.forwards == nil {
		e.forwards = e.channelForwards()
	}
	var out []alias
	for _, ch := range chans {
		n := len(ch.p.Elems)
		if n == 0 || ch.p.Elems[n-1].Kind != paths.ElemField {
			continue
		}
		last := ch.p.Elems[n-1]
		for _, f := range e.forwards[last.Owner+"."+last.Name] {
			elems := append(append(ch.p.Elems[:n-1:n-1], f.container), paths.OwnElemSel)
			out = append(out, alias{paths.NewPath(ch.p.Root, elems), ch.At})
		}
	}
	return out
}

// ForwardedFields returns the container fields of the same object that
// the package's receivers file what they receive from the channel field
// ch in (Hub.register: Hub.clients).
func (e *Engine) ForwardedFields(ch paths.Elem) []paths.Elem {
	if e.forwards == nil {
		e.forwards = e.channelForwards()
	}
	var out []paths.Elem
	for _, f := range e.forwards[ch.Owner+"."+ch.Name] {
		out = append(out, f.container)
	}
	return out
}

// channelForwards finds, in the package's functions, the receives from a
// channel field whose value is filed in a map or slice field of the same
// object.
func (e *Engine) channelForwards() map[string][]forward {
	out := make(map[string][]forward)
	seen := make(map[string]bool)
	for _, fn := range e.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				v, ok := instr.(ssa.Value)
				if !ok {
					continue
				}
				ch, _ := paths.ReceivedFrom(v)
				chField, base := LoadedField(ch)
				if chField == nil || v.Referrers() == nil {
					continue
				}
				for _, container := range filedIn(v) {
					if container.X != base {
						continue
					}
					from := paths.FieldElem(chField.X.Type(), chField.Field, paths.ByKey)
					to := paths.FieldElem(container.X.Type(), container.Field, paths.ByKey)
					k := from.Owner + "." + from.Name
					if !seen[k+">"+to.Name] {
						seen[k+">"+to.Name] = true
						out[k] = append(out[k], forward{container: to})
					}
				}
			}
		}
	}
	return out
}

// LoadedField returns the field address v is loaded from (*h.register),
// and the object whose field it is.
func LoadedField(v ssa.Value) (*ssa.FieldAddr, ssa.Value) {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil, nil
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok {
		return nil, nil
	}
	return fa, fa.X
}

// filedIn returns the map and slice fields v is filed in: as a key or a
// value of h.m[k] = v, or appended, h.s = append(h.s, v).
func filedIn(v ssa.Value) []*ssa.FieldAddr {
	var out []*ssa.FieldAddr
	for _, ref := range *v.Referrers() {
		switch r := ref.(type) {
		case *ssa.MapUpdate:
			if r.Key == v || r.Value == v {
				if fa, _ := LoadedField(r.Map); fa != nil {
					out = append(out, fa)
				}
			}
		case *ssa.Store:
			// *(&varargs[i]) = v; h.s = append(h.s, varargs[:]...)
			ia, ok := r.Addr.(*ssa.IndexAddr)
			if !ok || r.Val != v {
				continue
			}
			varargs, ok := ia.X.(*ssa.Alloc)
			if !ok {
				continue
			}
			for _, s := range appendStores(varargs) {
				if fa, ok := s.Addr.(*ssa.FieldAddr); ok {
					out = append(out, fa)
				}
			}
		}
	}
	return out
}
