// Package agentlib gathers candidates on a goroutine of its own and hands
// each to the handler its user set.
package agentlib

import (
	"sync"
	"sync/atomic"
	"time"
)

type Agent struct {
	onCandidate func(string)
}

func NewAgent() *Agent {
	a := &Agent{}
	go a.gather()
	return a
}

// OnCandidate sets the handler the gathering goroutine calls.
func (a *Agent) OnCandidate(f func(string)) { // want OnCandidate:`runs\(param 0 on \(\*agentlib.Agent\).gather, one at a time\)`
	a.onCandidate = f
}

func (a *Agent) gather() {
	for range time.Tick(time.Second) {
		if a.onCandidate != nil {
			a.onCandidate("candidate")
		}
	}
}

// Notifier keeps its handler in an atomic.Value and calls it from a
// notifier whose function field holds a method value, on a goroutine
// each Enqueue starts when none runs.
type Notifier struct {
	onCandidate atomic.Value // func(string)
	queue       *notifyQueue
}

type notifyQueue struct {
	mu      sync.Mutex
	items   []string
	running bool
	deliver func(string)
}

func NewNotifier() *Notifier {
	n := &Notifier{}
	n.queue = &notifyQueue{deliver: n.notify}
	return n
}

// OnCandidate sets the handler the notifying goroutine calls.
func (n *Notifier) OnCandidate(f func(string)) { // want OnCandidate:`runs\(param 0 on a goroutine of \(\*agentlib.notifyQueue\).enqueue \(agentlib.go:\d+\), one at a time\)`
	n.onCandidate.Store(f)
}

func (n *Notifier) Found(c string) { n.queue.enqueue(c) }

func (n *Notifier) notify(c string) {
	if h, ok := n.onCandidate.Load().(func(string)); ok && h != nil {
		h(c)
	}
}

func (q *notifyQueue) enqueue(c string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	drain := func() {
		for {
			q.mu.Lock()
			if len(q.items) == 0 {
				q.running = false
				q.mu.Unlock()
				return
			}
			c := q.items[0]
			q.items = q.items[1:]
			q.mu.Unlock()
			q.deliver(c)
		}
	}
	q.items = append(q.items, c)
	if !q.running {
		q.running = true
		go drain()
	}
}

// Relay stores a closure, not a method value, in its queue's function
// field, and its pump is a method started by the constructor: the same
// shape as Notifier, arranged the other way.
type Relay struct {
	handler atomic.Pointer[func(string)]
	in      chan string
	deliver func(string)
}

func NewRelay() *Relay {
	r := &Relay{in: make(chan string, 8)}
	r.deliver = func(c string) {
		if h := r.handler.Load(); h != nil {
			(*h)(c)
		}
	}
	go r.pump()
	return r
}

// OnMessage sets the handler the pump calls.
func (r *Relay) OnMessage(f func(string)) { // want OnMessage:`runs\(param 0 on \(\*agentlib.Relay\).pump, one at a time\)`
	r.handler.Store(&f)
}

func (r *Relay) pump() {
	for c := range r.in {
		r.deliver(c)
	}
}
