// Package wheelapp hands functions that write to a conn to wheellib's
// timers, queue, pool and spawn helper. Only wheellib's facts say they
// run later, on goroutines wheellib runs.
package wheelapp

import (
	"context"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/wheellib"
)

var wheel = wheellib.New()

// pingByTimer: the timer's ping overlaps the echo loop's writes.
func pingByTimer(conn *websocket.Conn) {
	wheel.AddTimer(time.Second, func() {
		conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at wheelapp.go:\d+ \(run later by \(\*wheellib.Wheel\).run, handed over at wheelapp.go:\d+\)`
	})
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at wheelapp.go:\d+`
	}
}

// controlPingByTimer is the fix: WriteControl is safe beside any write.
func controlPingByTimer(conn *websocket.Conn) {
	wheel.AddTimer(time.Second, func() {
		conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
	})
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		conn.WriteMessage(websocket.TextMessage, msg)
	}
}

// twoTimers: the wheel runs its timers one at a time, and nothing else
// writes.
func twoTimers(conn *websocket.Conn) {
	wheel.AddTimer(time.Second, func() {
		conn.WriteMessage(websocket.TextMessage, []byte("a"))
	})
	wheel.Every(time.Minute, func() {
		conn.WriteMessage(websocket.TextMessage, []byte("b"))
	})
}

// doInPlace: Do runs the function before it returns.
func doInPlace(conn *websocket.Conn) {
	wheel.Do(func() {
		conn.WriteMessage(websocket.TextMessage, []byte("now"))
	})
	conn.WriteMessage(websocket.TextMessage, []byte("after"))
}

// session keeps a conn and a keepalive on the package scheduler, set up
// by its constructor, as a method value; serveSession sends meanwhile.
type session struct {
	conn *websocket.Conn
}

func newSession(conn *websocket.Conn) *session {
	s := &session{conn: conn}
	wheellib.NewTimer(30*time.Second, s.keepalive)
	return s
}

func (s *session) keepalive() {
	s.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at wheelapp.go:\d+ \(run later by wheellib.Loop, handed over at wheelapp.go:\d+\)`
}

func (s *session) Send(msg []byte) error { // want Send:`summary\(write WriteMessage\(p0.conn\)\)`
	return s.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at wheelapp.go:\d+`
}

func serveSession(conn *websocket.Conn, msgs <-chan []byte) {
	s := newSession(conn)
	for m := range msgs {
		s.Send(m)
	}
}

// lockedSession is the near miss: both writes hold the session's mutex.
type lockedSession struct { // want lockedSession:`guards\(o:github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/wheelapp.lockedSession.conn under o:github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/wheelapp.lockedSession.mu\)`
	mu   sync.Mutex
	conn *websocket.Conn
}

func newLockedSession(conn *websocket.Conn) *lockedSession {
	s := &lockedSession{conn: conn}
	wheellib.NewTimer(30*time.Second, s.keepalive)
	return s
}

func serveLockedSession(conn *websocket.Conn, msgs <-chan []byte) {
	s := newLockedSession(conn)
	for m := range msgs {
		s.Send(m)
	}
}

func (s *lockedSession) keepalive() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conn.WriteMessage(websocket.PingMessage, nil)
}

func (s *lockedSession) Send(msg []byte) error { // want Send:`summary\(write WriteMessage\(p0.conn\) under p0.mu\)`
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.WriteMessage(websocket.TextMessage, msg)
}

// replyOnQueue: the reader pushes each reply to the scheduler while it
// writes acknowledgements itself.
func replyOnQueue(conn *websocket.Conn) {
	for {
		var req struct{ ID int }
		if err := conn.ReadJSON(&req); err != nil {
			return
		}
		wheellib.Push(func() {
			conn.WriteJSON(req) // want `concurrent write to conn: WriteJSON may overlap WriteMessage at wheelapp.go:\d+ \(run later by wheellib.Loop, handed over at wheelapp.go:\d+\)`
		})
		conn.WriteMessage(websocket.TextMessage, []byte("ack")) // want `concurrent write to conn: WriteMessage may overlap WriteJSON at wheelapp.go:\d+`
	}
}

// allOnQueue is the fix: every write is a task of the one scheduler
// loop, which runs them one at a time.
func allOnQueue(conn *websocket.Conn) {
	for {
		var req struct{ ID int }
		if err := conn.ReadJSON(&req); err != nil {
			return
		}
		wheellib.Push(func() {
			conn.WriteJSON(req)
		})
		wheellib.Push(func() {
			conn.WriteMessage(websocket.TextMessage, []byte("ack"))
		})
	}
}

