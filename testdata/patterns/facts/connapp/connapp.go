// Package connapp reads a connlib Connection through connlib's client
// while the connection's keepalive installs its pong handler: two
// goroutines on the read side of one conn. Found standalone and under
// go vet alike.
package connapp

import "github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/connlib"

func subscribe(url string) (<-chan []byte, error) {
	conn, err := connlib.NewConnection(url) // want `concurrent read from \S+: NewConnection \(SetPongHandler at connlib.go:\d+\) may overlap ReadMessage`
	if err != nil {
		return nil, err
	}
	c := connlib.NewClient(conn) // want `concurrent read from \S+: ReadMessage \(ReadMessage at connlib.go:\d+\) may overlap NewConnection`
	return c.Messages(), nil
}
