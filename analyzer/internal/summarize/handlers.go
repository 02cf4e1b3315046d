package summarize

import (
	"fmt"
	"go/token"
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/cfg"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"golang.org/x/tools/go/ssa"
)

// Handlers run at reads. gorilla runs a ping, pong or close handler
// inside NextReader (and ReadMessage, ReadJSON, which call it), on
// whichever goroutine reads, when the frame arrives:
//
//	c.conn.SetPingHandler(func(s string) error {
//		return c.conn.WriteMessage(websocket.PongMessage, nil) // runs in read()
//	})
//	go c.read()  // ReadMessage in a loop
//	go c.ping()  // WriteMessage on a ticker
//
// So what a handler does happens at each later read of the conn it was
// installed on, on the reading goroutine and under the reader's locks:
// here, on read()'s goroutine, where it races with ping(). A handler
// installed where the function never reads that conn afterwards runs,
// as far as the function can tell, on the installing goroutine (the
// caller may read later, on this goroutine).

// An install is a handler installed on a conn.
type install struct {
	conns    []paths.Path
	fn       *ssa.Function
	bindings []ssa.Value
	pos      token.Pos // the Set*Handler call
	goPos    token.Pos // when the call itself is started by go
	at       *effect.Event
}

// runsHandlers are the read methods that run installed handlers.
var runsHandlers = map[string]bool{"NextReader": true, "ReadMessage": true, "ReadJSON": true}

// attachHandlers adds, for each handler st.fn installs, the handler's
// accesses at each later read of the same conn, as the reader makes
// them. Installs no read follows keep them at the install.
func (e *Engine) attachHandlers(st *FuncState, ord *cfg.Order, events []*effect.Event) []*effect.Event {
	for _, in := range st.installs {
		matched := false
		for _, ev := range events {
			if !ord.After(in.at, ev) {
				continue
			}
			seen := make(map[string]bool) // one run per reading goroutine
			n := len(ev.Accesses)
			for i := 0; i < n; i++ {
				r := ev.Accesses[i]
				if r.Side != contract.Read || !runsHandlers[r.Method] || !slices.ContainsFunc(in.conns, func(p paths.Path) bool { return p.Key == r.Conn.Key || paths.Match(p, r.Conn) }) {
					continue
				}
				matched = true
				k := fmt.Sprintf("%d|%s", r.GoPos, r.Locks)
				if seen[k] {
					continue
				}
				seen[k] = true
				var accs []effect.Access
				if r.Async {
					accs = e.lift(st, ev.Instr.Pos(), in.fn, nil, in.bindings, nil, r.GoPos)
					for j := range accs {
						accs[j].GoDepth += r.GoDepth
						accs[j].Done, accs[j].Waits = r.Done, r.Waits
						accs[j].OnSuccess = r.OnSuccess
					}
				} else {
					accs = e.lift(st, ev.Instr.Pos(), in.fn, nil, in.bindings, r.Locks, token.NoPos)
				}
				ev.Accesses = append(ev.Accesses, accs...)
			}
		}
		if matched {
			continue
		}
		// No read follows: the handler stays with the installer.
		accs := e.lift(st, in.pos, in.fn, nil, in.bindings, nil, in.goPos)
		if len(accs) == 0 {
			continue
		}
		if ev := eventAt(events, in.at); ev != nil {
			ev.Accesses = append(ev.Accesses, accs...)
		} else {
			in.at.Accesses = accs
			events = append(events, in.at)
		}
	}
	return events
}

// eventAt returns the event of the same call as at, if it is one.
func eventAt(events []*effect.Event, at *effect.Event) *effect.Event {
	for _, ev := range events {
		if ev.Block == at.Block && ev.Index == at.Index {
			return ev
		}
	}
	return nil
}
