// Package sinklib delivers queued messages to sinks its users implement.
// It imports no websocket package: an implementation in sinkapp writes a
// gorilla conn. Its facts say which mutex it holds around every call of
// each interface method (callerlocks): a sink called only under one
// mutex need not guard itself against itself.
package sinklib

import (
	"sync"
	"time"
)

// Sink is written by one session's two goroutines, always under the
// session's write mutex.
type Sink interface {
	Write(msg []byte) error          // want Write:`callerlocks\(writeMu@sinklib.go:\d+\)`
	WriteBatch(msgs ...[]byte) error // want WriteBatch:`callerlocks\(writeMu@sinklib.go:\d+\)`
	Close() error                    // want Close:`callerlocks\(writeMu@sinklib.go:\d+\)`
}

// Start forwards queued messages one by one and flushes batches on a
// timer, both under one mutex the two goroutines share.
func Start(s Sink, queue <-chan []byte) { // want Start:`summary\(go calls p0\.Write; go calls p0\.Close; go calls p0\.WriteBatch\)`
	var writeMu sync.Mutex
	go func() {
		for m := range queue {
			writeMu.Lock()
			err := s.Write(m)
			if err != nil {
				s.Close()
			}
			writeMu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() {
		var batch [][]byte
		for range time.Tick(time.Second) {
			writeMu.Lock()
			if len(batch) == 0 {
				writeMu.Unlock()
				continue
			}
			s.WriteBatch(batch...)
			writeMu.Unlock()
			batch = batch[:0]
		}
	}()
}

// Relay writes its output under the mutex it embeds.
type Output interface {
	Emit(msg []byte) error // want Emit:`callerlocks\(.*sinklib.Relay.Mutex\)`
	Flush() error          // want Flush:`callerlocks\(.*sinklib.Relay.Mutex\)`
}

type Relay struct {
	sync.Mutex
	out Output
}

func NewRelay(out Output) *Relay { // want NewRelay:`summary\(go calls p0\.Flush; returns#0\.out p0; new result#0\)`
	r := &Relay{out: out}
	go func() {
		for range time.Tick(time.Second) {
			r.Lock()
			r.out.Flush()
			r.Unlock()
		}
	}()
	return r
}

func (r *Relay) Emit(msg []byte) { // want Emit:`summary\(calls p0\.out\.Emit\)`
	r.Lock()
	defer r.Unlock()
	r.out.Emit(msg)
}

// Feed is pushed to under a mutex by Push, but PushAll's caller takes
// none: no fact for PushAll.
type Feed interface {
	Push(msg []byte) error // want Push:`callerlocks\(.*sinklib.Stream.mu\)`
	PushAll(msgs [][]byte) error
}

type Stream struct {
	mu   sync.Mutex
	feed Feed
}

func (s *Stream) Push(msg []byte) { // want Push:`summary\(calls p0\.feed\.Push\)`
	s.mu.Lock()
	s.feed.Push(msg)
	s.mu.Unlock()
}

func (s *Stream) Backfill(msgs [][]byte) { // want Backfill:`summary\(go calls p0\.feed\.PushAll\)`
	go s.feed.PushAll(msgs)
}

// Notifier's Notify is locked where it is called, but also handed out
// as a method value, which may be called anywhere: no fact for it.
type Notifier interface {
	Notify(msg []byte) error
	NotifyAll(msgs [][]byte) error // want NotifyAll:`callerlocks\(.*sinklib.Bell.mu\)`
}

type Bell struct {
	mu sync.Mutex
	n  Notifier
}

func (b *Bell) Ring(msg []byte) { // want Ring:`summary\(calls p0\.n\.Notify; calls p0\.n\.NotifyAll\)`
	b.mu.Lock()
	defer b.mu.Unlock()
	b.n.Notify(msg)
	b.n.NotifyAll(nil)
}

func (b *Bell) Hook() func([]byte) error { return b.n.Notify }

// Gate's methods are called under Door.mu everywhere but in a function
// kept in a package-level variable (Open) and after a loop that may
// unlock and break (Shut): no facts.
type Gate interface {
	Open() error
	Shut() error
}

type Door struct {
	mu sync.Mutex
	g  Gate
}

func (d *Door) Open() { // want Open:`summary\(calls p0\.g\.Open\)`
	d.mu.Lock()
	defer d.mu.Unlock()
	d.g.Open()
}

var Slam = func(g Gate) { g.Open() }

func (d *Door) Shut() { // want Shut:`summary\(calls p0\.g\.Shut\)`
	d.mu.Lock()
	d.g.Shut()
	d.mu.Unlock()
}

func (d *Door) Cycle(n int) { // want Cycle:`summary\(calls p0\.g\.Shut\)`
	d.mu.Lock()
	for i := 0; i < n; i++ {
		if i == 3 {
			d.mu.Unlock()
			break
		}
	}
	d.g.Shut()
}
