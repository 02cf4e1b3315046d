package summarize

import (
	"go/token"

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
// result: the conn's paths followed by writerSel.
func (e *Engine) writerPaths(r *paths.Resolver, call *ssa.Call) []paths.Path {
	op, ok := e.contract.Op(call.Common())
	if !ok || op.Method != "NextWriter" {
		return nil
	}
	var out []paths.Path
	for _, p := range r.Resolve(op.Conn) {
		out = append(out, p.With(paths.WriterSel))
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
			out = append(out, effect.Access{Side: contract.Write, Method: "NextWriter's writer", Conn: conn, Locks: held, Site: common.Pos(), ConnText: text, Async: goPos.IsValid(), GoPos: goPos})
		}
	}
	return out
}
