package analyzer_test

import (
	"testing"

	"github.com/wsconcurrent/wsconcurrent/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestJoins(t *testing.T)    { run(t, "patterns/joins") }
func TestHandlers(t *testing.T) { run(t, "patterns/handlers") }

// TestFacts checks summaries crossing a package boundary: the facts
// wshelper exports (want-comments on its declarations) and the findings
// at the calls in app.
func TestFacts(t *testing.T) {
	analysistest.Run(t, root, analyzer.Analyzer, "./testdata/patterns/facts/wshelper", "./testdata/patterns/facts/app")
}
func TestSpawners(t *testing.T)   { run(t, "patterns/spawners") }
func TestInterfaces(t *testing.T) { run(t, "patterns/interfaces") }
func TestRobust(t *testing.T)     { run(t, "patterns/robust") }
func TestCallbacks(t *testing.T)  { run(t, "patterns/callbacks") }
