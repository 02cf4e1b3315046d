package analyzer

import (
	"fmt"
	"os"
)

// debugging is set by WSCONCURRENT_DEBUG: the pass then prints the
// events it sees in each function, to stderr.
var debugging = os.Getenv("WSCONCURRENT_DEBUG") != ""

func debugf(format string, args ...any) {
	if debugging {
		fmt.Fprintf(os.Stderr, format+"\n", args...)
	}
}
