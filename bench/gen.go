// Package bench measures what the wsconcurrent analyzer costs: a
// generator of synthetic websocket servers of any size (this file), go
// test benchmarks of the analyzer's pass on them (bench_test.go), and the
// tools scripts/vetbench.sh uses on real modules (cmd/). See
// BENCHMARKS.md at the repository root for the figures.
package bench

import (
	"bytes"
	"fmt"
	"go/format"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
)

// Program is one generated package: a single file, package synth.
type Program struct {
	Src   []byte // gofmt-ed source of synth.go
	Lines int    // lines of Src
	Units int    // units generated (see Generate)
	// Want lists the lines (1-based) the generator planted a race on, by
	// category ("concurrent-write", "concurrent-read"): each line carries
	// a "// RACE:write" or "// RACE:read" comment.
	Want map[int]string
}

// Generate returns a package of about lines lines (it stops at the first
// unit that reaches the count) built from units: each unit is a small
// websocket service of its own (a shared base of helpers plus a few
// patterns drawn with the seed: handlers with ping goroutines, mutex
// wrappers, writer goroutines fed by channels, chat clients with
// select loops, wait groups, registries, per-conn goroutine loops, plain
// computation). About one pattern in five is racy. Units call the
// previous unit's leaf helper, every handler is registered in main, and
// a few patterns share one package-level hub, so the package is one
// connected program, not a thousand islands. The same (lines, seed)
// always gives the same source.
//
// With websocket false the same code is written against a Conn type
// declared in the package itself, with no websocket import anywhere:
// the shape a package that cannot touch a connection has (the gate).
func Generate(lines int, seed uint64, websocket bool) *Program {
	g := &gen{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	var body bytes.Buffer
	units := 0
	for {
		g.unit(&body, units)
		units++
		// Count lines of what would be emitted; gofmt changes little
		// (it never joins lines), so counting before formatting is
		// close enough to stop, and Lines is counted after.
		if bytes.Count(body.Bytes(), []byte("\n"))+len(g.routes)+40 >= lines {
			break
		}
	}
	var out bytes.Buffer
	if websocket {
		out.WriteString(preambleWS)
	} else {
		out.WriteString(preambleNoWS)
	}
	out.WriteString(sharedHub)
	body.WriteTo(&out)
	out.WriteString("func main() {\n")
	for _, r := range g.routes {
		out.WriteString("\t" + r + "\n")
	}
	out.WriteString("\tlog.Fatal(http.ListenAndServe(\"127.0.0.1:8080\", nil))\n}\n")
	src := out.Bytes()
	if !websocket {
		src = bytes.ReplaceAll(src, []byte("websocket."), nil)
	}
	formatted, err := format.Source(src)
	if err != nil {
		panic(fmt.Sprintf("bench: generated source does not parse: %v", err))
	}
	p := &Program{Src: formatted, Units: units, Want: make(map[int]string)}
	for i, line := range strings.Split(string(formatted), "\n") {
		if m := raceMarker.FindStringSubmatch(line); m != nil {
			p.Want[i+1] = "concurrent-" + m[1]
		}
	}
	p.Lines = bytes.Count(formatted, []byte("\n"))
	return p
}

var raceMarker = regexp.MustCompile(`// RACE:(write|read)$`)

type gen struct {
	rng    *rand.Rand
	routes []string
}

// pattern is one block of a unit: its source with @ for the unit's
// number and @P for the previous unit's, and the route it registers
// in main (if any).
type pattern struct {
	name   string
	weight int
	racy   bool
	src    string
	route  string
}

func (g *gen) unit(w *bytes.Buffer, n int) {
	prev := n - 1
	if prev < 0 {
		prev = 0
	}
	r := strings.NewReplacer("@P", strconv.Itoa(prev), "@", strconv.Itoa(n))
	w.WriteString(r.Replace(unitBase))
	k := 2 + g.rng.IntN(3) // 2 to 4 distinct patterns
	used := make(map[*pattern]bool)
	for len(used) < k {
		p := g.pick()
		if used[p] {
			continue
		}
		used[p] = true
		w.WriteString(r.Replace(p.src))
		if p.route != "" {
			g.routes = append(g.routes, r.Replace(p.route))
		}
	}
	// Plain computation: most code in a websocket server is not about
	// the connection.
	for i := g.rng.IntN(3); i > 0; i-- {
		w.WriteString(r.Replace(strings.ReplaceAll(computeBlock, "#", strconv.Itoa(i))))
	}
}

func (g *gen) pick() *pattern {
	total := 0
	for i := range patterns {
		total += patterns[i].weight
	}
	x := g.rng.IntN(total)
	for i := range patterns {
		if x < patterns[i].weight {
			return &patterns[i]
		}
		x -= patterns[i].weight
	}
	panic("unreachable")
}
