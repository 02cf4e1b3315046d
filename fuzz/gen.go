// Package fuzz generates small Go programs that use gorilla/websocket
// connections from goroutines, mutexes, channels, closures, loops and
// helper calls, and runs wsconcurrent on them in-process. The fuzz target
// (FuzzAnalyzer in fuzz_test.go) drives the generator with the fuzzer's
// bytes and checks that the analyzer never fails, is deterministic, and
// keeps the invariants its README promises.
package fuzz

import (
	"fmt"
	"strings"
)

// A program is a tree of statements, generated from bytes and rendered as
// Go source under a set of transformations (Options).
type program struct {
	entries []*fn // func runK(c0, c1 *websocket.Conn, h *hub, n int)
	helpers []*fn // func helperK(c *websocket.Conn, h *hub, n int)
}

type fn struct {
	body []*stmt
}

type stmtKind int

const (
	sAccess      stmtKind = iota // C.Method(...)
	sLock                        // lock; body; unlock (several styles)
	sGoFunc                      // go func() { body }()
	sGoHelper                    // go helperK(C, h, n)
	sGoMethod                    // go C.WriteMessage(...)
	sLoop                        // for range 3 { body }
	sIf                          // if n > K { body } else { els }
	sWriterChan                  // a writer goroutine fed by a channel; body sends
	sDone                        // go func() { defer close(done); body }(); <-done
	sWaitGroup                   // wg.Add(1); go func() { defer wg.Done(); body }(); wg.Wait()
	sClosure                     // f := func() { body }; f() or go f()
	sCall                        // helperK(C, h, n)
	sReturn                      // if n == K { return }
	sDeferAccess                 // defer C.Method(...)
	sDeferGo                     // defer func() { go func() { body }() }()
	sRecover                     // defer func() { if recover() != nil { body } }()
	sStore                       // h.conn = C: the field and C are one conn from here on
	sMethod                      // h.send(C) (locks h.mu) or h.sendRaw(C), maybe with go
	sSpawner                     // wg.Go(func() { body }) or time.AfterFunc(0, func() { body })
	nKinds
)

type stmt struct {
	kind   stmtKind
	conn   int  // which conn (see connExpr)
	method int  // index into methods
	lock   int  // which lock (see locks)
	style  int  // lock style, or a variant of the statement
	flag   bool // join or not (sDone, sWaitGroup), go or call (sClosure)
	callee int  // helper index
	k      int  // a small constant
	id     int  // unique number for the statement's variables
	body   []*stmt
	els    []*stmt
}

// methods are the connection methods the generator calls: the argument
// list and the side of gorilla's contract.
var methods = []struct {
	name, args string
	side       side
}{
	{"WriteMessage", "websocket.TextMessage, nil", write},
	{"WriteMessage", "websocket.PingMessage, nil", write},
	{"WriteJSON", "nil", write},
	{"SetWriteDeadline", "time.Time{}", write},
	{"NextWriter", "websocket.BinaryMessage", write},
	{"WritePreparedMessage", "nil", write},
	{"ReadMessage", "", read},
	{"NextReader", "", read},
	{"SetReadDeadline", "time.Time{}", read},
	{"ReadJSON", "nil", read},
	{"WriteControl", "websocket.PingMessage, nil, time.Time{}", safe},
	{"Close", "", safe},
}

type side int

const (
	write side = iota
	read
	safe
)

// locks: [lock, unlock, exclusive].
var locks = [][3]string{
	{"h.mu.Lock", "h.mu.Unlock", "x"},
	{"h.rw.Lock", "h.rw.Unlock", "x"},
	{"h.rw.RLock", "h.rw.RUnlock", ""},
	{"pmu.Lock", "pmu.Unlock", "x"},
	{"mu.Lock", "mu.Unlock", "x"}, // the function's own local mutex
}

const (
	maxStmts = 40
	maxDepth = 4
)

// bytes is the fuzzer's input read one byte at a time; past its end it
// reads zeros, which generate nothing more.
type input struct {
	b []byte
	i int
}

func (s *input) next() int {
	if s.i >= len(s.b) {
		return 0
	}
	s.i++
	return int(s.b[s.i-1])
}

func (s *input) n(k int) int { return s.next() % k }

type generator struct {
	in      *input
	stmts   int
	ids     int
	helpers int
}

