package robustness

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/wsconcurrent/wsconcurrent/fuzz"
)

// wrapperSource is the shape of a proxy that stacks transports: n types
// that implement net.Conn by forwarding every method to an inner
// net.Conn (an embedded field, or a named one: three field names in
// turn), one adapter that implements net.Conn over a websocket conn, and
// constructors that stack any of them on any other. Each forwarding
// method may reach any implementation, which forwards again: a write at
// the bottom is reached through chains of up to n hops, one path and one
// set of dynamic types per chain.
//
// One race must be found, through a wrapper stacked in sight on the
// adapter (deadline: a goroutine writes while the function sets the
// write deadline), and the same stack on an adapter that locks its
// writes must stay silent (locked).
func wrapperSource(n int) string {
	var b strings.Builder
	b.WriteString(`package p

import (
	"net"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

type wsConn struct{ ws *websocket.Conn }

func (c *wsConn) Read(p []byte) (int, error) {
	_, r, err := c.ws.NextReader()
	if err != nil {
		return 0, err
	}
	return r.Read(p)
}

func (c *wsConn) Write(p []byte) (int, error) {
	return len(p), c.ws.WriteMessage(websocket.BinaryMessage, p) // racy
}

func (c *wsConn) Close() error         { return c.ws.Close() }
func (c *wsConn) LocalAddr() net.Addr  { return c.ws.LocalAddr() }
func (c *wsConn) RemoteAddr() net.Addr { return c.ws.RemoteAddr() }

func (c *wsConn) SetDeadline(t time.Time) error {
	if err := c.ws.SetReadDeadline(t); err != nil {
		return err
	}
	return c.ws.SetWriteDeadline(t)
}

func (c *wsConn) SetReadDeadline(t time.Time) error  { return c.ws.SetReadDeadline(t) }
func (c *wsConn) SetWriteDeadline(t time.Time) error { return c.ws.SetWriteDeadline(t) } // racy

type guardedWS struct {
	mu sync.Mutex
	ws *websocket.Conn
}

func (c *guardedWS) Read(p []byte) (int, error) { return 0, nil }

func (c *guardedWS) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(p), c.ws.WriteMessage(websocket.BinaryMessage, p) // locked
}

func (c *guardedWS) Close() error                       { return c.ws.Close() }
func (c *guardedWS) LocalAddr() net.Addr                { return c.ws.LocalAddr() }
func (c *guardedWS) RemoteAddr() net.Addr               { return c.ws.RemoteAddr() }
func (c *guardedWS) SetDeadline(t time.Time) error      { return nil }
func (c *guardedWS) SetReadDeadline(t time.Time) error  { return nil }
func (c *guardedWS) SetWriteDeadline(t time.Time) error { return nil }
`)
	for i := range n {
		switch i % 3 {
		case 0:
			// Embedded: only some methods are its own.
			fmt.Fprintf(&b, "\ntype wrap%d struct {\n\tnet.Conn\n\tn int\n}\n", i)
			fmt.Fprintf(&b, "\nfunc (w *wrap%d) Write(p []byte) (int, error) {\n\tw.n += len(p)\n\treturn w.Conn.Write(p)\n}\n", i)
			fmt.Fprintf(&b, "\nfunc (w *wrap%d) SetDeadline(t time.Time) error { return w.Conn.SetDeadline(t) }\n", i)
			fmt.Fprintf(&b, "\nfunc wrapIn%d(c net.Conn) net.Conn { return &wrap%d{Conn: c} }\n", i, i)
		default:
			f := []string{"", "inner", "conn"}[i%3]
			fmt.Fprintf(&b, "\ntype wrap%d struct{ %s net.Conn }\n", i, f)
			for _, m := range []string{"Read(p []byte) (int, error) { return w.%s.Read(p) }", "Write(p []byte) (int, error) { return w.%s.Write(p) }", "Close() error { return w.%s.Close() }", "LocalAddr() net.Addr { return w.%s.LocalAddr() }", "RemoteAddr() net.Addr { return w.%s.RemoteAddr() }", "SetDeadline(t time.Time) error { return w.%s.SetDeadline(t) }", "SetReadDeadline(t time.Time) error { return w.%s.SetReadDeadline(t) }", "SetWriteDeadline(t time.Time) error { return w.%s.SetWriteDeadline(t) }"} {
				fmt.Fprintf(&b, "\nfunc (w *wrap%d) "+m+"\n", i, f)
			}
			fmt.Fprintf(&b, "\nfunc wrapIn%d(c net.Conn) net.Conn { return &wrap%d{%s: c} }\n", i, i, f)
		}
	}
	// Every wrapper may stack on every other.
	b.WriteString("\nfunc stack(c net.Conn, kinds []int) net.Conn {\n\tfor _, k := range kinds {\n\t\tswitch k {\n")
	for i := range n {
		fmt.Fprintf(&b, "\t\tcase %d:\n\t\t\tc = wrapIn%d(c)\n", i, i)
	}
	b.WriteString("\t\t}\n\t}\n\treturn c\n}\n")
	b.WriteString(`
func deadline(ws *websocket.Conn) {
	c := &wrap1{inner: &wsConn{ws: ws}}
	go c.Write(nil)
	c.SetWriteDeadline(time.Time{})
}

func locked(ws *websocket.Conn) {
	c := &wrap1{inner: &guardedWS{ws: ws}}
	go c.Write(nil)
	c.Write(nil)
}

func serve(ws *websocket.Conn, kinds []int) {
	c := stack(&wsConn{ws: ws}, kinds)
	c.SetDeadline(time.Now())
	buf := make([]byte, 512)
	for {
		k, err := c.Read(buf)
		if err != nil {
			return
		}
		c.Write(buf[:k])
	}
}
`)
	return b.String()
}

