// Package frameapp writes frames framelib hands out: outside the
// stream's mutex they overlap its pinger.
package frameapp

import (
	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/framelib"
)

func send(conn *websocket.Conn, msg []byte) error {
	s := framelib.NewStream(conn) // want `concurrent write to conn: NewStream \(WriteMessage at framelib.go:\d+\) may overlap NextWriter's writer at frameapp.go:\d+`
	w, err := s.Frame()
	if err != nil {
		return err
	}
	w.Write(msg)     // want `concurrent write to w: NextWriter's writer may overlap`
	return w.Close() // want `concurrent write to w: NextWriter's writer may overlap`
}

// sendLocked holds the stream's mutex until the frame is closed: silent.
func sendLocked(conn *websocket.Conn, msg []byte) error {
	s := framelib.NewStream(conn)
	s.Lock()
	defer s.Unlock()
	w, err := s.Frame()
	if err != nil {
		return err
	}
	w.Write(msg)
	return w.Close()
}
