package callbacks

import (
	"sync"

	"github.com/gorilla/websocket"
)

// Callbacks a function runs on goroutines that overlap each other: what
// the callback does overlaps itself, in the caller, which knows what
// it is.

// twice runs f on two goroutines at once.
func twice(f func()) {
	go f()
	go f()
}

// greetTwice races with itself: twice runs the closure twice at once.
func greetTwice(conn *websocket.Conn) {
	twice(func() {
		conn.WriteMessage(websocket.TextMessage, []byte("hello")) // want `concurrent write to conn: WriteMessage may overlap itself`
	})
}

// inTurn runs f on a goroutine, waits for it, then runs it again.
func inTurn(f func()) {
	done := make(chan struct{})
	go func() {
		f()
		close(done)
	}()
	<-done
	f()
}

// greetInTurn is silent: the second call starts after the first ended.
func greetInTurn(conn *websocket.Conn) {
	inTurn(func() {
		conn.WriteMessage(websocket.TextMessage, []byte("hello"))
	})
}

// runner serialises what it runs on its mutex.
type runner struct{ mu sync.Mutex }

// both runs f on a goroutine and here, each time under r.mu.
func (r *runner) both(f func()) {
	go func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		f()
	}()
	r.mu.Lock()
	defer r.mu.Unlock()
	f()
}

// greetLocked is silent: both calls hold r.mu.
func greetLocked(r *runner, conn *websocket.Conn) {
	r.both(func() {
		conn.WriteMessage(websocket.TextMessage, []byte("hello"))
	})
}

// unlocked runs f on a goroutine and here, with no lock.
func unlocked(f func()) {
	go f()
	f()
}

// greetUnlocked races: the goroutine's call and the direct one overlap.
func greetUnlocked(conn *websocket.Conn) {
	unlocked(func() {
		conn.WriteMessage(websocket.TextMessage, []byte("hello")) // want `concurrent write to conn: WriteMessage may overlap itself`
	})
}

// Notifier is told about messages.
type Notifier interface {
	Notify(msg []byte)
}

// fanIn notifies n from two goroutines, one per source.
func fanIn(n Notifier, a, b <-chan []byte) {
	go func() {
		for m := range a {
			n.Notify(m)
		}
	}()
	go func() {
		for m := range b {
			n.Notify(m)
		}
	}()
}

// connNotifier writes what it is told to its conn.
type connNotifier struct{ conn *websocket.Conn }

func (c connNotifier) Notify(msg []byte) {
	c.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c.conn: WriteMessage may overlap itself`
}

func listen(conn *websocket.Conn, a, b <-chan []byte) {
	fanIn(connNotifier{conn}, a, b)
}
