package main

// Module plugins: each blank import registers its linters with
// register.Plugin in an init function.
import (
	_ "github.com/wsconcurrent/wsconcurrent/plugin"
)
