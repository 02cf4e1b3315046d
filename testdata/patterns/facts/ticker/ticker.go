// Package ticker imports no websocket package, directly or through the
// types it uses: feed's facts are all that tell the analyzer that
// feed.Publish writes to a connection.
package ticker

import (
	"time"

	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/feed"
)

func twoPublishers(events <-chan string) {
	go func() {
		for range time.Tick(time.Second) {
			feed.Publish("tick") // want `concurrent write to conn: Publish \(WriteMessage at \w+\.go:\d+\) may overlap Publish \(WriteMessage at \w+\.go:\d+\) at ticker\.go:19`
		}
	}()
	for ev := range events {
		feed.Publish(ev) // want `concurrent write to conn: Publish \(WriteMessage at \w+\.go:\d+\) may overlap Publish \(WriteMessage at \w+\.go:\d+\) at ticker\.go:15`
	}
}

// lockedPublishers is the near miss: PublishLocked holds feed's mutex.
func lockedPublishers(events <-chan string) {
	go func() {
		for range time.Tick(time.Second) {
			feed.PublishLocked("tick")
		}
	}()
	for ev := range events {
		feed.PublishLocked(ev)
	}
}
