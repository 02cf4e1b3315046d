package analyzer_test

import "testing"

func TestJoins(t *testing.T) { run(t, "patterns/joins") }
