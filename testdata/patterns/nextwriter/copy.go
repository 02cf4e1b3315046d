package nextwriter

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// The writer NextWriter returns, handed to io.Copy and fmt.Fprintf:
// they write the message through it.

type relay struct {
	mu   sync.Mutex
	conn *websocket.Conn
}

// copyShort unlocks after NextWriter: the copy, the trailer and the
// close write without the mutex.
func (r *relay) copyShort(src io.Reader) error {
	r.mu.Lock()
	w, err := r.conn.NextWriter(websocket.BinaryMessage)
	r.mu.Unlock()
	if err != nil {
		return err
	}
	io.Copy(w, src)        // want `concurrent write to w: NextWriter's writer may overlap WriteMessage`
	fmt.Fprintf(w, "done") // want `concurrent write to w: NextWriter's writer may overlap WriteMessage`
	return w.Close()       // want `concurrent write to w: NextWriter's writer may overlap WriteMessage`
}

// copyHeld holds the mutex through Close: silent.
func (r *relay) copyHeld(src io.Reader) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	w, err := r.conn.NextWriter(websocket.BinaryMessage)
	if err != nil {
		return err
	}
	io.Copy(w, src)
	fmt.Fprintf(w, "done")
	return w.Close()
}

func (r *relay) heartbeat() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.conn.WriteMessage(websocket.PingMessage, nil) // want `concurrent write to r.conn: WriteMessage may overlap NextWriter's writer`
}

func (r *relay) serve(sources <-chan io.Reader) {
	go func() {
		for range time.Tick(time.Second) {
			r.heartbeat()
		}
	}()
	for src := range sources {
		r.copyShort(src)
		r.copyHeld(src)
	}
}
