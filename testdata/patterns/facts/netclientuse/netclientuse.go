// Package netclientuse uses netclient the way its tests and its users
// do: a client that only dialled TCP is silent (net.Conn's Write is safe
// for concurrent use), one that dialled the websocket races.
package netclientuse

import "github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/netclient"

func overTCP(addr string) {
	c := netclient.New()
	if err := c.DialTCP(addr); err != nil {
		return
	}
	c.Send([]byte("hello"))
}

func overWS(url string) {
	c := netclient.New()
	if err := c.DialWS(url); err != nil { // want `concurrent write to c\.conn\.ws: DialWS \(WriteMessage at \w+\.go:\d+\) may overlap Send \(WriteMessage at \w+\.go:\d+\) at netclientuse\.go:21`
		return
	}
	c.Send([]byte("hello")) // want `concurrent write to c\.conn\.ws: Send \(WriteMessage at \w+\.go:\d+\) may overlap DialWS \(WriteMessage at \w+\.go:\d+\) at netclientuse\.go:18`
}
