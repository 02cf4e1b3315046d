package analyzer

import (
	"go/token"
	"go/types"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
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

// writerSel marks a path as the writer NextWriter returned for the conn
// before it.
var writerSel = elem{kind: elemField, name: "(writer)"}

func isWriter(p path) bool {
	n := len(p.elems)
	return n > 0 && p.elems[n-1].kind == elemField && p.elems[n-1].name == writerSel.name
}

// writerPaths returns the writer paths of a NextWriter call's first
// result: the conn's paths followed by writerSel.
func (e *engine) writerPaths(r *resolver, call *ssa.Call) []path {
	op, ok := e.contract.Op(call.Common())
	if !ok || op.Method != "NextWriter" {
		return nil
	}
	var out []path
	for _, p := range r.resolve(op.Conn) {
		out = append(out, p.with(writerSel))
	}
	return out
}

// wrapsWriter resolves the result of a call that takes a writer and
// returns a pointer or interface (json.NewEncoder(w), bufio.NewWriter(w))
// to the writer: what the result writes, the writer writes.
func (r *resolver) wrapsWriter(call *ssa.Call) []path {
	switch call.Type().Underlying().(type) {
	case *types.Pointer:
	case *types.Interface:
		if isErrorType(call.Type()) {
			return nil // Encode(v) error: a use, not a wrapper
		}
	default:
		return nil
	}
	for _, a := range call.Call.Args {
		var out []path
		for _, p := range r.resolve(a) {
			if isWriter(p) {
				out = append(out, p)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// writerUses returns the write accesses a call makes through writers it
// is handed (as receiver or argument).
func (e *engine) writerUses(st *funcState, call ssa.CallInstruction, held lockset, goPos token.Pos) []access {
	common := call.Common()
	if c, ok := call.(*ssa.Call); ok && len(st.res.wrapsWriter(c)) > 0 {
		return nil // json.NewEncoder(w) writes nothing yet
	}
	vals := common.Args
	if common.IsInvoke() {
		vals = append([]ssa.Value{common.Value}, vals...)
	}
	var out []access
	for _, v := range vals {
		for _, p := range st.res.resolve(v) {
			if !isWriter(p) {
				continue
			}
			conn := newPath(p.root, p.elems[:len(p.elems)-1])
			text := e.report.connText(common.Pos(), contract.ConnOp{})
			out = append(out, access{side: contract.Write, method: "NextWriter's writer", conn: conn, locks: held, site: common.Pos(), connText: text, async: goPos.IsValid(), goPos: goPos})
		}
	}
	return out
}
