package robustness

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// pathologicalSource is a package built to make a summary-based analysis
// run away, one section per mechanism that used to:
//
//   - fan: callbacks stored in fields, run by a method that n levels of
//     methods call three ways each (under the lock, without it, on a
//     goroutine). A summary that kept one callback per path would hold
//     3^levels of them.
//   - rec: a chain of self-recursive functions, each calling the next;
//     iterating each to a fixed point by re-analysing everything below
//     it would take maxRounds^depth analyses.
//   - mut: a cycle of mutually recursive functions that pass a growing
//     closure around the cycle.
//   - deep: a recursive struct walked further than any path may reach
//     (n.next.next...), and a long chain of nested structs.
//   - closures: a tower of closures over one conn, each calling the one
//     below twice; every write holds mu (not reported).
//
// and two races that must be found: plain (a goroutine and its spawner
// both write c) and run (the callback on0, started on a goroutine by
// the fan, writes the conn run writes after the fan returns).
func pathologicalSource(levels, depth, cycle, tower int) string {
	var b strings.Builder
	b.WriteString(header)
	const fields = 4
	b.WriteString("\ntype node struct {\n\tmu   sync.Mutex\n\tconn *websocket.Conn\n\tnext *node\n")
	for i := range fields {
		fmt.Fprintf(&b, "\ton%d  func()\n", i)
	}
	b.WriteString("\tinner struct{ a struct{ b struct{ c struct{ d struct{ e struct{ conn *websocket.Conn } } } } } }\n}\n")

	// fan
	b.WriteString("\nfunc (n *node) level0() {\n")
	for i := range fields {
		fmt.Fprintf(&b, "\tn.on%d()\n", i)
	}
	b.WriteString("}\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "\nfunc (n *node) level%d() {\n\tn.mu.Lock()\n\tn.level%d()\n\tn.mu.Unlock()\n\tn.level%d()\n\tgo n.level%d()\n}\n", i, i-1, i-1, i-1)
	}
	fmt.Fprintf(&b, `
func run(c *websocket.Conn) {
	n := &node{conn: c}
	n.on0 = func() { c.WriteMessage(websocket.TextMessage, nil) } // racy
	n.on1 = func() { c.Close() }
	n.level%d()
	c.WriteMessage(websocket.TextMessage, nil) // racy
}
`, levels)

	// rec
	for i := range depth {
		fmt.Fprintf(&b, "\nfunc rec%d(n *node, k int) {\n\tif k > 0 {\n\t\trec%d(n, k-1)\n", i, i)
		if i+1 < depth {
			fmt.Fprintf(&b, "\t\trec%d(n, k-1)\n", i+1)
		}
		b.WriteString("\t}\n\tn.on2()\n}\n")
	}

	// mut
	for i := range cycle {
		fmt.Fprintf(&b, "\nfunc mut%d(n *node, f func(), k int) {\n\tif k > 0 {\n\t\tmut%d(n, func() { f(); n.on3() }, k-1)\n\t\tmut%d(n, f, k-1)\n\t}\n\tf()\n}\n", i, (i+1)%cycle, i)
	}

	// deep
	b.WriteString("\nfunc (n *node) deep() {\n\tn.mu.Lock()\n\tdefer n.mu.Unlock()\n\tn")
	for range 3 * depth {
		b.WriteString(".next")
	}
	b.WriteString(".conn.WriteMessage(websocket.TextMessage, nil)\n\tn.inner.a.b.c.d.e.conn.WriteMessage(websocket.TextMessage, nil)\n}\n")
	b.WriteString("\nfunc walk(n *node) {\n\tfor p := n; p != nil; p = p.next {\n\t\tgo p.deep()\n\t}\n}\n")

	// closures
	b.WriteString("\nfunc closures(c *websocket.Conn) {\n\tvar mu sync.Mutex\n\tf0 := func() {\n\t\tmu.Lock()\n\t\tc.WriteMessage(websocket.TextMessage, nil) // locked\n\t\tmu.Unlock()\n\t}\n")
	for i := 1; i <= tower; i++ {
		fmt.Fprintf(&b, "\tf%d := func() {\n\t\tf%d()\n\t\tgo f%d()\n\t}\n", i, i-1, i-1)
	}
	fmt.Fprintf(&b, "\tgo f%d()\n\tf%d()\n\tmu.Lock()\n\tc.WriteMessage(websocket.TextMessage, nil) // locked\n\tmu.Unlock()\n}\n", tower, tower)

	// plain
	b.WriteString("\nfunc plain(c *websocket.Conn) {\n\tgo c.WriteMessage(websocket.TextMessage, nil) // racy\n\tc.WriteMessage(websocket.TextMessage, nil) // racy\n}\n")
	return b.String()
}

