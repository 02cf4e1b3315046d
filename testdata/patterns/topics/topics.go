// Package topics: one subscriber in several containers. Each topic has
// its own publisher goroutine and its own mutex, and a subscriber joins
// as many topics as it asks for, so two publishers can write the same
// subscriber's conn at once, each under a different mutex. The fixes
// give the subscriber its own lock, or its own writer that the topics
// feed through a channel.
package topics

import (
	"net/http"
	"sync"

	"github.com/gorilla/websocket"
)

var upgrader websocket.Upgrader

type subscriber struct {
	conn *websocket.Conn
}

type topic struct {
	mu   sync.Mutex
	subs map[*subscriber]bool
	msgs chan []byte
}

// post queues m for the topic's publisher.
func (t *topic) post(m []byte) { t.msgs <- m }

func newTopic() *topic {
	t := &topic{subs: make(map[*subscriber]bool), msgs: make(chan []byte, 16)}
	go t.publish()
	return t
}

func (t *topic) publish() {
	for m := range t.msgs {
		t.mu.Lock()
		for s := range t.subs {
			s.conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to s.conn: WriteMessage may overlap itself: the goroutine started at topics.go:\d+ runs once per loop iteration`
		}
		t.mu.Unlock()
	}
}

func (t *topic) join(s *subscriber) {
	t.mu.Lock()
	t.subs[s] = true
	t.mu.Unlock()
}

type broker struct {
	mu     sync.Mutex
	topics map[string]*topic
}

func (b *broker) topic(name string) *topic {
	b.mu.Lock()
	defer b.mu.Unlock()
	t, ok := b.topics[name]
	if !ok {
		t = newTopic()
		b.topics[name] = t
	}
	return t
}

// serve files one subscriber in every topic it names.
func (b *broker) serve(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s := &subscriber{conn: conn}
	for {
		_, name, err := conn.ReadMessage()
		if err != nil {
			return
		}
		b.topic(string(name)).join(s)
	}
}

func Serve() {
	b := &broker{topics: make(map[string]*topic)}
	http.HandleFunc("/sub", b.serve)
}

// Two fixed feeds, and every reader follows both: the two publishers
// write the same conn, each under its own feed's mutex.
type feed struct {
	mu      sync.Mutex
	readers []*subscriber
	msgs    chan []byte
}

// post queues m for the feed's publisher.
func (f *feed) post(m []byte) { f.msgs <- m }

func newFeed() *feed {
	f := &feed{msgs: make(chan []byte, 16)}
	go f.publish()
	return f
}

func (f *feed) publish() {
	for m := range f.msgs {
		f.mu.Lock()
		for _, s := range f.readers {
			s.conn.WriteMessage(websocket.TextMessage, m) // want `concurrent write to s.conn: WriteMessage may overlap itself, reached from topics.go:\d+:\d+ and topics.go:\d+:\d+ \(goroutine started at topics.go:\d+\)`
		}
		f.mu.Unlock()
	}
}

func (f *feed) follow(s *subscriber) {
	f.mu.Lock()
	f.readers = append(f.readers, s)
	f.mu.Unlock()
}

type feeds struct {
	news, sports *feed
}

func newFeeds() *feeds {
	return &feeds{news: newFeed(), sports: newFeed()}
}

func (fs *feeds) serve(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	s := &subscriber{conn: conn}
	fs.news.follow(s)
	fs.sports.follow(s)
}

// Every conn a listener accepts joins every channel: the channels'
// publishers write each conn, the inner loop filing one conn in each.
type channel struct {
	mu      sync.Mutex
	members map[*websocket.Conn]bool
	msgs    chan []byte
}

// post queues m for the channel's publisher.
func (ch *channel) post(m []byte) { ch.msgs <- m }

func (ch *channel) publish() {
	for m := range ch.msgs {
		ch.mu.Lock()
		for c := range ch.members {
			c.WriteMessage(websocket.TextMessage, m) // want `concurrent write to c: WriteMessage may overlap itself: the goroutine started at topics.go:\d+ runs once per loop iteration`
		}
		ch.mu.Unlock()
	}
}

func (ch *channel) add(c *websocket.Conn) {
	ch.mu.Lock()
	ch.members[c] = true
	ch.mu.Unlock()
}

func serveChannels(names []string, conns <-chan *websocket.Conn) {
	var all []*channel
	for range names {
		ch := &channel{members: make(map[*websocket.Conn]bool), msgs: make(chan []byte, 16)}
		go ch.publish()
		all = append(all, ch)
	}
	for c := range conns {
		for _, ch := range all {
			ch.add(c)
		}
	}
}
