//go:build oracle

package oracle

import (
	"bytes"
	"context"
	"fmt"
	"go/types"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/wsconcurrent/wsconcurrent/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// twin is a racy shape the analyzer reports and its safe twin.
type twin struct {
	name       string
	racy, safe func(*websocket.Conn, int)
	racyName   string // the racy function, as the race report's stacks name it
	safeMsgs   int    // data messages the safe twin writes per call
}

var twins = []twin{
	{"Feed", FeedRacy, FeedControl, "oracle.FeedRacy", 100},
	{"PingDeadline", PingDeadlineRacy, PingDeadlineLocked, "oracle.PingDeadlineRacy", 100},
	{"Producers", ProducersRacy, ProducersOwner, "oracle.ProducersRacy", 200},
	{"RWConn", RWConnRacy, RWLockedConnSafe, "oracle.RWConnRacy", 200},
	{"HandshakeAfter", HandshakeAfterRacy, HandshakeFirst, "oracle.HandshakeAfterRacy", 101},
	{"GoStmt", GoStmtRacy, GoStmtJoined, "oracle.GoStmtRacy", 2},
	{"Errgroup", ErrgroupRacy, ErrgroupThenClose, "oracle.ErrgroupRacy", 101},
	{"CallbackAsync", CallbackAsyncRacy, CallbackSync, "oracle.CallbackAsyncRacy", 100},
}

const (
	messages = 100             // per loop of a twin
	rounds   = 3               // calls of the twin per connection
	budget   = 4 * time.Second // one drive, server and client
	childEnv = "WSCONCURRENT_ORACLE_CHILD"
)

// TestAnalyzerReportsRacyTwins: the analyzer, run in-process on this
// package's own source (twins.go's want comments: every racy twin, no
// safe one).
func TestAnalyzerReportsRacyTwins(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		t.Skip("child process")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOFLAGS", strings.TrimSpace(os.Getenv("GOFLAGS")+" -tags=oracle"))
	// Without fact export: analysistest would expect a want comment for
	// every fact.
	a := *analyzer.Analyzer
	a.Run = func(pass *analysis.Pass) (any, error) {
		p := *pass
		p.ExportObjectFact = func(types.Object, analysis.Fact) {}
		return analyzer.Analyzer.Run(&p)
	}
	analysistest.Run(t, root, &a, "./oracle")
}

// TestTwins drives every twin over a real connection: the racy one in a
// child process, where the race detector or gorilla's panic must fire in
// the twin's code; the safe one here, where it must run clean.
func TestTwins(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		t.Skip("child process")
	}
	if !raceEnabled {
		t.Fatal("the oracle needs the race detector: go test -race -tags oracle ./oracle")
	}
	for _, tw := range twins {
		t.Run(tw.name+"/racy", func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), 2*budget+5*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestChild$", "-test.v")
			cmd.Env = append(os.Environ(), childEnv+"="+tw.name, "GORACE=halt_on_error=0")
			out, err := cmd.CombinedOutput()
			if ctx.Err() != nil {
				t.Fatalf("child timed out\n%s", out)
			}
			s := string(out)
			raced := strings.Contains(s, "WARNING: DATA RACE")
			panicked := strings.Contains(s, "concurrent write to websocket connection")
			switch {
			case !raced && !panicked:
				t.Errorf("neither a data race nor gorilla's panic (err %v):\n%s", err, s)
			case !strings.Contains(s, tw.racyName):
				t.Errorf("the race is not in %s:\n%s", tw.racyName, s)
			case err == nil:
				t.Errorf("the child passed despite the race:\n%s", s)
			default:
				t.Logf("confirmed (data race: %v, gorilla panic: %v)", raced, panicked)
			}
		})
		t.Run(tw.name+"/safe", func(t *testing.T) {
			t.Parallel()
			if got, want := drive(t, tw.safe), rounds*tw.safeMsgs; got != want {
				t.Errorf("client read %d data messages, want %d", got, want)
			}
		})
	}
}

// TestChild runs one racy twin in the child process TestTwins starts.
func TestChild(t *testing.T) {
	name := os.Getenv(childEnv)
	if name == "" {
		t.Skip("run by TestTwins in a child process")
	}
	for _, tw := range twins {
		if tw.name == name {
			drive(t, tw.racy)
			return
		}
	}
	t.Fatalf("no twin %q", name)
}

// drive serves one websocket connection on 127.0.0.1 whose handler calls
// f(conn, messages) rounds times while a goroutine of its own reads (the
// client's pongs and close frame), then closes the connection cleanly. A
// client reads everything until the close, and drive returns the number
// of data messages it read. A panic in the handler, an error logged by
// the server or an unclean close fails the test.
func drive(t *testing.T, f func(*websocket.Conn, int)) int {
	t.Helper()
	var logged bytes.Buffer
	var logMu sync.Mutex
	handlerDone := make(chan any, 1)
	upgrader := websocket.Upgrader{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			handlerDone <- err
			return
		}
		defer conn.Close()
		defer func() {
			if r := recover(); r != nil {
				// With the stack, which names the twin.
				handlerDone <- fmt.Sprintf("panic: %v\n%s", r, debug.Stack())
				return
			}
			handlerDone <- nil
		}()
		conn.SetWriteDeadline(time.Now().Add(budget))
		conn.SetReadDeadline(time.Now().Add(budget))
		readerDone := make(chan struct{})
		go func() {
			// The one reader: pongs are consumed here, and the
			// client's answer to the close frame ends the loop.
			defer close(readerDone)
			for {
				if _, _, err := conn.NextReader(); err != nil {
					return
				}
			}
		}()
		for range rounds {
			f(conn, messages)
		}
		conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
		<-readerDone
	}))
	srv.Config.ErrorLog = log.New(writerFunc(func(p []byte) (int, error) {
		logMu.Lock()
		defer logMu.Unlock()
		return logged.Write(p)
	}), "", 0)
	srv.Start() // httptest listens on 127.0.0.1 only
	defer srv.Close()

	client, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	client.SetReadDeadline(time.Now().Add(budget))
	n := 0
	for {
		typ, _, err := client.ReadMessage()
		if err != nil {
			if !websocket.IsCloseError(err, websocket.CloseNormalClosure) {
				t.Errorf("client: %v", err)
			}
			break
		}
		if typ == websocket.TextMessage || typ == websocket.BinaryMessage {
			n++
		}
	}
	select {
	case r := <-handlerDone:
		if r != nil {
			t.Errorf("handler: %v", r)
		}
	case <-time.After(budget):
		buf := make([]byte, 1<<16)
		t.Fatalf("handler still running after %v\n%s", budget, buf[:runtime.Stack(buf, true)])
	}
	logMu.Lock()
	defer logMu.Unlock()
	if logged.Len() > 0 {
		t.Errorf("server logged:\n%s", logged.String())
	}
	return n
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func init() {
	// A child that hangs must not outlive its parent's budget.
	if os.Getenv(childEnv) != "" {
		time.AfterFunc(3*budget, func() {
			fmt.Fprintln(os.Stderr, "oracle child: timed out")
			os.Exit(2)
		})
	}
}
