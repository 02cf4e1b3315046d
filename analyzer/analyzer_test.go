package analyzer_test

import (
	"path/filepath"
	"testing"

	"github.com/wsconcurrent/wsconcurrent/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

// root is the module root: the testdata packages live in this module and
// use the gorilla/websocket version it requires (the real module, not a
// stub), loaded in module mode.
var root, _ = filepath.Abs("..")

func run(t *testing.T, pkgs ...string) {
	t.Helper()
	for i, p := range pkgs {
		pkgs[i] = "./testdata/" + p
	}
	analysistest.Run(t, root, analyzer.SinglePackage, pkgs...)
}

func TestExample(t *testing.T) { run(t, "example") }

func TestPatternsPing(t *testing.T)        { run(t, "patterns/ping") }
func TestPatternsBusiness(t *testing.T)    { run(t, "patterns/business") }
func TestPatternsSafeConn(t *testing.T)    { run(t, "patterns/safeconn") }
func TestPatternsWriterQueue(t *testing.T) { run(t, "patterns/writerqueue") }
func TestPatternsChat(t *testing.T)        { run(t, "patterns/chat") }
func TestPatternsIdentity(t *testing.T)    { run(t, "patterns/identity") }
func TestPatternsGoStmt(t *testing.T)      { run(t, "patterns/gostmt") }
func TestPatternsReads(t *testing.T)       { run(t, "patterns/reads") }
