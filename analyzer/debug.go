package analyzer

import (
	"fmt"
	"os"
)

// debugf prints analysis internals when WSCONCURRENT_DEBUG is set.
func debugf(format string, args ...any) {
	if os.Getenv("WSCONCURRENT_DEBUG") != "" {
		fmt.Fprintf(os.Stderr, format+"\n", args...)
	}
}
