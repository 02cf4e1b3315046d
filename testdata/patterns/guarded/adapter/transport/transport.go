// Package transport declares the socket it needs and runs each
// connection's reader and broadcaster on goroutines of their own, both
// writing through the interface. It imports no websocket package: the
// implementation lives in a package that imports this one.
package transport

import "time"

type Socket interface {
	WriteText(body []byte, timeout time.Duration) error
	WriteBinary(body []byte, timeout time.Duration) error
}

type Conn struct {
	socket  Socket
	timeout time.Duration
	out     chan []byte
}

func Serve(s Socket, timeout time.Duration) *Conn {
	c := &Conn{socket: s, timeout: timeout, out: make(chan []byte)}
	go c.broadcast()
	go c.ack()
	return c
}

func (c *Conn) broadcast() {
	for msg := range c.out {
		c.socket.WriteText(msg, c.timeout)
	}
}

func (c *Conn) ack() {
	for range time.Tick(time.Second) {
		c.socket.WriteBinary([]byte("ack"), c.timeout)
	}
}
