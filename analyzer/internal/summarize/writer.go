package summarize

import (
	"go/token"
	"slices"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"golang.org/x/tools/go/ssa"
)

// NextWriter lasts until its writer is closed. The io.WriteCloser that
// NextWriter returns writes to the conn: its Write and Close, and
// anything it is handed to (json.NewEncoder(w).Encode, io.Copy(w, r),
// fmt.Fprintf(w, ...)), are writes to the conn, each under the locks
// held where it happens. A lock held around NextWriter alone does not
// cover them:
//
//	c.mu.Lock()
//	w, _ := c.conn.NextWriter(websocket.TextMessage)
//	c.mu.Unlock()
//	w.Write(msg) // unlocked
//
// The writer is named by the conn's path followed by the selection
// writerSel, so that a getter that returns it, or an encoder built on
// it, carries it to where it is used.

// writerPaths returns the writer paths of a NextWriter call's first
// result: the conn's paths followed by writerSel. For a call through an
// interface (a private frameConn the conn is stored in) that may reach
// a conn's NextWriter, the interface value's paths followed by a
// selection that says which types make it a conn (paths.WriterOf),
// unless the function sees that it holds nothing else: its writes are
// the conn's on that condition, as the call's own are.
func (e *Engine) writerPaths(r *paths.Resolver, call *ssa.Call) []paths.Path {
	common := call.Common()
	var conn ssa.Value
	sel := paths.WriterSel
	if common.IsInvoke() {
		if common.Method.Name() != "NextWriter" {
			return nil
		}
		targets, exact := e.dispatch(r.Fn, common)
		var conns []string
		for _, t := range targets {
			if t.conn {
				conns = append(conns, effect.TypeKey(t.typ))
			}
		}
		if len(conns) == 0 {
			return nil
		}
		if !exact || len(conns) < len(targets) {
			slices.Sort(conns)
			sel = paths.WriterOf(conns)
		}
		conn = common.Value
	} else {
		op, ok := e.contract.Op(common)
		if !ok || op.Method != "NextWriter" {
			return nil
		}
		conn = op.Conn
	}
	var out []paths.Path
	for _, p := range r.Resolve(conn) {
		out = append(out, p.With(sel))
	}
	return out
}

// writerUses returns the write accesses a call makes through writers it
// is handed (as receiver or argument).
func (e *Engine) writerUses(st *FuncState, call ssa.CallInstruction, held lockset.Set, goPos token.Pos) []effect.Access {
	common := call.Common()
	if c, ok := call.(*ssa.Call); ok && len(st.Res.WrapsWriter(c)) > 0 {
		return nil // json.NewEncoder(w) writes nothing yet
	}
	vals := common.Args
	if common.IsInvoke() {
		vals = append([]ssa.Value{common.Value}, vals...)
	}
	var out []effect.Access
	for _, v := range vals {
		for _, p := range st.Res.Resolve(v) {
			if !paths.IsWriter(p) {
				continue
			}
			conn := paths.NewPath(p.Root, p.Elems[:len(p.Elems)-1])
			text := e.Report.ConnText(common.Pos(), contract.ConnOp{})
			a := effect.Access{Side: contract.Write, Method: "NextWriter's writer", Conn: conn, Locks: held, Site: common.Pos(), ConnText: text, Async: goPos.IsValid(), GoPos: goPos}
			if ts := paths.WriterTypes(p); ts != nil {
				// The writer of an interface value that may be a
				// conn: a write to it only if it is (dyntypes.go).
				a.Conds = []effect.DispatchCond{{Recv: []paths.Path{conn}, Types: ts}}
			}
			out = append(out, a)
		}
	}
	return out
}
