// Package tagged has its race only when built with -tags pinger.
package tagged
