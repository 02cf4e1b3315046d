// Package flagapp uses flaglib's client as a command-line tool does: it
// restores a saved description when it starts, keeps the client in a package
// variable behind an interface, and connects with fallbacks.
package flagapp

import "github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/flaglib"

type client interface {
	Connect() error
	Send(msg []byte) error
	Restore(saved []byte) error
}

var cli client

// setup leaves cli ready when it returns nil.
func setup(url string, saved []byte) error {
	c := flaglib.New(url)
	cli = c
	if err := c.Restore(saved); err != nil {
		return err
	}
	return nil
}

// Start is silent: tryConnect runs only after setup returned nil, so
// cli is ready and Connect loads nothing.
func Start(url string, saved []byte) error { // want Start:`flags\(stores .*Client.ready\)` Start:`summary\(write WriteMessage`
	err := setup(url, saved)
	if err != nil {
		return err
	}
	return tryConnect()
}

func tryConnect() error {
	if err := cli.Connect(); err != nil {
		return cli.Send([]byte("bye"))
	}
	return nil
}

// Fresh races: a new client is not ready, so a failed Connect may leave
// the pinger beside the goodbye.
func Fresh(url string) error { // want Fresh:`flags\(stores .*Client.ready\)`
	c := flaglib.New(url)
	if err := c.Connect(); err != nil { // want `concurrent write to c.conn: Connect \(WriteMessage at flaglib.go:28\) may overlap Send \(WriteMessage at flaglib.go:80\) at flagapp.go:48`
		return c.Send([]byte("bye")) // want `concurrent write to c.conn: Send \(WriteMessage at flaglib.go:80\) may overlap Connect`
	}
	return nil
}

var loaded client

// load leaves loaded ready when it returns nil; Load stops its pinger
// before it returns nil.
func load(url string) error {
	c := flaglib.New(url)
	loaded = c
	if err := c.Load(); err != nil {
		return err
	}
	return nil
}

// StartLoaded is silent: retry runs only after load returned nil, when
// Load's pinger is over and loaded is ready.
func StartLoaded(url string) error { // want StartLoaded:`flags\(stores .*Client.ready\)` StartLoaded:`summary\(write WriteMessage\(g:.*loaded!own.conn!own\); go write`
	if err := load(url); err != nil {
		return err
	}
	return retry()
}

func retry() error {
	if err := loaded.Connect(); err != nil {
		return loaded.Send([]byte("bye"))
	}
	return nil
}

// session keeps its client in a field of interface type.
type session struct {
	c client
}

func newSession(url string) *session { return &session{c: flaglib.New(url)} }

// resume is silent: Restore returned nil, so the client in the field is
// ready.
func (s *session) resume(saved []byte) error {
	if err := s.c.Restore(saved); err != nil {
		return err
	}
	if err := s.c.Connect(); err != nil {
		return s.c.Send([]byte("bye"))
	}
	return nil
}

// fresh races: nothing says the client in the field is ready.
func (s *session) fresh() error {
	if err := s.c.Connect(); err != nil { // want `concurrent write to s.c.conn: Connect \(WriteMessage at flaglib.go:28\) may overlap Send`
		return s.c.Send([]byte("bye")) // want `concurrent write to s.c.conn: Send \(WriteMessage at flaglib.go:80\) may overlap Connect`
	}
	return nil
}
