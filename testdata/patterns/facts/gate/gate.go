// Package gate imports a package with facts (dialer, which imports
// websocket) and names nothing of it that leads to a connection: only a
// constant. The analyzer skips it before building SSA (gate_test.go).
package gate

import "github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/dialer"

func URL(host string) string { return dialer.Scheme + "://" + host }
