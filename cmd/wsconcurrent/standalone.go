package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/token"
	"io"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// standalone is a plain command-line run: the subset of the
// singlechecker's interface that needs no more than reporting, with the
// same flag names, defaults, output (the go/analysis checker prints it)
// and exit codes.
type standalone struct {
	json       bool
	context    int
	tests      bool
	tags       string
	cpuProfile string
	memProfile string
	patterns   []string
	// deps also reports the findings of the imported packages of the
	// roots' modules (see moduleDeps).
	deps bool
	// loadAll loads every package from source, as the singlechecker
	// does (WSCONCURRENT_LOAD=all).
	loadAll bool
}

// parseStandalone parses args as the standalone driver's command line.
// It reports false, leaving the run to the singlechecker, for anything
// else: the go vet protocol (a *.cfg argument, -V, -flags), -fix and
// -diff (whose fix application x/tools does not export), -debug, -trace,
// -help, no package pattern, or a flag error (the singlechecker prints
// the usage and the error). Analyzer flags are set as a side effect,
// with the same values the singlechecker would set.
func parseStandalone(args []string) (*standalone, bool) {
	s := &standalone{context: -1, tests: true, deps: true}
	fs := flag.NewFlagSet("wsconcurrent", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&s.json, "json", false, "emit JSON output")
	fs.IntVar(&s.context, "c", -1, "display offending line with this many lines of context")
	fs.BoolVar(&s.tests, "test", true, "indicates whether test files should be analyzed, too")
	fs.StringVar(&s.tags, "tags", "", "a comma-separated list of build tags to consider satisfied, as go vet -tags")
	fs.BoolVar(&s.deps, "deps", true, "also report findings in the imported packages of the named packages' modules")
	fs.StringVar(&s.cpuProfile, "cpuprofile", "", "write CPU profile to this file")
	fs.StringVar(&s.memProfile, "memprofile", "", "write memory profile to this file")
	analyzer.Analyzer.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	if fs.Parse(args) != nil || fs.NArg() == 0 {
		return nil, false
	}
	for _, a := range fs.Args() {
		if strings.HasSuffix(a, ".cfg") {
			return nil, false
		}
	}
	s.patterns = fs.Args()
	return s, true
}

// dedupVariants keeps one diagnostic per position and category across
// the root packages: a package and its test variant (p and p [p.test])
// analyse the same files, and both would print the same finding (with a
// different partner, sometimes, when the test files add one). The first
// package in load order keeps it; the checker's text output would only
// drop exact repeats, and its JSON output none.
func dedupVariants(roots []*checker.Action) {
	type key struct {
		pos, end token.Position
		category string
	}
	seen := make(map[key]bool)
	for _, act := range roots {
		kept := act.Diagnostics[:0:0]
		for _, d := range act.Diagnostics {
			k := key{act.Package.Fset.Position(d.Pos), act.Package.Fset.Position(d.End), d.Category}
			if !seen[k] {
				seen[k] = true
				kept = append(kept, d)
			}
		}
		act.Diagnostics = kept
	}
}

// moduleDeps marks as reported, and returns in ID order, the analysed
// dependencies of the roots that belong to a root's module and have
// findings in code the roots can run (reachable); their other findings
// are dropped.
//
// A race is a property of the program, and the program is where its
// goroutines meet: a command package that wires a library's interface to
// its gorilla adapter (the library's goroutines writing through the
// adapter) is often the package a user names, while the race is
// reported in the package that holds the writes. The module's own
// packages are the user's code, so a run on a program shows their
// findings too, if the program runs the code they are in; dependencies
// from other modules stay silent, as a go vet run on the program would
// leave them. Each finding is printed once (dedupVariants), so a run on
// ./... prints what it printed before. go vet runs one package at a time
// and is not affected.
func moduleDeps(graph *checker.Graph) []*checker.Action {
	modules := make(map[string]bool)
	for _, act := range graph.Roots {
		if m := act.Package.Module; m != nil {
			modules[m.Path] = true
		}
	}
	var deps []*checker.Action
	for act := range graph.All() {
		if m := act.Package.Module; !act.IsRoot && m != nil && modules[m.Path] && act.Err == nil && len(act.Diagnostics) > 0 {
			deps = append(deps, act)
		}
	}
	if len(deps) == 0 {
		return nil
	}
	runs := reachable(graph.Roots)
	kept := deps[:0]
	for _, act := range deps {
		act.Diagnostics = slices.DeleteFunc(act.Diagnostics, func(d analysis.Diagnostic) bool { return !runs(d.Pos) })
		if len(act.Diagnostics) > 0 {
			act.IsRoot = true
			kept = append(kept, act)
		}
	}
	slices.SortFunc(kept, func(a, b *checker.Action) int { return strings.Compare(a.Package.ID, b.Package.ID) })
	return kept
}

