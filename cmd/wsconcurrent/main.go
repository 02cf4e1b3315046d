// Command wsconcurrent reports concurrent writes to gorilla/websocket
// connections.
//
//	wsconcurrent ./...
//	go vet -vettool=$(which wsconcurrent) ./...
//
// Exit status: 0 no findings, 3 findings, 1 load or type errors (as the
// go/analysis singlechecker defines it); under go vet, 1 on findings.
package main

import (
	"github.com/wsconcurrent/wsconcurrent/analyzer"
	"golang.org/x/tools/go/analysis/singlechecker"
)

func main() { singlechecker.Main(analyzer.Analyzer) }
