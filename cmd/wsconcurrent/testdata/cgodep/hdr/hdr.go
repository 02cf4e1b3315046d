// Package hdr needs a C header no machine has.
package hdr

// #include <wsconcurrent_no_such_header.h>
import "C"

func F() {}