// explainSkipped rewrites the checker's errors for packages it did not
// analyse into one line that says which package and why: the checker
// says "analysis skipped due to errors in package" without naming it, and
// for a package whose dependency does not compile names only the
// dependency's action.
func explainSkipped(graph *checker.Graph) {
	for act := range graph.All() {
		if act.Err == nil {
			continue
		}
		msg := act.Err.Error()
		switch {
		case strings.Contains(msg, "failed prerequisites"):
			var bad []string
			for _, d := range act.Deps {
				if d.Err != nil {
					bad = append(bad, d.Package.PkgPath)
				}
			}
			act.Err = fmt.Errorf("%s not analysed: its dependency %s does not compile (errors above)", act.Package.PkgPath, strings.Join(bad, ", "))
		case strings.Contains(msg, "analysis skipped due to errors in package"):
			act.Err = fmt.Errorf("%s not analysed: it does not compile (errors above)", act.Package.ID)
		}
	}
}

// run loads, analyses and prints; it returns the exit code.
func (s *standalone) run() (code int) {
	log.SetFlags(0)
	log.SetPrefix(analyzer.Analyzer.Name + ": ")
	// As the singlechecker: the largest code wins (1 errors, 3 findings).
	atLeast := func(c int) { code = max(code, c) }

	if s.cpuProfile != "" {
		f, err := os.Create(s.cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	if s.memProfile != "" {
		defer func() {
			f, err := os.Create(s.memProfile)
			if err != nil {
				log.Fatal(err)
			}
			runtime.GC()
			if err := pprof.WriteHeapProfile(f); err != nil {
				log.Fatal(err)
			}
			f.Close()
		}()
	}

	conns, err := analyzer.ConnPackages()
	if err != nil {
		log.Print(err)
		return 1
	}
	var buildFlags []string
	if s.tags != "" {
		buildFlags = []string{"-tags=" + s.tags}
	}
	roots, full, err := load(s.patterns, s.tests, buildFlags, conns, s.loadAll)
	if err != nil {
		log.Print(err)
		return 1
	}
	// Errors of the requested packages and of everything they import,
	// before the analysis, as the singlechecker prints them.
	if packages.PrintErrors(roots) > 0 {
		atLeast(1)
	}
	prune(roots, full)

	graph, err := checker.Analyze([]*analysis.Analyzer{analyzer.Analyzer}, roots, nil)
	if err != nil {
		log.Print(err)
		atLeast(1)
		return
	}
	reported := graph.Roots
	if s.deps {
		reported = append(slices.Clip(reported), moduleDeps(graph)...)
	}
	dedupVariants(reported)
	explainSkipped(graph)
	if s.json {
		// With -json the exit code does not depend on findings.
		if err := graph.PrintJSON(os.Stdout); err != nil {
			log.Print(err)
			atLeast(1)
		}
		if err := printCuts(os.Stderr, graph); err != nil {
			log.Print(err)
			atLeast(1)
		}
		return
	}
	if err := graph.PrintText(os.Stderr, s.context); err != nil {
		log.Print(err)
		atLeast(1)
		return
	}
	var failed, findings int
	for act := range graph.All() {
		if act.Err != nil {
			failed++
		} else if act.IsRoot {
			findings += len(act.Diagnostics)
		}
	}
	switch {
	case failed > 0:
		atLeast(1)
	case findings > 0:
		atLeast(3)
	}
	return
}

// printCuts writes, for each analysed package whose analysis a budget cut
// short (analyzer.Stats.Cut), one JSON object on a line of its own, in
// package order:
//
//	{"wsconcurrent-budget":{"package":"example.com/p","cuts":[{"function":"(*T).m","posn":"p.go:10:1","limit":"site variants","value":25}]}}
//
// Standard output stays the go/analysis JSON tree that tools read; this
// says, in a form they can read too, which findings may be missing.
func printCuts(w io.Writer, graph *checker.Graph) error {
	type cut struct {
		Function string `json:"function"`
		Posn     string `json:"posn"`
		Limit    string `json:"limit"`
		Value    int    `json:"value"`
	}
	type entry struct {
		Package string `json:"package"`
		Cuts    []cut  `json:"cuts"`
	}
	var entries []entry
	for act := range graph.All() {
		st, ok := act.Result.(*analyzer.Stats)
		if !ok || len(st.Cut) == 0 {
			continue
		}
		e := entry{Package: act.Package.ID}
		for _, c := range st.Cut {
			e.Cuts = append(e.Cuts, cut{c.Function, c.Posn, c.Limit, c.Value})
		}
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.Package, b.Package) })
	for _, e := range entries {
		line, err := json.Marshal(map[string]entry{"wsconcurrent-budget": e})
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "%s\n", line); err != nil {
			return err
		}
	}
	return nil
}
