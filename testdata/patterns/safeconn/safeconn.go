// Package safeconn wraps a websocket connection with locks so that
// several goroutines may write to it, done right and done wrong.
package safeconn

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

const writeWait = 5 * time.Second

// SafeConn serialises every write with one mutex.
type SafeConn struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

// Send is safe: it holds mu for the whole write.
func (s *SafeConn) Send(v any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conn.SetWriteDeadline(time.Now().Add(writeWait))
	return s.conn.WriteJSON(v)
}

// Ping is safe: same mutex as Send.
func (s *SafeConn) Ping() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.WriteMessage(websocket.PingMessage, nil)
}

// RunSafe is safe: a pinger, an alert pusher and the update loop all
// write through SafeConn.
func RunSafe(conn *websocket.Conn, updates, alerts <-chan any) {
	sc := &SafeConn{conn: conn}
	go func() {
		for range time.Tick(time.Minute) {
			if sc.Ping() != nil {
				return
			}
		}
	}()
	go func() {
		for a := range alerts {
			sc.Send(a)
		}
	}()
	for u := range updates {
		if err := sc.Send(u); err != nil {
			return
		}
	}
}

// RWConn guards writes with a read lock only.
type RWConn struct {
	mu   sync.RWMutex
	conn *websocket.Conn
}

// Send is racy: RLock lets every sender in at once.
func (c *RWConn) Send(v any) error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.conn.WriteJSON(v) // want `concurrent write to c.conn: WriteJSON may overlap itself, reached from safeconn.go:76 and safeconn.go:80 \(goroutine started at safeconn.go:74\)`
}

// RunRW is racy: two goroutines call RWConn.Send.
func RunRW(conn *websocket.Conn, updates, alerts <-chan any) {
	rc := &RWConn{conn: conn}
	go func() {
		for a := range alerts {
			rc.Send(a)
		}
	}()
	for u := range updates {
		rc.Send(u)
	}
}

// RWLockedConn guards writes with the write lock of an RWMutex.
type RWLockedConn struct {
	mu     sync.RWMutex
	conn   *websocket.Conn
	closed bool
}

// Send is safe: Lock is exclusive.
func (c *RWLockedConn) Send(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn.WriteJSON(v)
}

// Closed only reads state, under the read lock.
func (c *RWLockedConn) Closed() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.closed
}

// RunRWLocked is safe: both goroutines go through the exclusive lock.
func RunRWLocked(conn *websocket.Conn, updates, alerts <-chan any) {
	rc := &RWLockedConn{conn: conn}
	go func() {
		for a := range alerts {
			if !rc.Closed() {
				rc.Send(a)
			}
		}
	}()
	for u := range updates {
		rc.Send(u)
	}
}

// DualConn has a mutex per kind of write, which excludes nothing.
type DualConn struct {
	sendMu sync.Mutex
	pingMu sync.Mutex
	conn   *websocket.Conn
}

// Send is racy against Ping: different mutexes.
func (d *DualConn) Send(v any) error {
	d.sendMu.Lock()
	defer d.sendMu.Unlock()
	return d.conn.WriteJSON(v) // want `concurrent write to d.conn: WriteJSON may overlap WriteMessage at safeconn.go:138 \(goroutine started at safeconn.go:144\)`
}

// Ping is racy against Send: different mutexes.
func (d *DualConn) Ping() error {
	d.pingMu.Lock()
	defer d.pingMu.Unlock()
	return d.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to d.conn: WriteMessage may overlap WriteJSON at safeconn.go:131 \(goroutine started at safeconn.go:144\)`
}

// RunDual is racy: pinger and sender hold different locks.
func RunDual(conn *websocket.Conn, updates <-chan any) {
	d := &DualConn{conn: conn}
	go func() {
		for range time.Tick(time.Minute) {
			d.Ping()
		}
	}()
	for u := range updates {
		d.Send(u)
	}
}

// Session counts pending frames under a mutex.
type Session struct {
	mu      sync.Mutex
	pending int
	conn    *websocket.Conn
}

// flush is racy: it releases the lock before writing.
func (s *Session) flush(msg []byte) error {
	s.mu.Lock()
	s.pending--
	s.mu.Unlock()
	return s.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to s.conn: WriteMessage may overlap itself, reached from`
}

