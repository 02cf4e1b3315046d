// Command vetsummary turns the TSV written by scripts/vetbench.sh into
// markdown tables: per module and tool, the median and range (min–max) of
// wall time, CPU time (user+sys, the process tree) and peak RSS over the
// runs, and ratios of medians against the
// no-op vettool (go vet) or nilness (standalone). If FILE.procs exists
// (the per-process run), it also sums each tool's processes.
//
//	vetsummary bench/results/vetbench-DATE.tsv
package main

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/bench/internal/stats"
)

type key struct{ module, mode, tool string }

type runs struct{ wall, rss, cpu []float64 }

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: vetsummary FILE.tsv")
		os.Exit(2)
	}
	rows, order, bad := read(os.Args[1])
	modes := []string{"vet", "standalone"}
	for _, mode := range modes {
		var ks []key
		for _, k := range order {
			if k.mode == mode {
				ks = append(ks, k)
			}
		}
		if len(ks) == 0 {
			continue
		}
		base := "noop"
		if mode == "standalone" {
			base = "nilness"
		}
		fmt.Printf("\n### %s\n\n", map[string]string{"vet": "go vet -vettool=TOOL PKGS", "standalone": "TOOL PKGS (standalone)"}[mode])
		fmt.Printf("| module | tool | runs | wall s median (range) | × %s | CPU s (user+sys) median (range) | × %s | peak RSS MiB median (range) | × %s |\n|---|---|---|---|---|---|---|---|---|\n", base, base, base)
		for _, k := range ks {
			r := rows[k]
			b, ok := rows[key{k.module, k.mode, base}]
			tr, cr, mr := "", "", ""
			if ok {
				tr = fmt.Sprintf("%.2f", stats.Median(r.wall)/stats.Median(b.wall))
				cr = fmt.Sprintf("%.2f", stats.Median(r.cpu)/stats.Median(b.cpu))
				mr = fmt.Sprintf("%.2f", stats.Median(r.rss)/stats.Median(b.rss))
			}
			fmt.Printf("| %s | %s | %d | %.1f (%.1f–%.1f) | %s | %.1f (%.1f–%.1f) | %s | %.0f (%.0f–%.0f) | %s |\n",
				k.module, k.tool, len(r.wall),
				stats.Median(r.wall), slices.Min(r.wall), slices.Max(r.wall), tr,
				stats.Median(r.cpu), slices.Min(r.cpu), slices.Max(r.cpu), cr,
				stats.Median(r.rss)/1024, slices.Min(r.rss)/1024, slices.Max(r.rss)/1024, mr)
		}
	}
	for _, b := range bad {
		fmt.Printf("\nWARNING: %s\n", b)
	}
	procs(os.Args[1] + ".procs")
}

func read(name string) (map[key]*runs, []key, []string) {
	f, err := os.Open(name)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	rows := make(map[key]*runs)
	var order []key
	var bad []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 10 || c[0] == "module" {
			continue
		}
		k := key{c[0], c[1], c[2]}
		wall, _ := strconv.ParseFloat(c[4], 64)
		rss, _ := strconv.ParseFloat(c[5], 64)
		user, _ := strconv.ParseFloat(c[6], 64)
		sys, _ := strconv.ParseFloat(c[7], 64)
		if c[9] != "ok" {
			bad = append(bad, fmt.Sprintf("%s %s %s run %s: status %s (exit %s)", c[0], c[1], c[2], c[3], c[9], c[8]))
		}
		r, ok := rows[k]
		if !ok {
			r = new(runs)
			rows[k] = r
			order = append(order, k)
		}
		r.wall = append(r.wall, wall)
		r.rss = append(r.rss, rss)
		r.cpu = append(r.cpu, user+sys)
	}
	return rows, order, bad
}

// procs summarises the per-process file: module, tool, package,
// dep|root, maxrss KiB, user s, sys s, wall s.
func procs(name string) {
	f, err := os.Open(name)
	if err != nil {
		return
	}
	defer f.Close()
	type agg struct {
		n            int
		cpu, maxRSS  float64
		maxPkg       string
		cpuByPkg     map[string]float64
		module, tool string
	}
	aggs := make(map[[2]string]*agg)
	var order [][2]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 7 {
			continue
		}
		k := [2]string{c[0], c[1]}
		a, ok := aggs[k]
		if !ok {
			a = &agg{cpuByPkg: make(map[string]float64), module: c[0], tool: c[1]}
			aggs[k] = a
			order = append(order, k)
		}
		rss, _ := strconv.ParseFloat(c[4], 64)
		u, _ := strconv.ParseFloat(c[5], 64)
		s, _ := strconv.ParseFloat(c[6], 64)
		a.n++
		a.cpu += u + s
		a.cpuByPkg[c[2]+" ("+c[3]+")"] += u + s
		if rss > a.maxRSS {
			a.maxRSS, a.maxPkg = rss, c[2]+" ("+c[3]+")"
		}
	}
	fmt.Printf("\n### tool processes under go vet (one untimed run, per-process rusage)\n\n")
	fmt.Printf("| module | tool | processes | CPU s (user+sys, summed) | largest process MiB | in package |\n|---|---|---|---|---|---|\n")
	for _, k := range order {
		a := aggs[k]
		fmt.Printf("| %s | %s | %d | %.1f | %.0f | %s |\n", a.module, a.tool, a.n, a.cpu, a.maxRSS/1024, a.maxPkg)
	}
	// Where wsconcurrent spends more than noop, per module.
	for _, k := range order {
		if k[1] != "wsconcurrent" {
			continue
		}
		base, ok := aggs[[2]string{k[0], "noop"}]
		if !ok {
			continue
		}
		a := aggs[k]
		type d struct {
			pkg   string
			extra float64
		}
		var ds []d
		var total float64
		for p, c := range a.cpuByPkg {
			ds = append(ds, d{p, c - base.cpuByPkg[p]})
			total += c - base.cpuByPkg[p]
		}
		slices.SortFunc(ds, func(x, y d) int {
			if x.extra > y.extra {
				return -1
			}
			if x.extra < y.extra {
				return 1
			}
			return strings.Compare(x.pkg, y.pkg)
		})
		fmt.Printf("\n%s: wsconcurrent CPU minus noop CPU, summed over packages: %.1f s; largest:\n\n", k[0], total)
		for i := 0; i < len(ds) && i < 8; i++ {
			fmt.Printf("- %s: %+.2f s\n", ds[i].pkg, ds[i].extra)
		}
	}
}
