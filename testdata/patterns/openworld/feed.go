package openworld

import (
	"time"

	"github.com/gorilla/websocket"
)

// Feed's Start reads in a goroutine (Run, in a loop) and pings until the
// ping fails; then it returns with the reader still reading. Run is what
// that goroutine runs: users start it with Start, and do not call Run
// beside it (see goroutinebody), so nothing is reported.
type Feed struct {
	conn *websocket.Conn
}

func (f *Feed) Start() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if err := f.Run(); err != nil {
				return
			}
		}
	}()
	for {
		select {
		case <-done:
			return
		case <-time.After(time.Second):
			if err := f.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second)); err != nil {
				return
			}
		}
	}
}

func (f *Feed) Run() error {
	_, _, err := f.conn.ReadMessage()
	return err
}

// JoinedFeed closes the conn and waits for its reader before Start
// returns: nothing is left running.
type JoinedFeed struct {
	conn *websocket.Conn
}

func (f *JoinedFeed) Start() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if err := f.Run(); err != nil {
				return
			}
		}
	}()
	for {
		select {
		case <-done:
			return
		case <-time.After(time.Second):
			if err := f.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second)); err != nil {
				f.conn.Close()
				<-done
				return
			}
		}
	}
}

func (f *JoinedFeed) Run() error {
	_, _, err := f.conn.ReadMessage()
	return err
}