// generate builds a program from data. Every input gives a valid program.
func generate(data []byte) *program {
	g := &generator{in: &input{b: data}}
	nEntries := 1 + g.in.n(2)
	g.helpers = g.in.n(4)
	p := &program{}
	for range nEntries {
		p.entries = append(p.entries, &fn{body: g.block(0, 1+g.in.n(6))})
	}
	for range g.helpers {
		p.helpers = append(p.helpers, &fn{body: g.block(1, 1+g.in.n(4))})
	}
	return p
}

func (g *generator) block(depth, n int) []*stmt {
	var out []*stmt
	for range n {
		if g.stmts >= maxStmts {
			break
		}
		out = append(out, g.stmt(depth))
	}
	return out
}

func (g *generator) stmt(depth int) *stmt {
	g.stmts++
	g.ids++
	s := &stmt{id: g.ids}
	s.kind = stmtKind(g.in.n(int(nKinds)))
	if depth >= maxDepth && s.kind != sAccess && s.kind != sGoMethod && s.kind != sDeferAccess && s.kind != sReturn && s.kind != sStore && s.kind != sMethod {
		s.kind = sAccess
	}
	if (s.kind == sGoHelper || s.kind == sCall) && g.helpers == 0 {
		s.kind = sAccess
	}
	s.conn = g.in.n(5)
	s.method = g.in.n(len(methods))
	s.lock = g.in.n(len(locks))
	s.style = g.in.n(4)
	s.flag = g.in.n(4) != 0 // joins are the common case
	if g.helpers > 0 {
		s.callee = g.in.n(g.helpers)
	}
	s.k = g.in.n(3)
	switch s.kind {
	case sGoMethod, sDeferAccess:
		if methods[s.method].side == read {
			s.method = 0
		}
	case sLock, sGoFunc, sLoop, sWriterChan, sDone, sWaitGroup, sClosure, sDeferGo, sRecover, sSpawner:
		s.body = g.block(depth+1, 1+g.in.n(3))
	case sIf:
		s.body = g.block(depth+1, 1+g.in.n(3))
		s.els = g.block(depth+1, g.in.n(3))
	}
	return s
}

// Options are the transformations a program is rendered under.
type Options struct {
	// LockAll holds one package-level mutex, gmu, exclusively around
	// every read and write call (and runs go/defer of a conn method in
	// a closure that takes it).
	LockAll bool
	// NoGo runs every go statement's call synchronously.
	NoGo bool
	// Control replaces every write call with WriteControl, which
	// gorilla allows from any goroutine.
	Control bool
	// Extra appends a function that nothing calls, with a race of its
	// own on its own parameter (extraRace).
	Extra bool
}

// extraRace is the function Options.Extra appends: two findings, at the
// two writes (its 3rd and 4th lines).
const extraRace = `
func extra(x *websocket.Conn) {
	go x.WriteMessage(websocket.TextMessage, nil)
	x.WriteMessage(websocket.TextMessage, nil)
}
`

type renderer struct {
	opt    Options
	b      strings.Builder
	indent int
	helper bool // rendering a helper: conns 0 and 1 are its parameter c
}

// Source renders p as the single file of package p.
func (p *program) Source(opt Options) string {
	r := &renderer{opt: opt}
	r.line("package p")
	r.line("")
	r.line("import (")
	r.line("\t\"sync\"")
	r.line("\t\"time\"")
	r.line("")
	r.line("\t\"github.com/gorilla/websocket\"")
	r.line(")")
	r.line("")
	r.line("type hub struct {")
	r.line("\tmu   sync.Mutex")
	r.line("\trw   sync.RWMutex")
	r.line("\tconn *websocket.Conn")
	r.line("}")
	r.line("")
	r.line("var (")
	r.line("\tpmu   sync.Mutex")
	r.line("\tgmu   sync.Mutex")
	r.line("\tgconn *websocket.Conn")
	r.line("\t_     = time.Now")
	r.line(")")
	// send writes under h.mu; sendRaw does not.
	r.line("")
	r.line("func (h *hub) send(c *websocket.Conn) {")
	r.indent++
	r.line("h.mu.Lock()")
	r.line("defer h.mu.Unlock()")
	r.stmt(&stmt{kind: sAccess, conn: 5})
	r.indent--
	r.line("}")
	r.line("")
	r.line("func (h *hub) sendRaw(c *websocket.Conn) {")
	r.indent++
	r.stmt(&stmt{kind: sAccess, conn: 5, method: 2})
	r.indent--
	r.line("}")
	for i, f := range p.entries {
		r.line("")
		r.line(fmt.Sprintf("func run%d(c0, c1 *websocket.Conn, h *hub, n int) {", i))
		r.fnBody(f)
	}
	r.helper = true
	for i, f := range p.helpers {
		r.line("")
		r.line(fmt.Sprintf("func helper%d(c *websocket.Conn, h *hub, n int) {", i))
		r.fnBody(f)
	}
	if opt.Extra {
		r.b.WriteString(extraRace)
	}
	return r.b.String()
}

