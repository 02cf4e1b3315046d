// Package readerchain: one reader at a time, handed over through
// channels. Each reader signals as its last act (it sends what it read,
// or closes the channel when the read fails, or reports the failure on
// another channel); the loop that receives the signal starts the next
// one. Code the loop runs after such a receive is ordered after the
// reader that sent it.
package readerchain

import (
	"io"
	"time"

	"github.com/gorilla/websocket"
)

// peer is correct: readers never overlap, and the resets between
// generations run after the last reader ended.
type peer struct {
	conn     *websocket.Conn
	incoming chan io.Reader
	failed   chan error
}

// readOne reads one message and hands it to the loop, or closes incoming
// when the read fails: every path ends with a signal on incoming.
func (p *peer) readOne() {
	_, r, err := p.conn.NextReader()
	if err != nil {
		close(p.incoming)
		return
	}
	p.incoming <- r
}

// consume drains the message; on failure it reports it on failed,
// otherwise it starts the next reader: one of the two ends every path.
func (p *peer) consume(r io.Reader) {
	if _, err := io.ReadAll(r); err != nil {
		p.failed <- err
		return
	}
	go p.readOne()
}

func (p *peer) serve(timeout time.Duration) {
	p.incoming = make(chan io.Reader)
	p.failed = make(chan error, 1)
	go p.readOne()
	for {
		select {
		case r, ok := <-p.incoming:
			if !ok {
				return
			}
			go p.consume(r)
		case <-p.failed:
			// The chain is over: only consume sends on failed,
			// and only instead of starting a reader.
			p.conn.SetReadDeadline(time.Now().Add(timeout))
			go p.readOne()
		}
	}
}

// leakyPeer is the same chain with a keep-alive that resets the read
// deadline from the loop whenever a pong arrives: the loop does that
// while the current reader is in NextReader.
type leakyPeer struct {
	conn     *websocket.Conn
	incoming chan io.Reader
	pongs    chan struct{}
}

func (p *leakyPeer) readOne() {
	_, r, err := p.conn.NextReader() // want `concurrent read from p.conn: NextReader may overlap SetReadDeadline at readerchain.go:96 \(goroutine started at readerchain.go:86\)`
	if err != nil {
		close(p.incoming)
		return
	}
	p.incoming <- r
}

func (p *leakyPeer) serve(timeout time.Duration) {
	p.incoming = make(chan io.Reader)
	p.pongs = make(chan struct{}, 1)
	go p.readOne()
	for {
		select {
		case r, ok := <-p.incoming:
			if !ok {
				return
			}
			io.Copy(io.Discard, r)
			go p.readOne()
		case <-p.pongs:
			p.conn.SetReadDeadline(time.Now().Add(timeout)) // want `concurrent read from p.conn: SetReadDeadline may overlap NextReader at readerchain.go:75 \(goroutine started at readerchain.go:86\)`
		}
	}
}

// poll starts a one-shot reader per iteration and waits for it in a
// select before the next: the only way to the next iteration is through
// the done case, so readers never overlap.
func poll(conn *websocket.Conn, quit <-chan struct{}) {
	for {
		done := make(chan struct{})
		go func() {
			conn.ReadMessage()
			close(done)
		}()
		select {
		case <-done:
		case <-quit:
			return
		}
	}
}

// pollImpatient gives up waiting after a second and starts the next
// reader anyway: two readers may then read at once.
func pollImpatient(conn *websocket.Conn, quit <-chan struct{}) {
	for {
		done := make(chan struct{})
		go func() {
			conn.ReadMessage() // want `concurrent read from conn: ReadMessage may overlap itself: the goroutine started at readerchain.go:124 runs once per loop iteration`
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(time.Second):
		case <-quit:
			return
		}
	}
}
