// Package pools: functions sent on a channel that worker goroutines
// receive and call run on those workers. A pool's tasks overlap each
// other; one worker's tasks run one at a time.
package pools

import (
	"sync"

	"github.com/gorilla/websocket"
)

type client struct {
	conn *websocket.Conn
	mu   sync.Mutex
}

// Fanout sends one task per client to a pool of workers: two broadcasts
// in flight write one client's conn from two workers.
type Fanout struct {
	mu      sync.Mutex
	clients []*client
	tasks   chan func()
}

func NewFanout(workers int) *Fanout {
	f := &Fanout{tasks: make(chan func(), 64)}
	for i := 0; i < workers; i++ {
		go f.work()
	}
	return f
}

func (f *Fanout) work() {
	for task := range f.tasks {
		task()
	}
}

func (f *Fanout) Broadcast(msg []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.clients {
		c := c
		f.tasks <- func() {
			c.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c.conn: WriteMessage may overlap itself: the task sent at pools.go:\d+ runs on a pool of workers, beside the tasks other calls of Broadcast send`
		}
	}
}

// member is client for LockedFanout.
type member struct {
	conn *websocket.Conn
	mu   sync.Mutex
}

// LockedFanout is Fanout fixed: each task takes its member's mutex.
type LockedFanout struct {
	mu      sync.Mutex
	clients []*member
	tasks   chan func()
}

func NewLockedFanout(workers int) *LockedFanout {
	f := &LockedFanout{tasks: make(chan func(), 64)}
	for i := 0; i < workers; i++ {
		go f.work()
	}
	return f
}

func (f *LockedFanout) work() {
	for task := range f.tasks {
		task()
	}
}

func (f *LockedFanout) Broadcast(msg []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.clients {
		c := c
		f.tasks <- func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.conn.WriteMessage(websocket.TextMessage, msg)
		}
	}
}

// Loop runs its tasks on one event-loop goroutine: they don't overlap
// each other, and nothing else writes the conn.
type Loop struct {
	conn  *websocket.Conn
	queue chan func()
}

func NewLoop(conn *websocket.Conn) *Loop {
	l := &Loop{conn: conn, queue: make(chan func())}
	go l.run()
	return l
}

func (l *Loop) run() {
	for {
		select {
		case f := <-l.queue:
			f()
		}
	}
}

func (l *Loop) Send(msg []byte) {
	l.queue <- func() {
		l.conn.WriteMessage(websocket.TextMessage, msg)
	}
}

func (l *Loop) Notify(event string) {
	l.queue <- func() {
		l.conn.WriteJSON(map[string]string{"event": event})
	}
}

// Pinger's tasks run on its event loop, but its keep-alive goroutine
// writes the conn too.
type Pinger struct {
	conn  *websocket.Conn
	queue chan func()
}

func NewPinger(conn *websocket.Conn) *Pinger {
	p := &Pinger{conn: conn, queue: make(chan func())}
	go p.run()
	go p.keepAlive()
	return p
}

func (p *Pinger) run() {
	for f := range p.queue {
		f()
	}
}

func (p *Pinger) keepAlive() {
	for {
		p.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to p.conn: WriteMessage may overlap`
	}
}

func (p *Pinger) Send(msg []byte) {
	p.queue <- func() {
		p.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to p.conn: WriteMessage may overlap`
	}
}

// Server answers each message with a task for its two workers: two
// answers to one conn may run at once.
type Server struct {
	jobs chan func()
}

func NewServer() *Server {
	s := &Server{jobs: make(chan func())}
	go s.worker()
	go s.worker()
	return s
}

func (s *Server) worker() {
	for {
		job := <-s.jobs
		job()
	}
}

func (s *Server) Serve(conn *websocket.Conn) {
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		s.jobs <- func() {
			conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to conn: WriteMessage may overlap itself: the task sent at pools.go:\d+, once per loop iteration, runs on a pool of workers`
		}
	}
}

// Relay answers through its one worker: the answers run one at a time.
type Relay struct {
	jobs chan func()
}

