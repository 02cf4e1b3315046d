package snapshots

import (
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// A snapshot of one field of each record: the copy holds the records'
// conns, which their pingers write.

type peerRecord struct {
	conn *websocket.Conn
}

type Peers struct {
	mu    sync.Mutex
	peers map[string]*peerRecord
}

// Add files the conn and pings it from a goroutine of its own.
func (p *Peers) Add(id string, conn *websocket.Conn) {
	rec := &peerRecord{conn: conn}
	p.mu.Lock()
	p.peers[id] = rec
	p.mu.Unlock()
	go func() {
		for range time.Tick(time.Second) {
			conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to conn: WriteMessage may overlap WriteMessage at fieldcopy.go:\d+`
		}
	}()
}

// conns copies each record's conn.
func (p *Peers) conns() []*websocket.Conn {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []*websocket.Conn
	for _, rec := range p.peers {
		out = append(out, rec.conn)
	}
	return out
}

// Broadcast writes the copied conns. Reported.
func (p *Peers) Broadcast(msg []byte) {
	for _, c := range p.conns() {
		c.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c: WriteMessage may overlap WriteMessage at fieldcopy.go:\d+`
	}
}

// LockedPeers' pinger and broadcast take each record's mutex: silent.
type lockedRecord struct {
	conn *websocket.Conn
	mu   sync.Mutex
}

type LockedPeers struct {
	mu    sync.Mutex
	peers map[string]*lockedRecord
}

func (p *LockedPeers) Add(id string, conn *websocket.Conn) {
	rec := &lockedRecord{conn: conn}
	p.mu.Lock()
	p.peers[id] = rec
	p.mu.Unlock()
	go func() {
		for range time.Tick(time.Second) {
			rec.mu.Lock()
			rec.conn.WriteMessage(websocket.PingMessage, nil)
			rec.mu.Unlock()
		}
	}()
}

func (p *LockedPeers) records() []*lockedRecord {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []*lockedRecord
	for _, rec := range p.peers {
		out = append(out, rec)
	}
	return out
}

func (p *LockedPeers) Broadcast(msg []byte) {
	for _, rec := range p.records() {
		rec.mu.Lock()
		rec.conn.WriteMessage(websocket.TextMessage, msg)
		rec.mu.Unlock()
	}
}
