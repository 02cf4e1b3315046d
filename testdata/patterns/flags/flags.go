// Package flags: a client whose connect method probes the server first
// unless a boolean field says it already did. The probe starts a pinger
// and leaves it running when it fails halfway; a caller that retries
// after a failure races with that pinger only if the probe can run,
// which the flag decides.
package flags

import (
	"errors"
	"time"

	"github.com/gorilla/websocket"
)

type Client struct {
	url   string
	conn  *websocket.Conn
	ready bool // the probe succeeded
}

// pinger pings whatever conn the client holds, until stop is closed.
func (c *Client) pinger(stop <-chan struct{}, stopped chan<- struct{}) {
	defer close(stopped)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			c.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at flags.go:45 \(goroutine started at flags.go:49\)`
		}
	}
}

// probe dials, says hello, starts a pinger and waits for the reply. On
// success it stops the pinger and waits for it; when the reply does not
// come the pinger keeps running.
func (c *Client) probe() error {
	conn, _, err := websocket.DefaultDialer.Dial(c.url, nil)
	if err != nil {
		return err
	}
	c.conn = conn
	if err := c.conn.WriteMessage(websocket.TextMessage, []byte("hello")); err != nil { // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at flags.go:31 \(goroutine started at flags.go:49\)`
		return err
	}
	stop, stopped := make(chan struct{}), make(chan struct{})
	go c.pinger(stop, stopped)
	if _, _, err := c.conn.ReadMessage(); err != nil {
		return err
	}
	close(stop)
	<-stopped
	c.ready = true
	return nil
}

// Connect probes the server unless the client already did.
func (c *Client) Connect() error {
	if !c.ready {
		if err := c.probe(); err != nil {
			return err
		}
	}
	return nil
}

// Reset forgets the probe.
func (c *Client) Reset() { c.ready = false }

// Restore takes a probe's result from elsewhere.
func (c *Client) Restore() { c.ready = true }

// bye says goodbye on the client's conn.
func (c *Client) bye() {
	c.conn.WriteMessage(websocket.TextMessage, []byte("bye"))
}

// retry races: nothing says whether the client was probed, so a failed
// Connect may leave a pinger beside the goodbye.
func retry(c *Client) {
	if err := c.Connect(); err != nil {
		c.conn.WriteMessage(websocket.TextMessage, []byte("bye")) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at flags.go:31 \(goroutine started at flags.go:49\)`
	}
}

// start is silent: it probes first, and reconnect's only caller calls it
// after the probe succeeded, so Connect never probes in reconnect.
func start(c *Client) error {
	if err := c.probe(); err != nil {
		return err
	}
	reconnect(c)
	return nil
}

func reconnect(c *Client) {
	if err := c.Connect(); err != nil {
		c.bye()
	}
}

// restored is silent: Restore sets the flag.
func restored(c *Client) {
	c.Restore()
	if err := c.Connect(); err != nil {
		c.conn.WriteMessage(websocket.TextMessage, []byte("bye"))
	}
}

// reset races: Reset clears the flag, so Connect probes again.
func reset(c *Client) {
	c.Restore()
	c.Reset()
	if err := c.Connect(); err != nil {
		c.conn.WriteMessage(websocket.TextMessage, []byte("bye")) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at flags.go:31`
	}
}

// Session tests its flag the other way round: it returns early when
// probed, and compares with false.
type Session struct {
	Client
	probed bool
}

func (s *Session) Open() error {
	if s.probed {
		return nil
	}
	if err := s.probe(); err != nil {
		return err
	}
	s.probed = true
	return nil
}

func (s *Session) Rejoin() error {
	if s.probed == false {
		return errors.New("not probed")
	}
	return s.Open()
}

// Mark says the session was probed elsewhere.
func (s *Session) Mark() { s.probed = true }

// openMarked is silent: Mark sets the flag, and reopen's only caller
// calls it after Mark, so Open starts nothing there.
func openMarked(s *Session) {
	s.Mark()
	reopen(s)
}

func reopen(s *Session) {
	if err := s.Open(); err != nil {
		s.conn.WriteMessage(websocket.TextMessage, []byte("bye"))
	}
}

// openRetry races: the first Open may fail halfway.
func openRetry(s *Session) {
	if err := s.Open(); err != nil {
		s.conn.WriteMessage(websocket.TextMessage, []byte("bye")) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at flags.go:31`
	}
}

// rejoinRetry is silent: Rejoin returns before Open unless probed, and
// Open of a probed session starts nothing.
func rejoinRetry(s *Session) {
	if err := s.Rejoin(); err != nil {
		s.conn.WriteMessage(websocket.TextMessage, []byte("bye"))
	}
}

// later races: redo runs after a probe in one place, but is also kept as
// a value and run where nothing says the client was probed.
func later(c *Client) func() {
	if err := c.probe(); err != nil {
		redo(c)
	}
	return func() { redo(c) }
}

func redo(c *Client) {
	if err := c.Connect(); err != nil {
		c.conn.WriteMessage(websocket.TextMessage, []byte("redo")) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at flags.go:31`
	}
}

