// Package wheellib is a scheduler library that imports no websocket
// package: timers, a task queue, a worker pool and a spawn helper, each
// running the functions it is given later, on goroutines of its own.
// Its facts say which parameter runs on which loop; its importers
// (wheelapp) cannot see the loops.
package wheellib

import (
	"context"
	"sync"
	"time"
)

type task struct {
	at time.Time
	f  func()
}

// Wheel runs its timers on one goroutine, started by New, one at a time.
type Wheel struct {
	mu    sync.Mutex
	tasks []task
}

func New() *Wheel {
	w := &Wheel{}
	go w.run()
	return w
}

// AddTimer runs f after d on the wheel's goroutine.
func (w *Wheel) AddTimer(d time.Duration, f func()) { // want AddTimer:`runs\(param 1 on \(\*wheellib.Wheel\).run, one at a time\)`
	w.mu.Lock()
	w.tasks = append(w.tasks, task{at: time.Now().Add(d), f: f})
	w.mu.Unlock()
}

// Every files f through a helper of the wheel's.
func (w *Wheel) Every(d time.Duration, f func()) { // want Every:`runs\(param 1 on \(\*wheellib.Wheel\).run, one at a time\)`
	w.add(task{at: time.Now().Add(d), f: func() { f() }})
}

func (w *Wheel) add(t task) {
	w.mu.Lock()
	w.tasks = append(w.tasks, t)
	w.mu.Unlock()
}

// Do runs f in place, under the wheel's lock: no fact.
func (w *Wheel) Do(f func()) {
	w.mu.Lock()
	f()
	w.mu.Unlock()
}

func (w *Wheel) run() {
	for range time.Tick(10 * time.Millisecond) {
		w.mu.Lock()
		due := w.tasks
		w.tasks = nil
		w.mu.Unlock()
		for _, t := range due {
			t.f()
		}
	}
}

// Task is what the package-level scheduler runs.
type Task func()

var queue = make(chan Task, 64)

// Push hands t to the scheduler's loop.
func Push(t Task) { // want Push:`runs\(param 0 on wheellib.Loop, one at a time\)`
	queue <- t
}

// Loop is the scheduler's run loop; its importers start it (go
// wheellib.Loop()).
func Loop() {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case t := <-queue:
			safely(t)
		case <-tick.C:
			fire()
		}
	}
}

func safely(f func()) {
	defer func() { _ = recover() }()
	f()
}

// Timer is a timer of the package-level scheduler.
type Timer struct {
	fn     func()
	period time.Duration
}

var (
	timersMu sync.Mutex
	timers   = map[int]*Timer{}
	nextID   int
)

// NewTimer runs fn every period on the scheduler's loop.
func NewTimer(period time.Duration, fn func()) *Timer { // want NewTimer:`runs\(param 1 on wheellib.Loop, one at a time\)`
	return newTimer(period, fn)
}

func newTimer(period time.Duration, fn func()) *Timer {
	t := &Timer{fn: fn, period: period}
	timersMu.Lock()
	nextID++
	timers[nextID] = t
	timersMu.Unlock()
	return t
}

func fire() {
	timersMu.Lock()
	defer timersMu.Unlock()
	for _, t := range timers {
		safely(t.fn)
	}
}

// Pool runs its jobs on n workers at once.
type Pool struct {
	jobs chan func()
}

func NewPool(n int) *Pool {
	p := &Pool{jobs: make(chan func(), n)}
	for i := 0; i < n; i++ {
		go p.worker()
	}
	return p
}

// Go hands f to the pool.
func (p *Pool) Go(f func()) { // want Go:`runs\(param 0 on \(\*wheellib.Pool\).worker, concurrently\)`
	p.jobs <- f
}

func (p *Pool) worker() {
	for f := range p.jobs {
		f()
	}
}

// Async runs f on a goroutine of its own.
func Async(f func()) { // want Async:`runs\(param 0 on a goroutine of wheellib.Async \(wheellib.go:\d+\), a goroutine per call\)`
	go func() {
		defer func() { _ = recover() }()
		f()
	}()
}

// Registry keeps handlers that Call runs in place, on the caller's
// goroutine: no fact.
type Registry struct {
	handlers map[string]func()
}

func (r *Registry) Register(name string, f func()) {
	if r.handlers == nil {
		r.handlers = make(map[string]func())
	}
	r.handlers[name] = f
}

func (r *Registry) Call(name string) {
	if f, ok := r.handlers[name]; ok {
		f()
	}
}

// Client calls its message callback from Run, which its user calls and
// which loops without receiving from a channel: on the user's
// goroutine. No fact.
type Client struct {
	onMessage func(string)
	next      func() (string, bool)
}

func NewClient(next func() (string, bool), onMessage func(string)) *Client {
	return &Client{next: next, onMessage: onMessage}
}

func (c *Client) Run() {
	for {
		msg, ok := c.next()
		if !ok {
			return
		}
		c.onMessage(msg)
	}
}

// Emitter starts each handler on a goroutine of its own, per event, from
// its dispatch loop.
type Emitter struct {
	events   chan string
	handlers []func(string)
}

func NewEmitter() *Emitter {
	e := &Emitter{events: make(chan string, 8)}
	go e.dispatch()
	return e
}

func (e *Emitter) On(h func(string)) { // want On:`runs\(param 0 on \(\*wheellib.Emitter\).dispatch, each run on a goroutine of its own\)`
	e.handlers = append(e.handlers, h)
}

func (e *Emitter) Emit(ev string) { e.events <- ev }

func (e *Emitter) dispatch() {
	for ev := range e.events {
		for _, h := range e.handlers {
			go h(ev)
		}
	}
}

// Retry calls op until it succeeds, waiting between attempts, and tells
// notify of each failure: a loop over a timer, called in place. No
// fact.
func Retry(ctx context.Context, op func() error, notify func(error)) error {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			err := op()
			if err == nil {
				return nil
			}
			notify(err)
			t.Reset(time.Second)
		}
	}
}

// Bus delivers each subscription's messages on a goroutine of the
// subscription's own, one at a time: two subscriptions' callbacks run
// beside each other.
type Bus struct {
	subs []*Sub
}

type Sub struct {
	ch chan string
	cb func(string)
}

func (b *Bus) Subscribe(cb func(string)) *Sub { // want Subscribe:`runs\(param 0 on \(\*wheellib.Sub\).loop, a goroutine per call\)`
	s := &Sub{ch: make(chan string, 8), cb: cb}
	b.subs = append(b.subs, s)
	go s.loop()
	return s
}

func (b *Bus) Publish(msg string) {
	for _, s := range b.subs {
		s.ch <- msg
	}
}

func (s *Sub) loop() {
	for m := range s.ch {
		s.cb(m)
	}
}