// pathologicalMemory is the address space the analysis may add to the
// test process: a tenth of what the unbounded analysis reached on a real
// package before it was killed.
const pathologicalMemory = 1 << 30

// TestPathological analyses pathologicalSource in a child process whose
// address space is capped (RLIMIT_AS) at pathologicalMemory above what it
// uses before the analysis: it must complete within that, report every
// line marked racy and none marked locked, and need no budget cut.
func TestPathological(t *testing.T) {
	src := pathologicalSource(40, 30, 8, 40)
	if os.Getenv("WSC_PATHOLOGICAL_CHILD") != "" {
		capAddressSpace(t, pathologicalMemory)
		for _, f := range analyze(t, src) {
			fmt.Println("FINDING " + f)
		}
		return
	}
	out := runChild(t, "TestPathological", "WSC_PATHOLOGICAL_CHILD", fmt.Sprintf("the analysis did not complete within %d MiB more address space", pathologicalMemory>>20))
	if strings.Contains(string(out), "exceeded the analysis budget") {
		t.Errorf("the bounded model should not need the budget here:\n%s", out)
	}
	reported := make(map[int]string)
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "FINDING ")
		if !ok {
			continue
		}
		n, _ := strconv.Atoi(line[:strings.Index(line, ":")])
		reported[n] = line
	}
	for i, l := range strings.Split(src, "\n") {
		switch {
		case strings.HasSuffix(l, "// racy") && reported[i+1] == "":
			t.Errorf("line %d (%s) not reported", i+1, strings.TrimSpace(l))
		case strings.HasSuffix(l, "// locked") && reported[i+1] != "":
			t.Errorf("line %d (%s) reported: %s", i+1, strings.TrimSpace(l), reported[i+1])
		}
	}
	if len(reported) == 0 {
		t.Errorf("no findings; output:\n%s", out)
	}
}

// runChild runs the test named test again in a child process, with env
// set to 1 (the child then analyses under capAddressSpace), and returns
// its output; it fails t, quoting the output's start, with failure when
// the child fails. It skips t where RLIMIT_AS is not enforced.
func runChild(t *testing.T, test, env, failure string) []byte {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("RLIMIT_AS is enforced on Linux")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.v")
	cmd.Env = append(os.Environ(), env+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		tail := string(out)
		if len(tail) > 4000 {
			tail = tail[:4000]
		}
		t.Fatalf("%s: %v\n%s", failure, err, tail)
	}
	return out
}

// capAddressSpace limits the process's address space to extra bytes
// above its current size: past that, the runtime dies with "out of
// memory" instead of growing.
func capAddressSpace(t *testing.T, extra uint64) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	var vm uint64
	for _, l := range strings.Split(string(data), "\n") {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "VmSize:" {
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			vm = kb << 10
		}
	}
	if vm == 0 {
		t.Fatal("VmSize not found in /proc/self/status")
	}
	lim := &syscall.Rlimit{Cur: vm + extra, Max: vm + extra}
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, lim); err != nil {
		t.Fatal(err)
	}
}
