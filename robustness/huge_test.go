package robustness

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wsconcurrent/wsconcurrent/fuzz"
)

// analyze runs the analyzer in-process on a generated source and
// returns "line: message" per finding.
func analyze(tb testing.TB, src string) []string {
	tb.Helper()
	diags, err := fuzz.Analyze(src)
	if err != nil {
		tb.Fatalf("%v", err)
	}
	var out []string
	for _, d := range diags {
		out = append(out, fmt.Sprintf("%d: %s", d.Line, d.Message))
	}
	return out
}

func lineOf(src, substr string, nth int) int {
	i := -1
	for range nth {
		j := strings.Index(src[i+1:], substr)
		if j < 0 {
			return 0
		}
		i += 1 + j
	}
	return strings.Count(src[:i], "\n") + 1
}

func expect(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestHuge: one function of 5,000 statements and 200 go statements
// completes and reports exactly the one race it has (two findings).
// BenchmarkHuge measures it; here it only has to finish.
func TestHuge(t *testing.T) {
	src := hugeSource(5000, 200)
	if n := strings.Count(src, "\n"); n < 5000 {
		t.Fatalf("generated %d lines, want at least 5000", n)
	}
	if n := strings.Count(src, "\tgo func"); n != 200 {
		t.Fatalf("generated %d go statements, want 200", n)
	}
	goLine := lineOf(src, "\tgo func() {\n\t\td.", 1)
	last := lineOf(src, "\td.WriteMessage", 2)
	expect(t, analyze(t, src),
		fmt.Sprintf("%d: concurrent write to d: WriteMessage may overlap WriteMessage at p.go:%d (goroutine started at p.go:%d)", goLine+1, last, goLine),
		fmt.Sprintf("%d: concurrent write to d: WriteMessage may overlap WriteMessage at p.go:%d (goroutine started at p.go:%d)", last, goLine+1, goLine),
	)
}

// BenchmarkHuge: go test -run='^$' -bench=Huge ./robustness
func BenchmarkHuge(b *testing.B) {
	analyze(b, chainSource(2)) // load gorilla's export data first
	for _, size := range []struct{ stmts, gos int }{{1000, 40}, {5000, 200}, {10000, 400}} {
		src := hugeSource(size.stmts, size.gos)
		b.Run(fmt.Sprintf("stmts=%d/go=%d", size.stmts, size.gos), func(b *testing.B) {
			for b.Loop() {
				if n := len(analyze(b, src)); n != 2 {
					b.Fatalf("%d findings, want 2", n)
				}
			}
		})
	}
}

// TestDeepChain: a write 100 calls below a goroutine's start is found,
// and reported at the write and at the racing write in run.
func TestDeepChain(t *testing.T) {
	src := chainSource(100)
	deep := lineOf(src, "c.WriteMessage", 1)
	goLine := lineOf(src, "go f0(c)", 1)
	expect(t, analyze(t, src),
		fmt.Sprintf("%d: concurrent write to c: WriteMessage may overlap WriteMessage at p.go:%d (goroutine started at p.go:%d)", deep, goLine+1, goLine),
		fmt.Sprintf("%d: concurrent write to c: WriteMessage may overlap WriteMessage at p.go:%d (goroutine started at p.go:%d)", goLine+1, deep, goLine),
	)
}

// TestMutualRecursion: a cycle of 100 mutually recursive functions, one
// of which writes, reached from a goroutine: the fixed point terminates
// and finds the race. Also a two-function cycle.
func TestMutualRecursion(t *testing.T) {
	for _, n := range []int{2, 100} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			src := cycleSource(n)
			w := lineOf(src, "c.WriteMessage", 1)
			goLine := lineOf(src, "go f0(c, 1000)", 1)
			expect(t, analyze(t, src),
				fmt.Sprintf("%d: concurrent write to c: WriteMessage may overlap WriteMessage at p.go:%d (goroutine started at p.go:%d)", w, goLine+1, goLine),
				fmt.Sprintf("%d: concurrent write to c: WriteMessage may overlap WriteMessage at p.go:%d (goroutine started at p.go:%d)", goLine+1, w, goLine),
			)
		})
	}
}

// TestRecursiveSpawn: a function that starts a goroutine and then calls
// itself starts copies of the goroutine that race with each other.
func TestRecursiveSpawn(t *testing.T) {
	src := spawnSource()
	g := lineOf(src, "go c.WriteMessage", 1)
	expect(t, analyze(t, src),
		fmt.Sprintf("%d: concurrent write to c: WriteMessage may overlap itself, reached from p.go:%d and p.go:%d (goroutine started at p.go:%d)", g, g, g+1, g),
	)
}

// TestManyFilings: one function that files one conn in 3,000 registries,
// each on a branch of its own (so no two filings follow each other and
// every pair is compared), completes without a finding: there is no
// goroutine.
func TestManyFilings(t *testing.T) {
	var b strings.Builder
	b.WriteString("package p\n\nimport \"github.com/gorilla/websocket\"\n\ntype registry struct{ m map[*websocket.Conn]bool }\n\nfunc file(c *websocket.Conn, regs []*registry, n int) {\n\tswitch n {\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "\tcase %d:\n\t\tregs[%d].m[c] = true\n", i, i)
	}
	b.WriteString("\t}\n\tc.WriteMessage(websocket.TextMessage, nil)\n}\n")
	expect(t, analyze(t, b.String()))
}

// TestManyHandlers: 500 constructors, each installing a handler that
// writes on the conn kept in one field, and one read of that field:
// the handlers kept for the field are bounded, the analysis completes,
// and the read still runs the first handlers beside the writer.
func TestManyHandlers(t *testing.T) {
	var b strings.Builder
	b.WriteString("package p\n\nimport (\n\t\"time\"\n\n\t\"github.com/gorilla/websocket\"\n)\n\ntype peer struct{ conn *websocket.Conn }\n\n")
	for i := range 500 {
		fmt.Fprintf(&b, "func newPeer%d(c *websocket.Conn) *peer {\n\tp := &peer{conn: c}\n\tc.SetPingHandler(func(string) error { return p.conn.WriteMessage(websocket.PongMessage, nil) })\n\treturn p\n}\n\n", i)
	}
	b.WriteString("func (p *peer) read() {\n\tfor {\n\t\tif _, _, err := p.conn.ReadMessage(); err != nil {\n\t\t\treturn\n\t\t}\n\t}\n}\n\n")
	b.WriteString("func (p *peer) run() {\n\tgo p.read()\n\tfor range time.Tick(time.Second) {\n\t\tp.conn.WriteMessage(websocket.TextMessage, nil)\n\t}\n}\n")
	src := b.String()
	got := analyze(t, src)
	write := lineOf(src, "p.conn.WriteMessage(websocket.TextMessage", 1)
	if !strings.Contains(strings.Join(got, "\n"), fmt.Sprintf("%d: concurrent write to p.conn: WriteMessage may overlap WriteMessage", write)) {
		t.Errorf("the writer is not reported beside the handlers:\n%s", strings.Join(got, "\n"))
	}
}