func (r *renderer) fnBody(f *fn) {
	r.indent++
	r.line("var mu sync.Mutex")
	r.line("_ = &mu")
	if r.helper {
		r.line("a := c")
	} else {
		r.line("a := c0")
	}
	r.line("_ = a")
	r.stmts(f.body)
	r.indent--
	r.line("}")
}

func (r *renderer) line(s string) {
	if s != "" {
		r.b.WriteString(strings.Repeat("\t", r.indent))
	}
	r.b.WriteString(s)
	r.b.WriteByte('\n')
}

func (r *renderer) stmts(ss []*stmt) {
	for _, s := range ss {
		r.stmt(s)
	}
}

func (r *renderer) block(head string, body []*stmt, tail string) {
	r.line(head)
	r.indent++
	r.stmts(body)
	r.indent--
	r.line(tail)
}

func (r *renderer) connExpr(i int) string {
	switch i {
	case 0, 1:
		if r.helper {
			return "c"
		}
		return fmt.Sprintf("c%d", i)
	case 2:
		return "h.conn"
	case 3:
		return "gconn"
	case 5:
		return "c" // the parameter of hub's methods
	default:
		return "a" // the function's alias of c0 (or c)
	}
}

// call renders a method call on conn i, and whether the call is one that
// LockAll must guard.
func (r *renderer) call(conn, method int) (string, bool) {
	m := methods[method]
	if r.opt.Control && m.side == write {
		return r.connExpr(conn) + ".WriteControl(websocket.PingMessage, nil, time.Time{})", false
	}
	return fmt.Sprintf("%s.%s(%s)", r.connExpr(conn), m.name, m.args), m.side != safe
}

func (r *renderer) helperCall(s *stmt) string {
	return fmt.Sprintf("helper%d(%s, h, n)", s.callee, r.connExpr(s.conn))
}

// goStmt renders "go call", or the call itself under NoGo.
func (r *renderer) goStmt(call string) string {
	if r.opt.NoGo {
		return call
	}
	return "go " + call
}

