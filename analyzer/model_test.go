package analyzer_test

import "testing"

func TestJoins(t *testing.T)    { run(t, "patterns/joins") }
func TestHandlers(t *testing.T) { run(t, "patterns/handlers") }
