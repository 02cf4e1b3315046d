// Package business pushes order updates and notifications to trading
// clients from several business goroutines.
package business

import (
	"context"
	"log"
	"net/http"
	"time"

	"github.com/gorilla/websocket"
)

var upgrader = websocket.Upgrader{ReadBufferSize: 4096, WriteBufferSize: 4096}

// OrderUpdate is an order state change.
type OrderUpdate struct {
	OrderID string  `json:"order_id"`
	Status  string  `json:"status"`
	Filled  float64 `json:"filled"`
}

// Notification is a user-facing notice.
type Notification struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// Backend is the source of business events.
type Backend interface {
	Orders(ctx context.Context, user string) <-chan OrderUpdate
	Notifications(ctx context.Context, user string) <-chan Notification
	Quotes(ctx context.Context, symbol string) <-chan []byte
}

// Service serves the trading websocket API.
type Service struct {
	backend Backend
}

// ServeAccount is racy: the order goroutine and the notification
// goroutine write to the same conn.
func (s *Service) ServeAccount(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		log.Println(err)
		return
	}
	ctx, cancel := context.WithCancel(r.Context())
	user := r.URL.Query().Get("user")

	go func() {
		for u := range s.backend.Orders(ctx, user) {
			if err := conn.WriteJSON(u); err != nil { // want `concurrent write to conn: WriteJSON may overlap WriteJSON at business.go:62 \(goroutine started at business.go:`
				cancel()
				return
			}
		}
	}()
	go func() {
		for n := range s.backend.Notifications(ctx, user) {
			if err := websocket.WriteJSON(conn, n); err != nil { // want `concurrent write to conn: WriteJSON may overlap WriteJSON at business.go:54 \(goroutine started at business.go:`
				cancel()
				return
			}
		}
	}()

	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			cancel()
			conn.Close()
			return
		}
	}
}

// ServeAccountSplit is safe: orders and notifications go out on two
// separate connections, one writer goroutine each.
func (s *Service) ServeAccountSplit(ctx context.Context, user string, orders, notices *websocket.Conn) {
	go func() {
		for u := range s.backend.Orders(ctx, user) {
			if err := orders.WriteJSON(u); err != nil {
				return
			}
		}
	}()
	go func() {
		for n := range s.backend.Notifications(ctx, user) {
			if err := notices.WriteJSON(n); err != nil {
				return
			}
		}
	}()
}

// Announce is safe: one goroutine per connection, each writing only the
// conn passed to it.
func Announce(conns []*websocket.Conn, msg []byte) {
	for _, c := range conns {
		go func(c *websocket.Conn) {
			if err := c.WriteMessage(websocket.TextMessage, msg); err != nil {
				c.Close()
			}
		}(c)
	}
}

// AnnounceCaptured is safe: since Go 1.22 each iteration has its own c,
// so each goroutine captures a different conn.
func AnnounceCaptured(conns []*websocket.Conn, msg *websocket.PreparedMessage) {
	for _, c := range conns {
		go func() {
			if err := c.WritePreparedMessage(msg); err != nil {
				c.Close()
			}
		}()
	}
}

// ServeQuotes is racy: one goroutine per symbol, all writing to the one
// conn of this client.
func (s *Service) ServeQuotes(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	for _, sym := range r.URL.Query()["symbol"] {
		go func(sym string) {
			for q := range s.backend.Quotes(r.Context(), sym) {
				if err := conn.WriteMessage(websocket.TextMessage, q); err != nil { // want `concurrent write to conn: WriteMessage may overlap itself: the goroutine started at business.go:130 runs once per loop iteration`
					return
				}
			}
		}(sym)
	}
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
	}
}

// pushWorker drains jobs onto the websocket.
func pushWorker(conn *websocket.Conn, jobs <-chan Notification) {
	for j := range jobs {
		if err := conn.WriteJSON(j); err != nil { // want `concurrent write to conn: WriteJSON may overlap itself: the goroutine started at business.go:157 runs once per loop iteration`
			return
		}
	}
}

// StartPushPool is racy: a pool of workers shares one client conn.
func StartPushPool(conn *websocket.Conn, jobs <-chan Notification, workers int) {
	for i := 0; i < workers; i++ {
		go pushWorker(conn, jobs)
	}
}

// StartPushSingle is safe: exactly one worker owns the conn.
func StartPushSingle(conn *websocket.Conn, jobs <-chan Notification) {
	go pushWorker(conn, jobs)
}

// Hub fans broadcasts out to its subscribers.
type Hub struct {
	clients   map[*websocket.Conn]bool
	broadcast chan []byte
}

