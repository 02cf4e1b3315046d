package openworld

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Goroutines the package's initialisation starts run beside every entry
// point: a hub made for a package-level variable, a pinger started in
// init.

type room struct {
	join    chan *websocket.Conn
	members []*websocket.Conn
}

func newRoom() *room {
	r := &room{join: make(chan *websocket.Conn)}
	go r.run()
	return r
}

func (r *room) run() {
	tick := time.NewTicker(time.Second)
	for {
		select {
		case c := <-r.join:
			r.members = append(r.members, c)
		case <-tick.C:
			for _, c := range r.members {
				c.WriteMessage(websocket.TextMessage, []byte("tick")) // want `concurrent write to c: WriteMessage may overlap WriteMessage at initgoroutines.go:\d+ \(goroutine started at initgoroutines.go:\d+ and left running by init; Enter may be called meanwhile\)`
			}
		}
	}
}

var lobby = newRoom()

// Enter joins the lobby, whose goroutine writes every member, and greets
// the conn itself. Reported.
func Enter(conn *websocket.Conn) {
	lobby.join <- conn
	conn.WriteMessage(websocket.TextMessage, []byte("welcome")) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at initgoroutines.go:\d+ \(goroutine started at initgoroutines.go:\d+ and left running by init; Enter may be called meanwhile\)`
}

// EnterQuietly greets before it joins: silent.
func EnterQuietly(conn *websocket.Conn) {
	conn.WriteMessage(websocket.TextMessage, []byte("welcome"))
	lobby.join <- conn
}

var (
	beaconConn *websocket.Conn
	beaconMu   sync.Mutex
	lockedConn *websocket.Conn
)

func init() {
	go func() {
		for range time.Tick(time.Second) {
			beaconConn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to beaconConn: WriteMessage may overlap WriteMessage at initgoroutines.go:\d+ \(goroutine started at initgoroutines.go:\d+ and left running by init; Beacon may be called meanwhile\)`
			beaconMu.Lock()
			lockedConn.WriteMessage(websocket.PingMessage, nil)
			beaconMu.Unlock()
		}
	}()
}

// Beacon writes the conn init's pinger pings. Reported.
func Beacon(msg []byte) {
	beaconConn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to beaconConn: WriteMessage may overlap WriteMessage at initgoroutines.go:\d+ \(goroutine started at initgoroutines.go:\d+ and left running by init; Beacon may be called meanwhile\)`
}

// LockedBeacon holds the pinger's mutex: silent.
func LockedBeacon(msg []byte) {
	beaconMu.Lock()
	defer beaconMu.Unlock()
	lockedConn.WriteMessage(websocket.TextMessage, msg)
}
