package robustness

import (
	"fmt"
	"strings"
)

// header is the start of every generated file.
const header = `package p

import (
	"sync"

	"github.com/gorilla/websocket"
)

var _ sync.Mutex
`

// hugeSource is one function of about stmts statements with gos go
// statements: every write to c is under mu (blocks of lock; write; if
// branch; unlock, and goroutines that lock), so none is reported. The one
// race is on a second conn d: goroutine number gos/2 writes it unlocked,
// and so does the function's last statement. Expected: 2 findings.
func hugeSource(stmts, gos int) string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("\nfunc huge(c, d *websocket.Conn, n int) {\n\tvar mu sync.Mutex\n")
	written := 0
	perGo := stmts / gos
	for g := 0; g < gos; g++ {
		if g == gos/2 {
			b.WriteString("\tgo func() {\n\t\td.WriteMessage(websocket.TextMessage, nil)\n\t}()\n")
		} else {
			b.WriteString("\tgo func() {\n\t\tmu.Lock()\n\t\tc.WriteMessage(websocket.TextMessage, nil)\n\t\tmu.Unlock()\n\t}()\n")
		}
		written += 4
		for i := 0; i < perGo-4; i += 6 {
			fmt.Fprintf(&b, "\tmu.Lock()\n\tif n > %d {\n\t\tc.WriteMessage(websocket.TextMessage, nil)\n\t} else {\n\t\tc.SetWriteDeadline(time.Time{})\n\t}\n\tmu.Unlock()\n", i)
			written += 6
		}
	}
	b.WriteString("\td.WriteMessage(websocket.TextMessage, nil)\n}\n")
	return strings.Replace(b.String(), "\t\"sync\"\n", "\t\"sync\"\n\t\"time\"\n", 1)
}

// chainSource is a call chain f0 -> f1 -> ... -> f(depth-1), the last of
// which writes; run starts f0 in a goroutine and writes too. Expected: 2
// findings, at the deep write and at run's.
func chainSource(depth int) string {
	var b strings.Builder
	b.WriteString(header)
	for i := 0; i < depth-1; i++ {
		fmt.Fprintf(&b, "\nfunc f%d(c *websocket.Conn) { f%d(c) }\n", i, i+1)
	}
	fmt.Fprintf(&b, "\nfunc f%d(c *websocket.Conn) {\n\tc.WriteMessage(websocket.TextMessage, nil)\n}\n", depth-1)
	b.WriteString("\nfunc run(c *websocket.Conn) {\n\tgo f0(c)\n\tc.WriteMessage(websocket.TextMessage, nil)\n}\n")
	return b.String()
}

// cycleSource is mutual recursion around a cycle of n functions,
// f0 -> f1 -> ... -> f(n-1) -> f0, each guarded by a counter; f(n/2)
// writes. run starts f0 in a goroutine and writes.
func cycleSource(n int) string {
	var b strings.Builder
	b.WriteString(header)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "\nfunc f%d(c *websocket.Conn, k int) {\n\tif k <= 0 {\n\t\treturn\n\t}\n", i)
		if i == n/2 {
			b.WriteString("\tc.WriteMessage(websocket.TextMessage, nil)\n")
		}
		fmt.Fprintf(&b, "\tf%d(c, k-1)\n}\n", (i+1)%n)
	}
	b.WriteString("\nfunc run(c *websocket.Conn) {\n\tgo f0(c, 1000)\n\tc.WriteMessage(websocket.TextMessage, nil)\n}\n")
	return b.String()
}

// spawnSource starts a goroutine at every level of a recursion of the
// given depth (a function that calls itself).
func spawnSource() string {
	return header + `
func spawn(c *websocket.Conn, n int) {
	if n == 0 {
		return
	}
	go c.WriteMessage(websocket.TextMessage, nil)
	spawn(c, n-1)
}
`
}
