package pairing

import (
	"go/types"
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/debuglog"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// Concurrency promised by an interface. net.Conn's documentation says
// "Multiple goroutines may invoke methods on a Conn simultaneously", so a
// type of the package that implements net.Conn over a websocket conn is
// called that way by code that never shows a go statement: an io.Copy in
// each direction, a proxy that sets a deadline on one goroutine while
// another writes. Two different methods of such a type (Write and
// SetDeadline, Read and SetReadDeadline) then overlap on one object, and
// the conn accesses they make through the receiver race unless a mutex
// both hold excludes them. One method twice is left to the open world:
// the contract allows it, but users of a net.Conn rarely write from two
// goroutines, and every adapter without a write lock would be reported.

// netConnMethods are the methods of net.Conn.
var netConnMethods = []string{"Read", "Write", "Close", "LocalAddr", "RemoteAddr", "SetDeadline", "SetReadDeadline", "SetWriteDeadline"}

// ConcurrentMethods pairs the accesses of different net.Conn methods of
// each of the package's types that implement net.Conn.
func (e *pairer) ConcurrentMethods() {
	iface := netConn(e.Pass.Pkg)
	if iface == nil {
		return
	}
	scope := e.Pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
			continue
		}
		if !types.Implements(tn.Type(), iface) && !types.Implements(types.NewPointer(tn.Type()), iface) {
			continue
		}
		e.pairMethods(tn, "net.Conn")
	}
}

// pairMethods pairs the accesses of the net.Conn methods of type tn,
// one method against another, in the open-world frame (one object).
func (e *pairer) pairMethods(tn *types.TypeName, ifaceName string) {
	type ref struct {
		fn *ssa.Function
		a  effect.Access
	}
	var refs []ref
	for _, fn := range e.Funcs {
		recv := fn.Signature.Recv()
		if recv == nil || !isEntry(fn) || !slices.Contains(netConnMethods, fn.Name()) {
			continue
		}
		if n := ssaview.NamedOf(recv.Type()); n == nil || n.Obj() != tn {
			continue
		}
		s := e.Summaries[fn]
		if s == nil {
			continue
		}
		for _, a := range s.Accesses {
			if a.Async || !a.Site.IsValid() {
				continue // a goroutine it leaves running: the open world's
			}
			if b, ok := e.reroot(fn, s, a); ok && b.Conn.Root.Kind == paths.RootObject {
				refs = append(refs, ref{fn, b})
			}
		}
	}
	for i, x := range refs {
		for _, y := range refs[i+1:] {
			if x.fn == y.fn || x.a.Side != y.a.Side || !paths.Match(x.a.Conn, y.a.Conn) || x.a.Locks.Excludes(y.a.Locks) || effect.CondsExclude(x.a.Conds, y.a.Conds) {
				continue
			}
			if debuglog.Debugging {
				debuglog.Debugf("%s: %s.%s beside %s.%s on %s", ifaceName, tn.Name(), x.fn.Name(), tn.Name(), y.fn.Name(), x.a.Conn.Key)
			}
			e.Report.MethodsRace(x.a, x.fn, y.a, y.fn, ifaceName)
		}
	}
}

// netConn returns the net.Conn interface when pkg imports net, directly
// or through its imports, or nil.
func netConn(pkg *types.Package) *types.Interface {
	seen := make(map[*types.Package]bool)
	var find func(p *types.Package) *types.Package
	find = func(p *types.Package) *types.Package {
		if seen[p] {
			return nil
		}
		seen[p] = true
		if p.Path() == "net" {
			return p
		}
		for _, q := range p.Imports() {
			if n := find(q); n != nil {
				return n
			}
		}
		return nil
	}
	net := find(pkg)
	if net == nil {
		return nil
	}
	tn, ok := net.Scope().Lookup("Conn").(*types.TypeName)
	if !ok {
		return nil
	}
	iface, _ := tn.Type().Underlying().(*types.Interface)
	return iface
}
