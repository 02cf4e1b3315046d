//go:build oracle && !race

package oracle

const raceEnabled = false