// runFanout is racy: every broadcast starts a goroutine per client, and
// the goroutines of two successive broadcasts write to the same client.
func (h *Hub) runFanout() {
	for msg := range h.broadcast {
		for c := range h.clients {
			go func(c *websocket.Conn) {
				c.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to c: WriteMessage may overlap itself`
			}(c)
		}
	}
}

// broadcastOnce is safe: a single broadcast, one goroutine per distinct
// client.
func (h *Hub) broadcastOnce(msg []byte) {
	for c := range h.clients {
		go func(c *websocket.Conn) {
			c.WriteMessage(websocket.TextMessage, msg)
		}(c)
	}
}

// ServeCompressed is racy: a tuning goroutine changes the compression
// settings while the handler writes quotes.
func (s *Service) ServeCompressed(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	levels := make(chan int)
	go func() {
		for lvl := range levels {
			conn.EnableWriteCompression(lvl > 0) // want `concurrent write to conn: EnableWriteCompression may overlap`
			conn.SetCompressionLevel(lvl)        // want `concurrent write to conn: SetCompressionLevel may overlap`
		}
	}()
	defer close(levels)
	for q := range s.backend.Quotes(r.Context(), "ALL") {
		if len(q) > 1024 {
			levels <- 6
		}
		if err := conn.WriteMessage(websocket.BinaryMessage, q); err != nil { // want `concurrent write to conn: WriteMessage may overlap`
			return
		}
	}
}

// AnnounceIndexed is safe: iteration i's goroutine writes conns[i] only.
func AnnounceIndexed(conns []*websocket.Conn, msg []byte) {
	for i := range conns {
		go func() {
			conns[i].WriteMessage(websocket.TextMessage, msg)
		}()
	}
}

// pump writes one feed to its conn.
func pump(conn *websocket.Conn, feed <-chan []byte) {
	for m := range feed {
		if conn.WriteMessage(websocket.TextMessage, m) != nil {
			return
		}
	}
}

// ConnectAll is safe: each iteration dials a new conn and hands it to
// its own pump.
func ConnectAll(urls []string, feed func(url string) <-chan []byte) {
	for _, url := range urls {
		c, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			continue
		}
		go pump(c, feed(url))
	}
}

// PumpAll is safe: a named function per conn, one conn per iteration.
func PumpAll(conns []*websocket.Conn, feed <-chan []byte) {
	for _, c := range conns {
		go pump(c, feed)
	}
}

// subscriber is one conn's subscription state.
type subscriber struct {
	conn  *websocket.Conn
	topic string
}

// watch pushes the subscriber's topic to its conn.
func (s *subscriber) watch(feed func(topic string) <-chan []byte) {
	for m := range feed(s.topic) {
		if s.conn.WriteMessage(websocket.TextMessage, m) != nil {
			return
		}
	}
}

// WatchAll is safe: a new subscriber, with its own conn, per iteration.
func WatchAll(conns map[string]*websocket.Conn, feed func(topic string) <-chan []byte) {
	for topic, c := range conns {
		s := &subscriber{conn: c, topic: topic}
		go s.watch(feed)
	}
}

// Desk is one trader's desk with a single conn.
type Desk struct {
	conn *websocket.Conn
	feed func(topic string) <-chan []byte
}

// forward pushes one topic to the desk's conn.
func (d *Desk) forward(topic string) {
	for m := range d.feed(topic) {
		if d.conn.WriteMessage(websocket.TextMessage, m) != nil { // want `concurrent write to d.conn: WriteMessage may overlap itself: the goroutine started at business.go:\d+ runs once per loop iteration`
			return
		}
	}
}

// Follow is racy: a goroutine per topic, all writing d.conn.
func (d *Desk) Follow(topics []string) {
	for _, t := range topics {
		go d.forward(t)
	}
}

// Member is a hub member with its own pinger.
type Member struct {
	conn *websocket.Conn
}

// ping keeps the member's connection alive.
func (m *Member) ping() {
	for range time.Tick(time.Minute) {
		if m.conn.WriteMessage(websocket.PingMessage, nil) != nil { // want `concurrent write to m.conn: WriteMessage may overlap WriteMessage at business.go:\d+`
			return
		}
	}
}

// DirectHub writes broadcasts straight to member conns.
type DirectHub struct {
	register  chan *Member
	broadcast chan []byte
	members   map[*Member]bool
}

// Run is racy: each registered member gets a pinger goroutine, and the
// hub goroutine then writes broadcasts to the same member conns.
func (h *DirectHub) Run() {
	for {
		select {
		case m := <-h.register:
			h.members[m] = true
			go m.ping()
		case msg := <-h.broadcast:
			for m := range h.members {
				m.conn.WriteMessage(websocket.TextMessage, msg) // want `concurrent write to m.conn: WriteMessage may overlap WriteMessage at business.go:\d+`
			}
		}
	}
}
