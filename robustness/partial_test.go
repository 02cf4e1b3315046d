package robustness

import (
	"strings"
	"testing"

	"github.com/wsconcurrent/wsconcurrent/analyzer"
	"github.com/wsconcurrent/wsconcurrent/fuzz"
)

// TestPartialSSA: drivers do not run wsconcurrent on a package with type
// errors (RunDespiteErrors is false: see TestTypeErrors for what they
// print instead). Run on one anyway, in-process, it must not panic: the
// SSA builder itself panics on most ill-typed code, and the analyzer
// turns that into an error naming the package.
func TestPartialSSA(t *testing.T) {
	if analyzer.Analyzer.RunDespiteErrors {
		t.Fatal("RunDespiteErrors is set: drivers now run the analyzer on ill-typed packages; check that it copes")
	}
	for i, src := range partialSources {
		diags, typeErrs, err := fuzz.AnalyzeDespiteErrors(src)
		if len(typeErrs) == 0 {
			t.Errorf("source %d type-checks; it is meant not to", i)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "internal error analysing package example.com/p: ") {
			t.Errorf("source %d: the error does not name the package: %v", i, err)
		}
		if err != nil {
			msg, _, _ := strings.Cut(err.Error(), "\n")
			t.Logf("source %d (%v): %s", i, typeErrs[0], msg)
		} else {
			t.Logf("source %d (%v): %d diagnostics", i, typeErrs[0], len(diags))
		}
	}
}

// partialSources do not type-check. Drivers never run wsconcurrent on them
// (it does not set RunDespiteErrors); TestPartialSSA runs it anyway, on
// the partial types and SSA, and requires that it does not panic.
var partialSources = []string{
	// An undefined payload in a goroutine's write.
	header + `
func f(c *websocket.Conn) {
	go func() { c.WriteMessage(websocket.TextMessage, undefinedPayload) }()
	c.WriteMessage(websocket.TextMessage, nil)
}
`,
	// Too few arguments to a write; a write method that does not exist.
	header + `
func f(c *websocket.Conn) {
	go c.WriteMessage(websocket.TextMessage)
	c.WriteMessagee(websocket.TextMessage, nil)
}
`,
	// The conn is of an undefined type.
	header + `
func f(c *websocket.Con) {
	go c.WriteMessage(websocket.TextMessage, nil)
	c.WriteMessage(websocket.TextMessage, nil)
}
`,
	// A lock of a value that is not a mutex.
	header + `
func f(c *websocket.Conn, mu int) {
	mu.Lock()
	go c.WriteMessage(websocket.TextMessage, nil)
	c.WriteMessage(websocket.TextMessage, nil)
	mu.Unlock()
}
`,
	// A struct field of an undefined type holding the conn; a method
	// on an undefined receiver type.
	header + `
type hub struct {
	conn *websocket.Conn
	mu   sync.Mutexx
}

func (h *hub) send() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.conn.WriteMessage(websocket.TextMessage, nil)
}

func (x *missing) send() {}

func f(h *hub) {
	go h.send()
	h.conn.WriteMessage(websocket.TextMessage, nil)
}
`,
	// Wrong result counts; a closure assigned to a variable of the
	// wrong type; an invalid range.
	header + `
func f(c *websocket.Conn) error {
	var g func(int) = func() { c.WriteMessage(websocket.TextMessage, nil) }
	go g()
	for x := range c {
		_ = x
	}
	_, _ = c.WriteMessage(websocket.TextMessage, nil)
	return
}
`,
	// Generic wrapper with a bad constraint; an undefined type argument.
	header + `
type Sender[C interface{ WriteMessage(int, []byte) error }] struct{ c C }

func (s *Sender[C]) Send() { s.c.WriteMessage(websocket.TextMessage, nil) }

func f(c *websocket.Conn) {
	s := &Sender[*websocket.Dialer]{}
	t := &Sender[Undefined]{}
	go s.Send()
	t.Send()
}
`,
	// Recursion through an undefined function; a label misuse.
	header + `
func f(c *websocket.Conn, n int) {
	if n > 0 {
		g(c, n-1)
	}
	go f(c, n-1)
	c.WriteMessage(websocket.TextMessage, nil)
	goto missing
}
`,
}