var pool = wheellib.NewPool(4)

// broadcastOnPool: the pool's workers run the jobs at once.
func broadcastOnPool(conn *websocket.Conn, msgs <-chan []byte) {
	for m := range msgs {
		pool.Go(func() {
			conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to conn: WriteMessage may overlap itself: the task sent at wheelapp.go:\d+, once per loop iteration, runs on a pool of workers`
		})
	}
}

// asyncHello: Async starts its function on a goroutine of its own.
func asyncHello(conn *websocket.Conn) {
	wheellib.Async(func() {
		conn.WriteMessage(websocket.TextMessage, []byte("hello")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at wheelapp.go:\d+`
	})
	conn.WriteMessage(websocket.TextMessage, []byte("world")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at wheelapp.go:\d+`
}

// registered: the registry calls its handlers on the caller's goroutine.
func registered(conn *websocket.Conn, r *wheellib.Registry) {
	r.Register("hello", func() {
		conn.WriteMessage(websocket.TextMessage, []byte("hello"))
	})
	r.Call("hello")
	conn.WriteMessage(websocket.TextMessage, []byte("world"))
}

// clientRun: Run calls the callback on this goroutine.
func clientRun(conn *websocket.Conn, next func() (string, bool)) {
	c := wheellib.NewClient(next, func(msg string) {
		conn.WriteMessage(websocket.TextMessage, []byte(msg))
	})
	conn.WriteMessage(websocket.TextMessage, []byte("start"))
	c.Run()
}

// relayEvents: each event's handler writes on a goroutine of its own.
func relayEvents(conn *websocket.Conn, em *wheellib.Emitter) {
	em.On(func(ev string) {
		conn.WriteMessage(websocket.TextMessage, []byte(ev)) // want `concurrent write to conn: WriteMessage may overlap itself: em.On, called at wheelapp.go:\d+, runs it on goroutines that overlap each other`
	})
}

// relayEventsLocked is the fix: one mutex around the write.
func relayEventsLocked(conn *websocket.Conn, em *wheellib.Emitter) {
	var mu sync.Mutex
	em.On(func(ev string) {
		mu.Lock()
		defer mu.Unlock()
		conn.WriteMessage(websocket.TextMessage, []byte(ev))
	})
}

// retried: Retry runs op and notify before it returns.
func retried(ctx context.Context, conn *websocket.Conn) error {
	err := wheellib.Retry(ctx, func() error {
		return conn.WriteMessage(websocket.TextMessage, []byte("hello"))
	}, func(err error) {
		conn.WriteMessage(websocket.TextMessage, []byte(err.Error()))
	})
	if err != nil {
		return err
	}
	return conn.WriteMessage(websocket.TextMessage, []byte("done"))
}

// helloOnce hands one write to a goroutine of Async's, and one job to the
// pool: each runs once, and nothing else writes. Silent.
func helloOnce(conn *websocket.Conn) {
	wheellib.Async(func() {
		conn.WriteMessage(websocket.TextMessage, []byte("hello"))
	})
}

func jobOnce(conn *websocket.Conn) {
	pool.Go(func() {
		conn.WriteMessage(websocket.TextMessage, []byte("job"))
	})
}

// twoAsync hands two writes to two goroutines of Async's. Reported.
func twoAsync(conn *websocket.Conn) {
	wheellib.Async(func() {
		conn.WriteMessage(websocket.TextMessage, []byte("one")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at wheelapp.go:\d+`
	})
	wheellib.Async(func() {
		conn.WriteMessage(websocket.TextMessage, []byte("two")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at wheelapp.go:\d+`
	})
}

// twoSubscriptions: each subscription's callback runs on its own
// goroutine. Reported.
func twoSubscriptions(conn *websocket.Conn, bus *wheellib.Bus) {
	bus.Subscribe(func(m string) {
		conn.WriteMessage(websocket.TextMessage, []byte(m)) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at wheelapp.go:\d+`
	})
	bus.Subscribe(func(m string) {
		conn.WriteMessage(websocket.BinaryMessage, []byte(m)) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at wheelapp.go:\d+`
	})
}

// oneSubscription: its callback runs one message at a time. Silent.
func oneSubscription(conn *websocket.Conn, bus *wheellib.Bus) {
	bus.Subscribe(func(m string) {
		conn.WriteMessage(websocket.TextMessage, []byte(m))
	})
}
