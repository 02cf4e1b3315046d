package contract

import (
	"go/types"
	"slices"
	"strings"
)

// Forks by shape. Projects vendor or rename gorilla/websocket (a module
// path of their own, the same API). A package that declares a type Conn
// whose methods have gorilla's names and signatures (WriteMessage(int,
// []byte) error, NextWriter(int) (io.WriteCloser, error),
// SetPingHandler(func(string) error)) follows gorilla's contract, and is
// checked like it without -conntypes. (The handler setters may take
// another argument type: only their existence counts.) Libraries with other contracts
// (coder/websocket, nhooyr, x/net/websocket, gws) have other methods and
// don't match; the ones whose conns allow concurrent writes are excluded
// by path as well.

// gorillaShape is the part of gorilla's method set that identifies it:
// method name to parameter and result types.
var gorillaShape = map[string]string{
	"WriteMessage": "(int, []byte) error",
	"NextWriter":   "(int) (io.WriteCloser, error)",
	"NextReader":   "() (int, io.Reader, error)",
	// Forks change the handlers' argument ([]byte for string): any
	// function will do.
	"SetPingHandler": "(func)",
}

// notForks are packages with a Conn of their own contract.
var notForks = []string{"github.com/coder/websocket", "nhooyr.io/websocket", "golang.org/x/net/websocket", "github.com/lxzan/gws"}

// ShapedConn reports whether pkg declares a Conn with gorilla's API, as
// methods of its own.
func ShapedConn(pkg *types.Package) bool {
	if pkg == nil || slices.Contains(notForks, pkg.Path()) {
		return false
	}
	obj, ok := pkg.Scope().Lookup("Conn").(*types.TypeName)
	if !ok {
		return false
	}
	named, ok := obj.Type().(*types.Named)
	if !ok {
		return false
	}
	ms := types.NewMethodSet(types.NewPointer(named))
	for name, want := range gorillaShape {
		sel := ms.Lookup(pkg, name)
		if sel == nil || len(sel.Index()) > 1 {
			// Missing, or promoted from an embedded field: a wrapper
			// around a conn (type Conn struct{ *websocket.Conn; mu
			// sync.Mutex }) is code to analyse, not a fork.
			return false
		}
		sig, ok := sel.Type().(*types.Signature)
		if !ok || shape(sig) != want {
			return false
		}
	}
	return true
}

// shape renders a signature's parameter and result types without names
// or receiver: "(int, []byte) error".
func shape(sig *types.Signature) string {
	tuple := func(t *types.Tuple) []string {
		var out []string
		for i := 0; i < t.Len(); i++ {
			out = append(out, types.TypeString(t.At(i).Type(), nil))
		}
		return out
	}
	params := tuple(sig.Params())
	if len(params) == 1 && strings.HasPrefix(params[0], "func(") {
		params[0] = "func"
	}
	s := "(" + strings.Join(params, ", ") + ")"
	switch res := tuple(sig.Results()); len(res) {
	case 0:
	case 1:
		s += " " + res[0]
	default:
		s += " (" + strings.Join(res, ", ") + ")"
	}
	return s
}
