// Package plugin registers wsconcurrent as a golangci-lint v2 module plugin
// named "wsconcurrent".
//
// golangci-lint module plugins are linked into a custom golangci-lint
// binary: either with `golangci-lint custom` and a .custom-gcl.yml that
// imports this package, or by building tools/custom-gcl in this repository,
// a small main module that blank-imports this package (see README.md,
// section "golangci-lint").
//
// The plugin is configured under linters.settings.custom.wsconcurrent in
// .golangci.yml (see .golangci.example.yml):
//
//	linters:
//	  enable: [wsconcurrent]
//	  settings:
//	    custom:
//	      wsconcurrent:
//	        type: module
//	        description: concurrent writes to gorilla/websocket connections
//	        settings:
//	          reads: true                             # also report concurrent reads
//	          conntypes: [example.com/internal/ws.Conn] # extra connection types
//
// Settings are applied by setting the analyzer's flags
// (analyzer.Analyzer.Flags), the same flags the command line, go vet
// -vettool and Bazel nogo's analyzer_flags set: there is one configuration
// surface. The plugin is registered under the analyzer's name, so
// //nolint:wsconcurrent works under golangci-lint as it does under nogo.
//
// Only this package depends on github.com/golangci/plugin-module-register;
// the analyzer package does not depend on golangci-lint.
package plugin
