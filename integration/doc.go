// Package integration holds end-to-end tests of wsconcurrent inside other
// tools. golangci_test.go builds golangci-lint v2.15.0 with the plugin
// linked in (tools/custom-gcl) and runs it with .golangci.example.yml.
//
// The first build takes minutes (golangci-lint and its ~200 dependencies);
// later ones reuse the Go build cache. It runs only when
// WSCONCURRENT_HEAVY_TESTS=1 is set (internal/testenv); .ci/run sets it.
package integration
