package joins

import (
	"errors"

	"github.com/gorilla/websocket"
)

// A function that starts a writer and waits for it only on the path that
// returns a nil error: its callers' code that runs only after success
// runs after the writer; code that also runs after a failure does not.

func prepare(n int) error {
	if n < 0 {
		return errors.New("negative")
	}
	return nil
}

func upload(ws *websocket.Conn, n int) error {
	done := make(chan struct{})
	go func() {
		defer close(done)
		ws.WriteMessage(websocket.BinaryMessage, []byte("data")) // want `concurrent write to ws: WriteMessage may overlap WriteMessage`
	}()
	if err := prepare(n); err != nil {
		return err // the writer is left running
	}
	<-done
	return nil
}

// finishAfterSuccess writes only once upload succeeded. Silent.
func finishAfterSuccess(ws *websocket.Conn, n int) error {
	if err := upload(ws, n); err != nil {
		return err
	}
	return ws.WriteMessage(websocket.TextMessage, []byte("done"))
}

// finishAnyway writes the trailer after a failure too. Reported.
func finishAnyway(ws *websocket.Conn, n int) error {
	err := upload(ws, n)
	ws.WriteMessage(websocket.TextMessage, []byte("done")) // want `concurrent write to ws: WriteMessage may overlap WriteMessage`
	return err
}

// startUpload starts the writer and returns the channel it closes when
// it is done.
func startUpload(ws *websocket.Conn) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		ws.WriteMessage(websocket.BinaryMessage, []byte("data2"))
	}()
	return done
}

// uploadVia waits on the helper's channel, on success only.
func uploadVia(ws *websocket.Conn, n int) error {
	done := startUpload(ws)
	if err := prepare(n); err != nil {
		return err
	}
	<-done
	return nil
}

// finishViaAfterSuccess writes only once uploadVia succeeded. Silent.
func finishViaAfterSuccess(ws *websocket.Conn, n int) error {
	if err := uploadVia(ws, n); err != nil {
		return err
	}
	return ws.WriteMessage(websocket.TextMessage, []byte("done"))
}

// mirrorOut reports the writer's error on the channel, then closes it:
// a receive of either comes after the write.
func mirrorOut(ws *websocket.Conn) chan error {
	ch := make(chan error, 1)
	go func() {
		err := ws.WriteMessage(websocket.BinaryMessage, []byte("data3")) // want `concurrent write to ws: WriteMessage may overlap WriteMessage`
		ch <- err
		close(ch)
	}()
	return ch
}

// finishMirrored waits for the report before its trailer. Silent.
func finishMirrored(ws *websocket.Conn) error {
	if err := <-mirrorOut(ws); err != nil {
		return err
	}
	return ws.WriteMessage(websocket.TextMessage, []byte("done"))
}

// finishEarly writes its trailer before it waits. Reported.
func finishEarly(ws *websocket.Conn) error {
	ch := mirrorOut(ws)
	ws.WriteMessage(websocket.TextMessage, []byte("early")) // want `concurrent write to ws: WriteMessage may overlap WriteMessage`
	return <-ch
}
