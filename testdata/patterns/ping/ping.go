// Package ping holds heartbeat shapes: a ticker goroutine that pings the
// peer while the handler streams events on the same connection.
package ping

import (
	"log"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

const (
	writeWait  = 10 * time.Second
	pingPeriod = 30 * time.Second
)

var upgrader = websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 1024}

// Event is one server-sent update.
type Event struct {
	Topic string `json:"topic"`
	Data  []byte `json:"data"`
}

// Feed streams events to one websocket client.
type Feed struct {
	Events func(r *http.Request) <-chan Event
}

// ServeTicker is racy: the heartbeat goroutine sends pings with
// WriteMessage while the handler loop writes events with WriteMessage.
func (f *Feed) ServeTicker(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		log.Println("upgrade:", err)
		return
	}
	defer conn.Close()

	done := make(chan struct{})
	defer close(done)
	go func() {
		ticker := time.NewTicker(pingPeriod)
		defer ticker.Stop()
		for {
			select {
			case <-ticker.C:
				if err := conn.WriteMessage(websocket.PingMessage, nil); err != nil { // want `concurrent write to conn: WriteMessage may overlap WriteMessage at ping.go:60 \(goroutine started at ping.go:44\)`
					return
				}
			case <-done:
				return
			}
		}
	}()

	for ev := range f.Events(r) {
		if err := conn.WriteMessage(websocket.TextMessage, ev.Data); err != nil { // want `concurrent write to conn: WriteMessage may overlap WriteMessage at ping.go:50 \(goroutine started at ping.go:44\)`
			return
		}
	}
}

// ServeTickerDeadline is racy: the heartbeat sets a write deadline and
// pings, the handler writes JSON; every one of those is a write.
func (f *Feed) ServeTickerDeadline(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()

	go func() {
		for range time.Tick(pingPeriod) {
			conn.SetWriteDeadline(time.Now().Add(writeWait))                      // want `concurrent write to conn: SetWriteDeadline may overlap`
			if err := conn.WriteMessage(websocket.PingMessage, nil); err != nil { // want `concurrent write to conn: WriteMessage may overlap`
				return
			}
		}
	}()

	for ev := range f.Events(r) {
		if err := conn.WriteJSON(ev); err != nil { // want `concurrent write to conn: WriteJSON may overlap`
			return
		}
	}
}

// ServeControl is safe: WriteControl may run concurrently with the
// handler's WriteMessage.
func (f *Feed) ServeControl(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()

	go func() {
		ticker := time.NewTicker(pingPeriod)
		defer ticker.Stop()
		for range ticker.C {
			if err := conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
				return
			}
		}
	}()

	for ev := range f.Events(r) {
		conn.SetWriteDeadline(time.Now().Add(writeWait))
		if err := conn.WriteMessage(websocket.TextMessage, ev.Data); err != nil {
			return
		}
	}
}

// ServeLocked is safe: the ping goroutine and the event loop both write
// under the same mutex.
func (f *Feed) ServeLocked(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()

	var writeMu sync.Mutex
	go func() {
		for range time.Tick(pingPeriod) {
			writeMu.Lock()
			err := conn.WriteMessage(websocket.PingMessage, nil)
			writeMu.Unlock()
			if err != nil {
				return
			}
		}
	}()

	for ev := range f.Events(r) {
		writeMu.Lock()
		conn.SetWriteDeadline(time.Now().Add(writeWait))
		err := conn.WriteMessage(websocket.TextMessage, ev.Data)
		writeMu.Unlock()
		if err != nil {
			return
		}
	}
}

