// Command wsconcurrent reports concurrent writes to gorilla/websocket
// connections.
//
//	wsconcurrent ./...
//	go vet -vettool=$(which wsconcurrent) ./...
//
// Exit status: 0 no findings, 3 findings, 1 load or type errors (as the
// go/analysis singlechecker defines it); under go vet, 1 on findings.
//
// Two drivers sit behind the one command. Under go vet (a *.cfg
// argument), for -fix and -diff, and for every flag the standalone
// driver does not implement, it is the go/analysis singlechecker. A plain
// run (`wsconcurrent [-json] [-c N] [-test] [analyzer flags] PACKAGES`)
// uses the standalone driver in standalone.go, which loads from source
// only the packages that can reach a websocket package (see load.go):
// the singlechecker loads the whole build from source as soon as an
// analyzer has facts, several gigabytes on a large module. Setting
// WSCONCURRENT_LOAD=all in the environment makes the standalone driver
// load everything from source, as the singlechecker would: the escape
// hatch if the leaner load ever misbehaves, and how the tests check that
// both loads report the same. The standalone driver also takes -tags (as
// go vet -tags), prints a finding once when a package and its test
// variant both report it, says in one line which package it could not
// analyse and why, and also prints the findings of the module's packages
// that the named packages import, in the code they can run (-deps,
// reach.go).
package main

import (
	"os"

	"github.com/wsconcurrent/wsconcurrent/analyzer"
	"golang.org/x/tools/go/analysis/singlechecker"
)

func main() {
	if opts, ok := parseStandalone(os.Args[1:]); ok {
		opts.loadAll = os.Getenv("WSCONCURRENT_LOAD") == "all"
		os.Exit(opts.run())
	}
	singlechecker.Main(analyzer.Analyzer)
}
