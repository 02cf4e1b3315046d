package analyzer

import (
	"testing"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/summarize"
)

// TestGate checks that a package importing a package with facts is
// analysed when it names something that leads to a connection (dialeruse
// calls dialer.Dial, whose summary is a fact) and skipped before SSA when
// it names nothing of the kind (gate uses only a constant of dialer).
func TestGate(t *testing.T) {
	for _, c := range []struct {
		pkg      string
		analysed bool
	}{
		{"facts/gate", false},
		{"facts/dialeruse", true},
	} {
		res := analyzeTestdata(t, Analyzer, "./testdata/patterns/"+c.pkg)
		if len(res) != 1 {
			t.Fatalf("%s: %d results, want 1", c.pkg, len(res))
		}
		stats, ok := res[0].Result.(*summarize.Stats)
		if !ok {
			t.Fatalf("%s: result %T, want *Stats", c.pkg, res[0].Result)
		}
		if got := stats.Functions > 0; got != c.analysed {
			t.Errorf("%s: analysed = %v (%d functions), want %v", c.pkg, got, stats.Functions, c.analysed)
		}
	}
}
