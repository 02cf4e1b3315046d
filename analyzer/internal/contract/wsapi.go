package contract

import (
	"fmt"
	"go/types"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// Side is the half of gorilla/websocket's concurrency contract an
// operation belongs to. The package documentation ("Concurrency") allows
// one concurrent writer and one concurrent reader per connection; Close
// and WriteControl may be called from any goroutine at any time.
type Side uint8

const (
	// Safe operations may run concurrently with anything.
	Safe Side = iota
	// Write operations must not run concurrently with other writes.
	Write
	// Read operations must not run concurrently with other reads.
	Read
	// invoke is not an operation on a conn but a call of a callback
	// the function was given (callback.go): such calls are paired as
	// accesses are, to tell whether the function runs the callback on
	// goroutines that overlap. They are never reported or exported.
	Invoke
)

func (s Side) String() string {
	switch s {
	case Write:
		return "write"
	case Read:
		return "read"
	case Invoke:
		return "invoke"
	}
	return "safe"
}

// ConnType names a connection type that follows gorilla's contract.
type ConnType struct {
	Pkg, Name string
}

// connTypes are the types whose methods are matched against
// connMethods: gorilla's Conn and the forks that keep its contract.
// Methods are matched on their origin (the package and type that
// declare them), so a method promoted through an embedded
// *websocket.Conn is still recognised: gofiber's Conn embeds fasthttp's,
// and its write methods are fasthttp's.
//
// Libraries whose connections are safe for concurrent writes
// (github.com/coder/websocket, nhooyr.io/websocket,
// golang.org/x/net/websocket) are deliberately absent. More types come
// from the -conntypes flag (an internal fork).
var BuiltinConnTypes = []ConnType{
	{"github.com/gorilla/websocket", "Conn"},
	{"github.com/fasthttp/websocket", "Conn"},
	{"github.com/hertz-contrib/websocket", "Conn"},
	{"github.com/gofiber/websocket/v2", "Conn"},
	{"github.com/gofiber/contrib/websocket", "Conn"},
}

// ParseConnTypes parses the -conntypes flag: comma-separated
// importpath.TypeName entries.
func ParseConnTypes(s string) ([]ConnType, error) {
	var out []ConnType
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		i := strings.LastIndex(f, ".")
		if i <= 0 || i == len(f)-1 || strings.HasSuffix(f[:i], "/") {
			return nil, fmt.Errorf("-conntypes: %q is not importpath.TypeName", f)
		}
		out = append(out, ConnType{Pkg: f[:i], Name: f[i+1:]})
	}
	return out, nil
}

// ConnMethods is gorilla's contract, method by method. Anything not
// listed (Subprotocol, LocalAddr, SetReadLimit, ...) is not tracked.
var ConnMethods = map[string]Side{
	// One concurrent writer.
	"NextWriter":             Write,
	"WriteMessage":           Write,
	"WriteJSON":              Write,
	"WritePreparedMessage":   Write,
	"SetWriteDeadline":       Write,
	"EnableWriteCompression": Write,
	"SetCompressionLevel":    Write,

	// One concurrent reader. Ping and pong handlers run on the reading
	// goroutine, so installing one is part of the reader's job.
	"NextReader":      Read,
	"ReadMessage":     Read,
	"ReadJSON":        Read,
	"SetReadDeadline": Read,
	"SetPongHandler":  Read,
	"SetPingHandler":  Read,

	// Safe with everything. SetCloseHandler is not in gorilla's list;
	// it is tracked only for the handler it installs.
	"Close":           Safe,
	"WriteControl":    Safe,
	"SetCloseHandler": Safe,
}

// handlerMethods install a callback that gorilla runs on the goroutine
// that reads, in the middle of NextReader/ReadMessage. Whatever the
// callback does to a connection happens on the reading goroutine.
var handlerMethods = map[string]bool{
	"SetPingHandler":  true,
	"SetPongHandler":  true,
	"SetCloseHandler": true,
}

// ConnFuncs are package-level functions of a conn package that operate on
// the connection passed as their first argument (deprecated, still used).
var ConnFuncs = map[string]Side{
	"WriteJSON": Write,
	"ReadJSON":  Read,
}

// ConnOp describes a call that touches a connection per the contract.
type ConnOp struct {
	Side   Side
	Method string
	// conn is the connection operand: the receiver of a method, or the
	// first argument of a package-level function.
	Conn ssa.Value
	// handler is a callback the operation installs to run on the
	// reading goroutine, or nil.
	Handler ssa.Value
}

// Contract holds the connection types in force for one pass (the built-in
// ones plus any configured by flag).
type Contract struct {
	Types []ConnType
	// shaped are the packages whose Conn was recognised by its API
	// (forks.go).
	Shaped []string
}

func (c *Contract) IsConnPkg(path string) bool {
	for _, t := range c.Types {
		if t.Pkg == path {
			return true
		}
	}
	return false
}

func (c *Contract) IsConnNamed(named *types.Named) bool {
	obj := named.Origin().Obj()
	if obj.Pkg() == nil {
		return false
	}
	for _, t := range c.Types {
		if t.Name == obj.Name() && t.Pkg == obj.Pkg().Path() {
			return true
		}
	}
	return false
}

// Op classifies a static call. It returns ok=false for calls the contract
// says nothing about.
func (c *Contract) Op(common *ssa.CallCommon) (ConnOp, bool) {
	if common.IsInvoke() {
		return ConnOp{}, false
	}
	fn, _ := common.Value.(*ssa.Function)
	if fn == nil || ssaview.IsWrapper(fn) {
		return ConnOp{}, false
	}
	obj, _ := fn.Object().(*types.Func)
	if obj == nil || obj.Pkg() == nil || !c.IsConnPkg(obj.Pkg().Path()) {
		return ConnOp{}, false
	}
	sig := obj.Type().(*types.Signature)
	if recv := sig.Recv(); recv != nil {
		named := ssaview.NamedOf(recv.Type())
		if named == nil || !c.IsConnNamed(named) {
			return ConnOp{}, false
		}
		side, ok := ConnMethods[obj.Name()]
		if !ok || len(common.Args) == 0 {
			return ConnOp{}, false
		}
		op := ConnOp{Side: side, Method: obj.Name(), Conn: common.Args[0]}
		if handlerMethods[obj.Name()] && len(common.Args) == 2 {
			op.Handler = common.Args[1]
		}
		return op, true
	}
	side, ok := ConnFuncs[obj.Name()]
	if !ok || len(common.Args) == 0 {
		return ConnOp{}, false
	}
	return ConnOp{Side: side, Method: obj.Name(), Conn: common.Args[0]}, true
}