// ServeHalfLocked is racy: the ping goroutine locks, but the event loop
// forgot to, so the mutex protects nothing.
func (f *Feed) ServeHalfLocked(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()

	var writeMu sync.Mutex
	go func() {
		for range time.Tick(pingPeriod) {
			writeMu.Lock()
			err := conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at ping.go:172 \(goroutine started at ping.go:160\)`
			writeMu.Unlock()
			if err != nil {
				return
			}
		}
	}()

	for ev := range f.Events(r) {
		if err := conn.WriteMessage(websocket.TextMessage, ev.Data); err != nil { // want `concurrent write to conn: WriteMessage may overlap WriteMessage at ping.go:163 \(goroutine started at ping.go:160\)`
			return
		}
	}
}

// keepAlive pings a client connection until stop is closed.
func keepAlive(conn *websocket.Conn, stop <-chan struct{}) {
	t := time.NewTicker(pingPeriod)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := conn.WriteMessage(websocket.PingMessage, []byte("keepalive")); err != nil { // want `concurrent write to conn: WriteMessage may overlap WriteJSON at ping.go:206 \(goroutine started at ping.go:204\)`
				return
			}
		case <-stop:
			return
		}
	}
}

// Subscribe is racy: the dialing client starts keepAlive, a named
// function that pings with WriteMessage, then sends its subscriptions.
func Subscribe(url string, topics []string) error {
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return err
	}
	defer conn.Close()
	stop := make(chan struct{})
	defer close(stop)
	go keepAlive(conn, stop)
	for _, t := range topics {
		if err := conn.WriteJSON(map[string]string{"subscribe": t}); err != nil { // want `concurrent write to conn: WriteJSON may overlap WriteMessage at ping.go:185 \(goroutine started at ping.go:204\)`
			return err
		}
	}
	return nil
}

// keepAliveControl pings with WriteControl, safe from any goroutine.
func keepAliveControl(conn *websocket.Conn, stop <-chan struct{}) {
	t := time.NewTicker(pingPeriod)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
				return
			}
		case <-stop:
			return
		}
	}
}

// SubscribeControl is safe: the pinger only uses WriteControl.
func SubscribeControl(url string, topics []string) error {
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return err
	}
	defer conn.Close()
	stop := make(chan struct{})
	defer close(stop)
	go keepAliveControl(conn, stop)
	for _, t := range topics {
		if err := conn.WriteJSON(map[string]string{"subscribe": t}); err != nil {
			return err
		}
	}
	return nil
}

// ServePongReply is racy: a custom ping handler answers with
// WriteMessage; handlers run on the reading goroutine, which here is not
// the goroutine writing events.
func (f *Feed) ServePongReply(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()

	go func() {
		conn.SetPingHandler(func(appData string) error {
			return conn.WriteMessage(websocket.PongMessage, []byte(appData)) // want `concurrent write to conn: WriteMessage may overlap`
		})
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	}()

	for ev := range f.Events(r) {
		if err := conn.WriteMessage(websocket.TextMessage, ev.Data); err != nil { // want `concurrent write to conn: WriteMessage may overlap`
			return
		}
	}
}

// ServePongControl is safe: the ping handler answers with WriteControl.
func (f *Feed) ServePongControl(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()

	go func() {
		conn.SetPingHandler(func(appData string) error {
			return conn.WriteControl(websocket.PongMessage, []byte(appData), time.Now().Add(writeWait))
		})
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	}()

	for ev := range f.Events(r) {
		if err := conn.WriteMessage(websocket.TextMessage, ev.Data); err != nil {
			return
		}
	}
}

// ServeAfterFunc is racy: time.AfterFunc runs its function on its own
// goroutine, here pinging while the loop writes.
func (f *Feed) ServeAfterFunc(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()

	var ping func()
	ping = func() {
		if err := conn.WriteMessage(websocket.PingMessage, nil); err == nil { // want `concurrent write to conn: WriteMessage may overlap`
			time.AfterFunc(pingPeriod, ping)
		}
	}
	timer := time.AfterFunc(pingPeriod, ping)
	defer timer.Stop()

	for ev := range f.Events(r) {
		if err := conn.WriteMessage(websocket.TextMessage, ev.Data); err != nil { // want `concurrent write to conn: WriteMessage may overlap`
			return
		}
	}
}

// ServeAfterFuncOnce is racy: one delayed ping from time.AfterFunc's own
// goroutine while the loop writes.
func (f *Feed) ServeAfterFuncOnce(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()

	timer := time.AfterFunc(pingPeriod, func() {
		conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at ping.go:\d+`
	})
	defer timer.Stop()

	for ev := range f.Events(r) {
		if err := conn.WriteMessage(websocket.TextMessage, ev.Data); err != nil { // want `concurrent write to conn: WriteMessage may overlap WriteMessage at ping.go:\d+`
			return
		}
	}
}

// ReadMessage returns only text and binary messages (pings go to the
// ping handler): an answer in a branch on a ping is never written, and
// the writer goroutine is the conn's only writer.
func answerPingsNever(conn *websocket.Conn, out <-chan []byte) {
	go func() {
		for msg := range out {
			conn.WriteMessage(websocket.TextMessage, msg)
		}
	}()
	for {
		mt, _, err := conn.ReadMessage()
		if err != nil {
			return
		}
		if mt == websocket.PingMessage {
			conn.WriteMessage(websocket.PongMessage, nil)
		}
		switch mt {
		case websocket.CloseMessage:
			conn.WriteMessage(websocket.CloseMessage, nil)
			return
		}
	}
}

// echoText answers text messages, which ReadMessage does return: it
// races with the writer goroutine.
func echoText(conn *websocket.Conn, out <-chan []byte) {
	go func() {
		for msg := range out {
			conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at ping.go:\d+`
		}
	}()
	for {
		mt, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		if mt != websocket.PingMessage && mt == websocket.TextMessage {
			conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at ping.go:\d+`
		}
	}
}
