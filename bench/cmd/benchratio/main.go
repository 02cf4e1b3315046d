// Command benchratio reads `go test -bench` output (several runs of the
// same benchmarks, e.g. from scripts/synthbench.sh) and prints, per
// benchmark, the median and range of ns/op, B/op and allocs/op, then the
// ratios of medians between consecutive sizes of a family
// (Foo/1k → Foo/10k → Foo/100k): the cost of 10× the code.
//
//	benchratio bench/results/synth-DATE.txt
package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/bench/internal/stats"
)

var line = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

var units = []string{"ns/op", "B/op", "allocs/op"}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: benchratio FILE")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	vals := make(map[string]map[string][]float64)
	var order []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		name := m[1]
		if vals[name] == nil {
			vals[name] = make(map[string][]float64)
			order = append(order, name)
		}
		fs := strings.Fields(m[2])
		for i := 0; i+1 < len(fs); i += 2 {
			v, err := strconv.ParseFloat(fs[i], 64)
			if err == nil {
				vals[name][fs[i+1]] = append(vals[name][fs[i+1]], v)
			}
		}
	}
	fmt.Println("| benchmark | runs | time/op median (range) | B/op median (range) | allocs/op median (range) |")
	fmt.Println("|---|---|---|---|---|")
	for _, name := range order {
		v := vals[name]
		fmt.Printf("| %s | %d | %s | %s | %s |\n", name, len(v["ns/op"]),
			rng(v["ns/op"], dur), rng(v["B/op"], bytes), rng(v["allocs/op"], count))
	}
	fmt.Println()
	fmt.Println("| 10× the code | time | B/op | allocs/op |")
	fmt.Println("|---|---|---|---|")
	for _, name := range order {
		i := strings.LastIndex(name, "/")
		if i < 0 {
			continue
		}
		fam, size := name[:i], name[i+1:]
		var next string
		switch {
		case strings.HasSuffix(size, "1k"):
			next = strings.TrimSuffix(size, "1k") + "10k"
		case strings.HasSuffix(size, "10k"):
			next = strings.TrimSuffix(size, "10k") + "100k"
		default:
			continue
		}
		w, ok := vals[fam+"/"+next]
		if !ok {
			continue
		}
		v := vals[name]
		fmt.Printf("| %s → %s |", name, next)
		for _, u := range units {
			fmt.Printf(" %.2f× |", stats.Median(w[u])/stats.Median(v[u]))
		}
		fmt.Println()
	}
}

func rng(xs []float64, f func(float64) string) string {
	if len(xs) == 0 {
		return ""
	}
	return fmt.Sprintf("%s (%s–%s)", f(stats.Median(xs)), f(slices.Min(xs)), f(slices.Max(xs)))
}

func dur(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.1f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func bytes(b float64) string {
	switch {
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", b/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f KiB", b/(1<<10))
	}
	return fmt.Sprintf("%.0f B", b)
}

func count(n float64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.2fM", n/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1fk", n/1e3)
	}
	return fmt.Sprintf("%.0f", n)
}
