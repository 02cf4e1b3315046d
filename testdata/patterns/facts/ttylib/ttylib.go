// Package ttylib bridges a terminal and a master it is given: a reader
// goroutine reads the master, a writer goroutine writes it, one write at
// a time under the bridge's mutex. It imports no websocket package and
// holds the master in a field, as filled in by its constructor; ttyapp
// implements Master with a gorilla conn.
package ttylib

import (
	"io"
	"sync"
)

// Master is what the bridge reads and writes: a named io.ReadWriter.
type Master io.ReadWriter

// Bridge holds its master in a field.
type Bridge struct {
	master Master
	mu     sync.Mutex
	out    chan []byte
}

// New returns a bridge over m.
func New(m Master) *Bridge { // want New:`summary\(returns#0\.master p0; new result#0\)`
	return &Bridge{master: m, out: make(chan []byte, 8)}
}

// Run greets the master, then reads and writes it on two goroutines.
func (b *Bridge) Run() { // want Run:`summary\(calls p0\.master\.Write; go calls p0\.master\.Read; go calls p0\.master\.Write\)`
	b.write([]byte("hello"))
	go func() {
		buf := make([]byte, 512)
		for {
			if _, err := b.master.Read(buf); err != nil {
				return
			}
		}
	}()
	go func() {
		for m := range b.out {
			b.write(m)
		}
	}()
}

// Send queues m for the writer.
func (b *Bridge) Send(m []byte) { b.out <- m } // want Send:`summary\(signals ch:p0\.out; files p1 as p0\.out\[own\]\)`

func (b *Bridge) write(m []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.master.Write(m)
}

// Sink is an interface of the package's own, set after construction.
type Sink interface {
	Push(m []byte) error
}

// Pump pushes to its sink from a goroutine.
type Pump struct {
	sink Sink
}

// Attach sets the pump's sink.
func (p *Pump) Attach(s Sink) { p.sink = s } // want Attach:`summary\(files p1 as p0\.sink!own\)`

// Start pushes every message of in to the sink, on a goroutine.
func (p *Pump) Start(in <-chan []byte) { // want Start:`summary\(go calls p0\.sink\.Push\)`
	go func() {
		for m := range in {
			p.sink.Push(m)
		}
	}()
}
