// Package guarded: a conn field that some code writes under a mutex is
// one its author expects to be written from several goroutines. A write
// to the same field of the same type without that mutex races with the
// guarded ones, wherever it is.
package guarded

import (
	"net/http"
	"sync"

	"github.com/gorilla/websocket"
)

var upgrader websocket.Upgrader

// Player's writes go through WriteJSON, under mu.
type Player struct {
	mu sync.Mutex
	ws *websocket.Conn
}

func (p *Player) WriteJSON(v any) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ws.WriteJSON(v) // want `concurrent write to p.ws: WriteJSON may overlap WriteJSON at guarded.go:57 \(guarded.Player.ws is written there without guarded.Player.mu, which this holds\)`
}

type Lobby struct {
	mu      sync.Mutex
	players map[string]*Player
}

// Routes registers the lobby's handlers: requests run them concurrently.
func (l *Lobby) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/join", l.join)
	mux.HandleFunc("/rejoin", l.rejoin)
}

func (l *Lobby) Player(name string) *Player {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.players[name]
}

// join writes a player it looked up without the player's mutex: other
// requests write the same player through WriteJSON meanwhile.
func (l *Lobby) join(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	p := l.Player(r.URL.Query().Get("name"))
	if p == nil {
		return
	}
	p.ws = ws
	p.ws.WriteJSON("ready") // want `concurrent write to p.ws: WriteJSON may overlap WriteJSON at guarded.go:25 \(guarded.Player.ws is written holding guarded.Player.mu there, not here\)`
}

// rejoin is the fix: the write goes through the guarded method.
func (l *Lobby) rejoin(w http.ResponseWriter, r *http.Request) {
	p := l.Player(r.URL.Query().Get("name"))
	if p == nil {
		return
	}
	p.WriteJSON("ready")
}

// newPlayer greets the player before anyone else can reach it: not a
// race, though it writes without the mutex.
func (l *Lobby) newPlayer(name string, ws *websocket.Conn) *Player {
	p := &Player{}
	p.attach(ws)
	p.ws.WriteJSON("hello")
	l.mu.Lock()
	l.players[name] = p
	l.mu.Unlock()
	return p
}

// newPlayerLate registers the player first: a broadcast may write it
// through WriteJSON while the greeting is written.
func (l *Lobby) newPlayerLate(name string, ws *websocket.Conn) *Player {
	p := &Player{}
	p.attach(ws)
	l.mu.Lock()
	l.players[name] = p
	l.mu.Unlock()
	p.ws.WriteJSON("hello") // want `concurrent write to p.ws: WriteJSON may overlap WriteJSON at guarded.go:25 \(guarded.Player.ws is written holding guarded.Player.mu there, not here\)`
	return p
}

func (p *Player) attach(ws *websocket.Conn) { p.ws = ws }

// Feed writes under a read lock and closes under the write lock: they
// exclude each other, and only one goroutine sends.
type Feed struct {
	mu sync.RWMutex
	ws *websocket.Conn
}

func (f *Feed) send(msg []byte) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	f.ws.WriteMessage(websocket.TextMessage, msg)
}

func (f *Feed) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ws.WriteMessage(websocket.CloseMessage, nil)
}

// Relay guards its conn with two mutexes, one per method: they don't
// exclude each other. Its methods are exported: other packages may call
// them from goroutines of their own.
type Relay struct {
	sendMu, pingMu sync.Mutex
	ws             *websocket.Conn
}

func (r *Relay) Send(msg []byte) {
	r.sendMu.Lock()
	defer r.sendMu.Unlock()
	r.ws.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to r.ws: WriteMessage may overlap WriteMessage at guarded.go:131 \(guarded.Relay.ws is written holding guarded.Relay.pingMu there, not here\)`
}

func (r *Relay) Ping() {
	r.pingMu.Lock()
	defer r.pingMu.Unlock()
	r.ws.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to r.ws: WriteMessage may overlap WriteMessage at guarded.go:125 \(guarded.Relay.ws is written there without guarded.Relay.pingMu, which this holds\)`
}