// wrapperMemory is the address space the analysis of wrapperSource(30)
// may add to the test process. Before wrapper chains were bounded the
// analysis of a real proxy of this shape passed 7 GB and was killed.
const wrapperMemory = 1 << 30

// TestWrapperChains analyses wrapperSource with 30 wrapper types in a
// child process whose address space is capped: it must complete, report
// the lines marked racy and none marked locked, and report the same
// findings and the same cuts on a second run (a budget may bite here,
// and what it keeps must not depend on map order).
func TestWrapperChains(t *testing.T) {
	src := wrapperSource(30)
	if os.Getenv("WSC_WRAPPERS_CHILD") != "" {
		capAddressSpace(t, wrapperMemory)
		var runs [2]string
		for i := range runs {
			diags, stats, err := fuzz.AnalyzeStats(src)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, d := range diags {
				lines = append(lines, fmt.Sprintf("FINDING %d: %s", d.Line, d.Message))
			}
			lines = append(lines, fmt.Sprintf("CUT %d", len(stats.Cut)))
			for _, c := range stats.Cut {
				lines = append(lines, "CUT "+c.String())
			}
			runs[i] = strings.Join(lines, "\n")
		}
		if runs[0] != runs[1] {
			t.Fatalf("two runs differ:\n%s\n---\n%s", runs[0], runs[1])
		}
		fmt.Println(runs[0])
		return
	}
	out := runChild(t, "TestWrapperChains", "WSC_WRAPPERS_CHILD", fmt.Sprintf("the analysis did not complete within %d MiB more address space, or two runs differed", wrapperMemory>>20))
	var reported []int
	for _, l := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(l, "FINDING "); ok {
			var n int
			fmt.Sscanf(rest, "%d:", &n)
			reported = append(reported, n)
		}
		if strings.HasPrefix(l, "CUT ") || strings.HasPrefix(l, "FINDING ") {
			t.Log(l)
		}
	}
	for i, l := range strings.Split(src, "\n") {
		switch {
		case strings.HasSuffix(l, "// racy") && !slices.Contains(reported, i+1):
			t.Errorf("line %d (%s) not reported", i+1, strings.TrimSpace(l))
		case strings.HasSuffix(l, "// locked") && slices.Contains(reported, i+1):
			t.Errorf("line %d (%s) reported", i+1, strings.TrimSpace(l))
		}
	}
}