func (r *renderer) stmt(s *stmt) {
	switch s.kind {
	case sAccess:
		call, guard := r.call(s.conn, s.method)
		if guard && r.opt.LockAll {
			r.line("gmu.Lock()")
			r.line(call)
			r.line("gmu.Unlock()")
		} else {
			r.line(call)
		}
	case sLock:
		l := locks[s.lock]
		switch style := s.style; {
		case style == 1:
			// The usual lock; defer unlock, in a function literal so
			// that the lock covers exactly the body.
			r.line("func() {")
			r.indent++
			r.line(l[0] + "()")
			r.line("defer " + l[1] + "()")
			r.stmts(s.body)
			r.indent--
			r.line("}()")
		case style == 2:
			// Released before the body: protects nothing.
			r.line(l[0] + "()")
			r.line(l[1] + "()")
			r.stmts(s.body)
		case style == 3 && l[2] != "":
			r.line("if " + strings.TrimSuffix(l[0], "Lock") + "TryLock() {")
			r.indent++
			r.stmts(s.body)
			r.line(l[1] + "()")
			r.indent--
			r.line("}")
		default:
			r.line(l[0] + "()")
			r.stmts(s.body)
			r.line(l[1] + "()")
		}
	case sGoFunc:
		if r.opt.NoGo {
			r.block("func() {", s.body, "}()")
		} else {
			r.block("go func() {", s.body, "}()")
		}
	case sGoHelper:
		r.line(r.goStmt(r.helperCall(s)))
	case sGoMethod:
		call, guard := r.call(s.conn, s.method)
		if guard && r.opt.LockAll {
			r.line(r.goStmt("func() { gmu.Lock(); " + call + "; gmu.Unlock() }()"))
		} else {
			r.line(r.goStmt(call))
		}
	case sLoop:
		r.block("for range 3 {", s.body, "}")
	case sIf:
		if len(s.els) == 0 {
			r.block(fmt.Sprintf("if n > %d {", s.k), s.body, "}")
			break
		}
		r.block(fmt.Sprintf("if n > %d {", s.k), s.body, "} else {")
		r.indent++
		r.stmts(s.els)
		r.indent--
		r.line("}")
	case sWriterChan:
		// One goroutine owns the writes to conn; the body runs
		// alongside and sends it messages.
		ch := fmt.Sprintf("ch%d", s.id)
		r.line(fmt.Sprintf("%s := make(chan []byte, 8)", ch))
		call, guard := r.call(s.conn, 0)
		call = strings.Replace(call, "TextMessage, nil", "TextMessage, m", 1)
		r.line(r.goStmt("func() {"))
		r.indent++
		r.line(fmt.Sprintf("for m := range %s {", ch))
		r.indent++
		r.line("_ = m")
		if guard && r.opt.LockAll {
			r.line("gmu.Lock()")
			r.line(call)
			r.line("gmu.Unlock()")
		} else {
			r.line(call)
		}
		r.indent--
		r.line("}")
		r.indent--
		r.line("}()")
		r.stmts(s.body)
		r.line(ch + " <- nil")
		if s.flag {
			r.line("close(" + ch + ")")
		}
	case sDone:
		done := fmt.Sprintf("done%d", s.id)
		r.line(fmt.Sprintf("%s := make(chan struct{})", done))
		head := "go func() {"
		if r.opt.NoGo {
			head = "func() {"
		}
		r.line(head)
		r.indent++
		r.line("defer close(" + done + ")")
		r.stmts(s.body)
		r.indent--
		r.line("}()")
		if s.flag {
			r.line("<-" + done)
		}
	case sWaitGroup:
		wg := fmt.Sprintf("wg%d", s.id)
		r.line("var " + wg + " sync.WaitGroup")
		r.line(wg + ".Add(1)")
		head := "go func() {"
		if r.opt.NoGo {
			head = "func() {"
		}
		r.line(head)
		r.indent++
		r.line("defer " + wg + ".Done()")
		r.stmts(s.body)
		r.indent--
		r.line("}()")
		if s.flag {
			r.line(wg + ".Wait()")
		}
	case sClosure:
		f := fmt.Sprintf("f%d", s.id)
		r.block(f+" := func() {", s.body, "}")
		if s.flag {
			r.line(f + "()")
		} else {
			r.line(r.goStmt(f + "()"))
		}
	case sCall:
		r.line(r.helperCall(s))
	case sReturn:
		r.line(fmt.Sprintf("if n == %d {", s.k))
		r.line("\treturn")
		r.line("}")
	case sDeferAccess:
		call, guard := r.call(s.conn, s.method)
		if guard && r.opt.LockAll {
			r.line("defer func() { gmu.Lock(); " + call + "; gmu.Unlock() }()")
		} else {
			r.line("defer " + call)
		}
	case sDeferGo:
		r.line("defer func() {")
		r.indent++
		r.block(r.goStmt("func() {"), s.body, "}()")
		r.indent--
		r.line("}()")
	case sStore:
		r.line("h.conn = " + r.connExpr(s.conn))
	case sMethod:
		m := "send"
		if s.style%2 == 1 {
			m = "sendRaw"
		}
		call := fmt.Sprintf("h.%s(%s)", m, r.connExpr(s.conn))
		if s.flag {
			r.line(call)
		} else {
			r.line(r.goStmt(call))
		}
	case sSpawner:
		if r.opt.NoGo {
			r.block("func() {", s.body, "}()")
			break
		}
		if s.style%2 == 0 {
			wg := fmt.Sprintf("wg%d", s.id)
			r.line("var " + wg + " sync.WaitGroup")
			r.block(wg+".Go(func() {", s.body, "})")
			if s.flag {
				r.line(wg + ".Wait()")
			}
		} else {
			r.block("time.AfterFunc(0, func() {", s.body, "})")
		}
	case sRecover:
		r.line("defer func() {")
		r.indent++
		r.block("if r := recover(); r != nil {", s.body, "}")
		r.indent--
		r.line("}()")
		if s.flag {
			r.line(fmt.Sprintf("if n == %d {", s.k+10))
			r.line("\tpanic(n)")
			r.line("}")
		}
	}
}