// viaValue races: again is called once after Restore, but it is also
// handed out as a method value, which says nothing of the flag.
func (c *Client) again() {
	if err := c.Connect(); err != nil {
		c.conn.WriteMessage(websocket.TextMessage, []byte("again")) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at flags.go:31`
	}
}

func viaValue(c *Client) func() {
	c.Restore()
	c.again()
	return c.again
}

// Watched clears its flag from a goroutine: the flag says nothing a
// caller can rely on.
type Watched struct {
	c     Client
	armed bool
}

// watch disarms when the arming expires.
func (w *Watched) watch(expired <-chan struct{}) {
	<-expired
	w.armed = false
}

func (w *Watched) Start(expired <-chan struct{}) {
	w.armed = true
	go w.watch(expired)
}

// Arm probes unless armed.
func (w *Watched) Arm() error {
	if !w.armed {
		if err := w.c.probe(); err != nil {
			return err
		}
	}
	return nil
}

// watchedRetry races: the watcher may clear the flag at any time, so
// Arm may probe.
func watchedRetry(w *Watched) {
	w.armed = true
	if err := w.Arm(); err != nil {
		w.c.conn.WriteMessage(websocket.TextMessage, []byte("watched")) // want `concurrent write to w.c.conn: WriteMessage may overlap WriteMessage at flags.go:31`
	}
}

// openTwice is silent: an Open that returned nil left the session
// probed and its pinger stopped, so the second Open starts nothing.
func openTwice(s *Session) {
	if err := s.Open(); err != nil {
		return
	}
	if err := s.Open(); err != nil {
		s.conn.WriteMessage(websocket.TextMessage, []byte("twice"))
	}
}

// openQuiet swallows the probe's error: its nil says nothing of the
// pinger.
func (s *Session) openQuiet() error {
	if err := s.probe(); err != nil {
		s.probed = false
	}
	return nil
}

// quietThenWrite races: openQuiet returns nil with the pinger running.
func quietThenWrite(s *Session) {
	if err := s.openQuiet(); err != nil {
		return
	}
	s.conn.WriteMessage(websocket.TextMessage, []byte("quiet")) // want `concurrent write to s.conn: WriteMessage may overlap WriteMessage at flags.go:31`
}

// App keeps its client in a field: what is known of the client goes by
// the field.
type App struct {
	client *Client
}

// restored is silent: the app's client was restored.
func (a *App) restored() {
	a.client.Restore()
	if err := a.client.Connect(); err != nil {
		a.client.conn.WriteMessage(websocket.TextMessage, []byte("app"))
	}
}

// swapped races: the client in the field is another one by the time
// Connect runs.
func (a *App) swapped(c *Client) {
	a.client.Restore()
	a.client = c
	if err := a.client.Connect(); err != nil {
		a.client.conn.WriteMessage(websocket.TextMessage, []byte("swapped")) // want `concurrent write to a.client.conn: WriteMessage may overlap WriteMessage at flags.go:31`
	}
}

func (a *App) renew() { a.client = &Client{url: a.client.url} }

// renewed races: renew replaces the client between.
func (a *App) renewed() {
	a.client.Restore()
	a.renew()
	if err := a.client.Connect(); err != nil {
		a.client.conn.WriteMessage(websocket.TextMessage, []byte("renewed")) // want `concurrent write to a.client.conn: WriteMessage may overlap WriteMessage at flags.go:31`
	}
}

// ConnectStale reads the flag before Restore sets it: the branch goes by
// the value read.
func (c *Client) ConnectStale() error {
	was := c.ready
	c.Restore()
	if !was {
		if err := c.probe(); err != nil {
			return err
		}
	}
	return nil
}

// stale races: the flag read may be false, and the probe run.
func stale(c *Client) {
	if err := c.ConnectStale(); err != nil {
		c.conn.WriteMessage(websocket.TextMessage, []byte("stale")) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at flags.go:31`
	}
}

// lastErr is whatever failed last: nil when nothing did.
var lastErr error

func fail(err error) { lastErr = err }

// RestoreSaved sets the flag, unless told not to; then it returns
// lastErr, which may be nil.
func (c *Client) RestoreSaved(ok bool) error {
	if !ok {
		return lastErr
	}
	c.ready = true
	return nil
}

// restoredSaved races: RestoreSaved may return nil without setting the
// flag, so Connect may probe.
func restoredSaved(c *Client, ok bool) {
	if err := c.RestoreSaved(ok); err != nil {
		return
	}
	if err := c.Connect(); err != nil {
		c.conn.WriteMessage(websocket.TextMessage, []byte("saved")) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at flags.go:31`
	}
}

// ConnectMarked reads the flag, then sets it itself, then branches on
// what it read: a store, not a call, between the load and the branch.
func (c *Client) ConnectMarked() error {
	was := c.ready
	c.ready = true
	if !was {
		return c.probe()
	}
	return nil
}

// marked races: the flag read may be false, and the probe run.
func marked(c *Client) {
	if err := c.ConnectMarked(); err != nil {
		c.conn.WriteMessage(websocket.TextMessage, []byte("marked")) // want `concurrent write to c.conn: WriteMessage may overlap WriteMessage at flags.go:31`
	}
}
