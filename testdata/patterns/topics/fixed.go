package topics

import (
	"net/http"
	"sync"

	"github.com/gorilla/websocket"
)

// The first fix: the subscriber's own mutex around every write, whichever
// topic's publisher makes it.
type lockedSubscriber struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

func (s *lockedSubscriber) write(m []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.WriteMessage(websocket.TextMessage, m)
}

type lockedTopic struct {
	mu   sync.Mutex
	subs map[*lockedSubscriber]bool
	msgs chan []byte
}

func newLockedTopic() *lockedTopic {
	t := &lockedTopic{subs: make(map[*lockedSubscriber]bool), msgs: make(chan []byte, 16)}
	go t.publish()
	return t
}

func (t *lockedTopic) publish() {
	for m := range t.msgs {
		t.mu.Lock()
		for s := range t.subs {
			s.write(m)
		}
		t.mu.Unlock()
	}
}

func (t *lockedTopic) join(s *lockedSubscriber) {
	t.mu.Lock()
	t.subs[s] = true
	t.mu.Unlock()
}

type lockedBroker struct {
	mu     sync.Mutex
	topics map[string]*lockedTopic
}

func (b *lockedBroker) topic(name string) *lockedTopic {
	b.mu.Lock()
	defer b.mu.Unlock()
	t, ok := b.topics[name]
	if !ok {
		t = newLockedTopic()
		b.topics[name] = t
	}
	return t
}

func (b *lockedBroker) serve(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s := &lockedSubscriber{conn: conn}
	for {
		_, name, err := conn.ReadMessage()
		if err != nil {
			return
		}
		b.topic(string(name)).join(s)
	}
}

// The second fix: the subscriber's own writer goroutine owns the conn,
// and the topics queue on its channel.
type queuedSubscriber struct {
	conn *websocket.Conn
	send chan []byte
}

func (s *queuedSubscriber) writePump() {
	for m := range s.send {
		s.conn.WriteMessage(websocket.TextMessage, m)
	}
}

type queuedTopic struct {
	mu   sync.Mutex
	subs []*queuedSubscriber
	msgs chan []byte
}

func newQueuedTopic() *queuedTopic {
	t := &queuedTopic{msgs: make(chan []byte, 16)}
	go t.publish()
	return t
}

func (t *queuedTopic) publish() {
	for m := range t.msgs {
		t.mu.Lock()
		for _, s := range t.subs {
			select {
			case s.send <- m:
			default:
			}
		}
		t.mu.Unlock()
	}
}

func (t *queuedTopic) join(s *queuedSubscriber) {
	t.mu.Lock()
	t.subs = append(t.subs, s)
	t.mu.Unlock()
}

func serveQueued(topics []*queuedTopic, w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s := &queuedSubscriber{conn: conn, send: make(chan []byte, 16)}
	go s.writePump()
	for _, t := range topics {
		t.join(s)
	}
}

// A near miss: each subscriber joins the one topic its request names, so
// one publisher writes each conn (under that topic's mutex).
type room struct {
	mu      sync.Mutex
	members map[*websocket.Conn]bool
	msgs    chan []byte
}

func newRoom() *room {
	rm := &room{members: make(map[*websocket.Conn]bool), msgs: make(chan []byte, 16)}
	go rm.publish()
	return rm
}

func (rm *room) publish() {
	for m := range rm.msgs {
		rm.mu.Lock()
		for c := range rm.members {
			c.WriteMessage(websocket.TextMessage, m)
		}
		rm.mu.Unlock()
	}
}

func (rm *room) enter(c *websocket.Conn) {
	rm.mu.Lock()
	rm.members[c] = true
	rm.mu.Unlock()
}

type lobby struct {
	mu    sync.Mutex
	rooms map[string]*room
}

func (l *lobby) room(name string) *room {
	l.mu.Lock()
	defer l.mu.Unlock()
	rm, ok := l.rooms[name]
	if !ok {
		rm = newRoom()
		l.rooms[name] = rm
	}
	return rm
}

func (l *lobby) serve(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	l.room(r.URL.Query().Get("room")).enter(conn)
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
	}
}

func ServeRooms() {
	l := &lobby{rooms: make(map[string]*room)}
	http.HandleFunc("/room", l.serve)
}

// A near miss: a reader follows one feed or the other, never both.
type quietFeed struct {
	mu      sync.Mutex
	readers []*websocket.Conn
	msgs    chan []byte
}

func newQuietFeed() *quietFeed {
	f := &quietFeed{msgs: make(chan []byte, 16)}
	go f.publish()
	return f
}

func (f *quietFeed) publish() {
	for m := range f.msgs {
		f.mu.Lock()
		for _, c := range f.readers {
			c.WriteMessage(websocket.TextMessage, m)
		}
		f.mu.Unlock()
	}
}

func (f *quietFeed) follow(c *websocket.Conn) {
	f.mu.Lock()
	f.readers = append(f.readers, c)
	f.mu.Unlock()
}

type choice struct {
	news, sports *quietFeed
}

func newChoice() *choice {
	return &choice{news: newQuietFeed(), sports: newQuietFeed()}
}

func (ch *choice) serve(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	if r.URL.Query().Get("feed") == "news" {
		ch.news.follow(conn)
	} else {
		ch.sports.follow(conn)
	}
}