func NewRelay() *Relay {
	r := &Relay{jobs: make(chan func())}
	go func() {
		for job := range r.jobs {
			job()
		}
	}()
	return r
}

func (r *Relay) Serve(conn *websocket.Conn) {
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		r.jobs <- func() {
			conn.WriteMessage(websocket.TextMessage, msg)
		}
	}
}

// Local hands tasks to two workers over a channel it makes itself.
func Local(conn *websocket.Conn) {
	jobs := make(chan func())
	for i := 0; i < 2; i++ {
		go func() {
			for job := range jobs {
				job()
			}
		}()
	}
	for i := 0; i < 10; i++ {
		jobs <- func() { conn.WriteMessage(websocket.TextMessage, nil) } // want `concurrent write to conn: WriteMessage may overlap itself: the task sent at pools.go:\d+, once per loop iteration, runs on a pool of workers`
	}
}

// LocalSerial's one worker runs the tasks one at a time.
func LocalSerial(conn *websocket.Conn) {
	jobs := make(chan func())
	go func() {
		for job := range jobs {
			job()
		}
	}()
	for i := 0; i < 10; i++ {
		jobs <- func() { conn.WriteMessage(websocket.TextMessage, nil) }
	}
	close(jobs)
}

// Handoff passes the channel to its two workers as an argument.
func Handoff(conn *websocket.Conn) {
	jobs := make(chan func())
	for i := 0; i < 2; i++ {
		go drain(jobs)
	}
	jobs <- func() { conn.WriteMessage(websocket.TextMessage, nil) } // want `concurrent write to conn: WriteMessage may overlap WriteMessage at pools.go:\d+ \(task for a worker goroutine sent at pools.go:\d+\)`
	jobs <- func() { conn.WriteMessage(websocket.TextMessage, nil) } // want `concurrent write to conn: WriteMessage may overlap WriteMessage at pools.go:\d+ \(task for a worker goroutine sent at pools.go:\d+\)`
}

// HandoffOne's one worker gets the channel as an argument.
func HandoffOne(conn *websocket.Conn) {
	jobs := make(chan func())
	go drainOne(jobs)
	jobs <- func() { conn.WriteMessage(websocket.TextMessage, nil) }
	jobs <- func() { conn.WriteMessage(websocket.TextMessage, nil) }
}

func drainOne(jobs chan func()) {
	for job := range jobs {
		job()
	}
}

func drain(jobs chan func()) {
	for job := range jobs {
		job()
	}
}

// Session's event loop runs its tasks and writes its own heartbeats: one
// goroutine, so they don't overlap; Session's users only queue tasks.
type Session struct {
	conn  *websocket.Conn
	queue chan func()
	tick  chan struct{}
}

func NewSession(conn *websocket.Conn) *Session {
	s := &Session{conn: conn, queue: make(chan func()), tick: make(chan struct{})}
	go s.loop()
	return s
}

func (s *Session) loop() {
	for {
		select {
		case f := <-s.queue:
			f()
		case <-s.tick:
			s.conn.WriteMessage(websocket.PingMessage, nil)
		}
	}
}

func (s *Session) Send(msg []byte) {
	s.queue <- func() {
		s.conn.WriteMessage(websocket.TextMessage, msg)
	}
}

// Desk's one event loop serves two queues: their tasks run in turn.
type Desk struct {
	conn   *websocket.Conn
	urgent chan func()
	normal chan func()
}

func NewDesk(conn *websocket.Conn) *Desk {
	d := &Desk{conn: conn, urgent: make(chan func()), normal: make(chan func())}
	go d.loop()
	return d
}

func (d *Desk) loop() {
	for {
		select {
		case f := <-d.urgent:
			f()
		case f := <-d.normal:
			f()
		}
	}
}

func (d *Desk) Alert(msg []byte) {
	d.urgent <- func() { d.conn.WriteMessage(websocket.TextMessage, msg) }
}

func (d *Desk) Post(msg []byte) {
	d.normal <- func() { d.conn.WriteMessage(websocket.TextMessage, msg) }
}