// send is racy: urgent messages skip the lock.
func (s *Session) send(msg []byte, urgent bool) error {
	if !urgent {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	return s.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to s.conn: WriteMessage may overlap itself, reached from`
}

// sendLocked takes the lock on every path: on its own it would be safe,
// but flush and send write the same Session.conn without it, so its
// writes race with theirs (the package's locking is inconsistent).
func (s *Session) sendLocked(msg []byte, urgent bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if urgent {
		s.conn.SetWriteDeadline(time.Now().Add(writeWait)) // want `concurrent write to s\.conn: SetWriteDeadline may overlap WriteMessage at safeconn\.go:166 \(safeconn\.Session\.conn is written there without safeconn\.Session\.mu, which this holds\)`
	}
	return s.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to s\.conn: WriteMessage may overlap WriteMessage at safeconn\.go:166 \(safeconn\.Session\.conn is written there without safeconn\.Session\.mu, which this holds\)`
}

// RunFlush is racy through flush.
func RunFlush(s *Session, a, b <-chan []byte) {
	go func() {
		for m := range a {
			s.flush(m)
		}
	}()
	for m := range b {
		s.flush(m)
	}
}

// RunUrgent is racy through send: the urgent path is unlocked.
func RunUrgent(s *Session, alerts, msgs <-chan []byte) {
	go func() {
		for m := range alerts {
			s.send(m, true)
		}
	}()
	for m := range msgs {
		s.send(m, false)
	}
}

// RunUrgentLocked is safe: sendLocked always locks.
func RunUrgentLocked(s *Session, alerts, msgs <-chan []byte) {
	go func() {
		for m := range alerts {
			s.sendLocked(m, true)
		}
	}()
	for m := range msgs {
		s.sendLocked(m, false)
	}
}

// Peer embeds both its mutex and its connection.
type Peer struct {
	sync.Mutex
	*websocket.Conn
	ID string
}

// RunPeer's two writers both lock the embedded mutex: between themselves
// they are safe, but RunPeerUnlocked writes Peer.Conn without it, so
// they race with its writes (the package's locking is inconsistent).
func RunPeer(p *Peer, msgs <-chan []byte) {
	go func() {
		for range time.Tick(time.Minute) {
			p.Lock()
			p.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to p: WriteMessage may overlap WriteMessage at safeconn\.go:255 \(safeconn\.Peer\.Conn is written there without safeconn\.Peer\.Mutex, which this holds\)`
			p.Unlock()
		}
	}()
	for m := range msgs {
		p.Lock()
		p.WriteMessage(websocket.TextMessage, m) // want `concurrent write to p: WriteMessage may overlap WriteMessage at safeconn\.go:255 \(safeconn\.Peer\.Conn is written there without safeconn\.Peer\.Mutex, which this holds\)`
		p.Unlock()
	}
}

// RunPeerUnlocked is racy: the embedded mutex is never taken.
func RunPeerUnlocked(p *Peer, msgs <-chan []byte) {
	go func() {
		for range time.Tick(time.Minute) {
			p.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to p: WriteMessage may overlap WriteMessage at safeconn\.go:259 \(goroutine started at safeconn\.go:253\)`
		}
	}()
	for m := range msgs {
		p.WriteMessage(websocket.TextMessage, m) // want `concurrent write to p: WriteMessage may overlap WriteMessage at safeconn\.go:255 \(goroutine started at safeconn\.go:253\)`
	}
}

// writeFrame sets a deadline and writes; callers hold the lock.
func writeFrame(conn *websocket.Conn, msg []byte) error {
	conn.SetWriteDeadline(time.Now().Add(writeWait))
	return conn.WriteMessage(websocket.TextMessage, msg)
}

// RunCallerLocked is safe: each caller holds mu around writeFrame.
func RunCallerLocked(conn *websocket.Conn, a, b <-chan []byte) {
	var mu sync.Mutex
	go func() {
		for m := range a {
			mu.Lock()
			writeFrame(conn, m)
			mu.Unlock()
		}
	}()
	for m := range b {
		mu.Lock()
		err := writeFrame(conn, m)
		mu.Unlock()
		if err != nil {
			return
		}
	}
}

// sendFrame writes one frame; callers are meant to hold the lock.
func sendFrame(conn *websocket.Conn, msg []byte) error {
	return conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to conn: WriteMessage may overlap itself, reached from safeconn\.go:299 and safeconn\.go:304 \(goroutine started at safeconn\.go:297\)`
}

// RunCallerHalfLocked is racy: one caller forgets the lock.
func RunCallerHalfLocked(conn *websocket.Conn, a, b <-chan []byte) {
	var mu sync.Mutex
	go func() {
		for m := range a {
			sendFrame(conn, m)
		}
	}()
	for m := range b {
		mu.Lock()
		sendFrame(conn, m)
		mu.Unlock()
	}
}

// NaiveConn declares its lock in the wrong place.
type NaiveConn struct {
	conn *websocket.Conn
}

// Send is racy: the mutex is local to each call and excludes nothing.
func (n *NaiveConn) Send(msg []byte) error {
	var mu sync.Mutex
	mu.Lock()
	defer mu.Unlock()
	return n.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to n.conn: WriteMessage may overlap itself, reached from`
}

// RunNaive is racy through NaiveConn.Send.
func RunNaive(n *NaiveConn, a, b <-chan []byte) {
	go func() {
		for m := range a {
			n.Send(m)
		}
	}()
	for m := range b {
		n.Send(m)
	}
}

// LockerConn takes its lock through helper methods.
type LockerConn struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

func (c *LockerConn) lock()   { c.mu.Lock() }
func (c *LockerConn) unlock() { c.mu.Unlock() }

// Send is safe: lock and unlock wrap the same mutex.
func (c *LockerConn) Send(msg []byte) error {
	c.lock()
	defer c.unlock()
	return c.conn.WriteMessage(websocket.TextMessage, msg)
}

// RunLocker is safe through LockerConn.Send.
func RunLocker(c *LockerConn, a, b <-chan []byte) {
	go func() {
		for m := range a {
			c.Send(m)
		}
	}()
	for m := range b {
		c.Send(m)
	}
}

// Stream has one sender using the read lock and a closer using the
// write lock: Lock excludes RLock holders, and only one goroutine sends.
type Stream struct {
	mu   sync.RWMutex
	conn *websocket.Conn
}

// RunStream is safe: the only two writers are one RLock holder and one
// Lock holder, which exclude each other.
func RunStream(s *Stream, msgs <-chan []byte, quit <-chan struct{}) {
	go func() {
		<-quit
		s.mu.Lock()
		s.conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bye"))
		s.mu.Unlock()
	}()
	for m := range msgs {
		s.mu.RLock()
		s.conn.WriteMessage(websocket.TextMessage, m)
		s.mu.RUnlock()
	}
}

// LockerConn2 holds its lock as a sync.Locker.
type LockerConn2 struct {
	mu   sync.Locker
	conn *websocket.Conn
}

// Send is safe: every writer locks the same Locker.
func (c *LockerConn2) Send(msg []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn.WriteMessage(websocket.TextMessage, msg)
}

// RunLocker2 is safe through LockerConn2.Send.
func RunLocker2(conn *websocket.Conn, a, b <-chan []byte) {
	c := &LockerConn2{mu: &sync.Mutex{}, conn: conn}
	go func() {
		for m := range a {
			c.Send(m)
		}
	}()
	for m := range b {
		c.Send(m)
	}
}

// RunTryLock is safe: the pinger skips a tick when the sender holds the
// lock, and writes only when TryLock succeeded.
func RunTryLock(conn *websocket.Conn, msgs <-chan []byte) {
	var mu sync.Mutex
	go func() {
		for range time.Tick(time.Minute) {
			if !mu.TryLock() {
				continue
			}
			conn.WriteMessage(websocket.PingMessage, nil)
			mu.Unlock()
		}
	}()
	for m := range msgs {
		mu.Lock()
		conn.WriteMessage(websocket.TextMessage, m)
		mu.Unlock()
	}
}

// RunInlineLocked is safe: each write sits in an immediately called
// closure that locks and defers the unlock.
func RunInlineLocked(conn *websocket.Conn, a, b <-chan []byte) {
	var mu sync.Mutex
	send := func(m []byte) error {
		mu.Lock()
		defer mu.Unlock()
		return conn.WriteMessage(websocket.TextMessage, m)
	}
	go func() {
		for m := range a {
			func() {
				mu.Lock()
				defer mu.Unlock()
				conn.WriteMessage(websocket.TextMessage, m)
			}()
		}
	}()
	for m := range b {
		if send(m) != nil {
			return
		}
	}
}

// RunSkipEmpty is safe: the early continue unlocks, every write is
// locked.
func RunSkipEmpty(conn *websocket.Conn, a, b <-chan []byte) {
	var mu sync.Mutex
	go func() {
		for range time.Tick(time.Minute) {
			mu.Lock()
			conn.WriteMessage(websocket.PingMessage, nil)
			mu.Unlock()
		}
	}()
	for m := range b {
		mu.Lock()
		if len(m) == 0 {
			mu.Unlock()
			continue
		}
		conn.WriteMessage(websocket.TextMessage, m)
		mu.Unlock()
	}
}

// RunErrorPath is racy: on a failed write the close frame is sent after
// the unlock.
func RunErrorPath(conn *websocket.Conn, msgs <-chan []byte) {
	var mu sync.Mutex
	go func() {
		for range time.Tick(time.Minute) {
			mu.Lock()
			conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at safeconn.go:\d+`
			mu.Unlock()
		}
	}()
	for m := range msgs {
		mu.Lock()
		if err := conn.WriteMessage(websocket.TextMessage, m); err != nil {
			mu.Unlock()
			conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseInternalServerErr, "")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at safeconn.go:\d+`
			return
		}
		mu.Unlock()
	}
}

// RunAliasedMutex is safe: mu is &s.mu, so both writers hold one lock.
func RunAliasedMutex(s *SafeConn, msgs <-chan []byte) {
	go func() {
		mu := &s.mu
		for range time.Tick(time.Minute) {
			mu.Lock()
			s.conn.WriteMessage(websocket.PingMessage, nil)
			mu.Unlock()
		}
	}()
	for m := range msgs {
		s.mu.Lock()
		s.conn.WriteMessage(websocket.TextMessage, m)
		s.mu.Unlock()
	}
}

// lockedWriter is a per-use wrapper with its own mutex.
type lockedWriter struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

func (l *lockedWriter) write(m []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to l.conn: WriteMessage may overlap itself, reached from`
}

// RunTwoWrappers is racy: two wrappers around one conn have two mutexes.
func RunTwoWrappers(conn *websocket.Conn, a, b <-chan []byte) {
	alerts := &lockedWriter{conn: conn}
	updates := &lockedWriter{conn: conn}
	go func() {
		for m := range a {
			alerts.write(m)
		}
	}()
	for m := range b {
		updates.write(m)
	}
}
