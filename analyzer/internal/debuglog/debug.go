// Package debuglog is the analysis's trace for its developers: with
// WSCONCURRENT_DEBUG set, every stage prints what it decides (each
// function's events, joins, races, budget cuts, statistics) to standard
// error. It takes format strings and gives nothing back.
package debuglog

import (
	"fmt"
	"os"
)

// Debugging is set by WSCONCURRENT_DEBUG.
var Debugging = os.Getenv("WSCONCURRENT_DEBUG") != ""

// Debugf prints a line to standard error when Debugging is set.
func Debugf(format string, args ...any) {
	if Debugging {
		fmt.Fprintf(os.Stderr, format+"\n", args...)
	}
}
