package analyzer_test

import (
	"path/filepath"
	"testing"

	"github.com/wsconcurrent/wsconcurrent/analyzer"
	"github.com/wsconcurrent/wsconcurrent/internal/testenv"
	"golang.org/x/tools/go/analysis/analysistest"
)

// root is the module root: the testdata packages live in this module and
// use the gorilla/websocket version it requires (the real module, not a
// stub), loaded in module mode.
var root, _ = filepath.Abs("..")

func run(t *testing.T, pkgs ...string) {
	t.Helper()
	for i, p := range pkgs {
		pkgs[i] = "./testdata/" + p
	}
	analysistest.Run(t, root, analyzer.SinglePackage, pkgs...)
}

// TestFrameworks checks the routers, pools and schedulers whose modules
// this module does not require (gin, fiber and fiber's websocket
// middleware, ants, cron), in a module of their own.
func TestFrameworks(t *testing.T) {
	dir := testenv.FrameworksModule(t)
	analysistest.Run(t, dir, analyzer.SinglePackage, "./gin", "./fiber", "./workers", "./echo", "./httprouter")
}

// TestExample checks the bundled example the README runs.
func TestExample(t *testing.T) { run(t, "example") }

// TestPatterns checks one testdata package per pattern; each holds the
// racy version (with // want comments) next to the safe near-misses.
func TestPatterns(t *testing.T) {
	var pkgs []string
	for _, p := range []string{
		"ping",              // heartbeat goroutines: WriteMessage(PingMessage) vs WriteControl
		"business",          // several goroutines on one conn; goroutines in loops; per-iteration conns
		"safeconn",          // mutexes: wrappers, RWMutex, two mutexes, early unlock, branches, embedding, caller locks, TryLock
		"writerqueue",       // one owning writer goroutine; select loops; hand-over before go; gated goroutines
		"chat",              // gorilla's chat example shape: must stay silent
		"identity",          // the same conn through parameters, closures, fields, embedding, globals, getters, maps
		"gostmt",            // goroutine kinds: literals, named funcs, methods, method values, bound conn methods
		"reads",             // the read side
		"joins",             // WaitGroup.Wait and done channels order the spawner after the goroutine
		"handlers",          // ping/pong/close handlers run on the reading goroutine
		"spawners",          // errgroup, WaitGroup.Go, time.AfterFunc, net/http handlers
		"runners",           // functions filed with a loop of the package, run later on its goroutine
		"interfaces",        // writes through interfaces, resolved to the implementations in sight
		"adapters",          // an interface that holds a websocket adapter where the value can be one
		"adapters/tcponly",  // the same conversions, every racing call on a TCP conn: silent
		"readerchain",       // one reader at a time, handed over through channels and select cases
		"fieldfuncs",        // a lock held around the call of a function value kept in a field
		"published",         // a request's own conn, also published in a package-level variable
		"openworld",         // goroutines an exported method leaves running, against the other exported methods
		"goroutinebody",     // an exported method the package runs as a goroutine is that goroutine, not an entry point beside it
		"twoobjects",        // two constructors' objects are two objects; a conn both reach through the package is shared
		"stophandshake",     // an unbuffered stop send meets the old loop at its last act; buffered, or written after, it races
		"codecs",            // a codec whose decode function is its constructor's parameter, filled with a conn's method value by the constructor of the codec embedding it
		"closedonly",        // the body of a range over a channel only ever closed never runs; one sent on, or handed on, runs it
		"netconn",           // a type implementing net.Conn: two of its methods run at once unless one mutex excludes them; not a net.Conn, not assumed
		"locktable",         // a mutex per conn in a map keyed by the conn: the entry for the conn written is one mutex; another entry, or none, races
		"handed",            // an object handed to a callback users set: its exported methods may be called from then on, beside the goroutines left writing; locked, queued, or handed to the package's own callback, silent
		"listeners",         // functions stored in a container field and started per event with go: they overlap themselves and the entry points; handed to a writer, or called in place, they do not
		"constructors",      // goroutines a constructor leaves running on the object it returns, against its methods
		"guarded",           // a conn field written under a mutex somewhere, and without it elsewhere
		"guarded/listeners", // subscribers appended by value under the registry mutex, notified without it
		"guarded/adapter",   // an adapter for an interface another package declares and writes from two goroutines
		"guarded/timer",     // a mutex the package's own timer goroutine takes around something else: not evidence of concurrent writers
		"routers",           // handlers registered with gorilla/mux and chi serve requests concurrently
		"registry",          // a conn registered through a helper, from a closure too, reached by a broadcast
		"topics",            // one subscriber in several topics, each with its publisher goroutine and its mutex
		"topics/pubsub",     // the same in a library: topics users create, a subscriber filed in several by JoinAll
		"hub",               // clients sent to a hub goroutine on a channel and filed in its registry; the send-channel fix
		"hub/jointopics",    // members joined over each topic goroutine's channel and kept in its local slice: one conn in two topics; queued members, or one topic, are silent
		"hub/twohubs",       // one member sent to two hub goroutines, each filing it in its own registry; a member mutex, or one hub, is silent
		"snapshots",         // comma-ok lookups, registry copies under the lock, decoders from a method value
		"pools",             // tasks sent on a channel to worker goroutines: a pool overlaps its tasks, one worker runs them in turn
		"forwarder",         // a forwarding wrapper written under the socket's mutex by some methods, not by Ping
		"forwarder/fixed",   // the fix: every write through the locked path
		"shaped",            // a fork of gorilla's Conn recognised by its API; a look-alike that is not one
		"nextwriter",        // NextWriter's writer writes until Close: a lock must cover it
		"callbacks",         // function values run under the callee's lock or on its goroutine
		"funcvalues",        // function values behind named func types, interfaces, adapter structs and helpers that know only the interface
		"restart",           // a panic-restart wrapper: its function on its goroutine, restarted only after the old one ended
		"robust",            // generics, recursion (fixed point), go in defer, recover
		"lifecycle",         // writers restarted after the old one's last-act signal, however deep; on a timer, racy
		"flags",             // a flag that decides whether a connect method starts goroutines
		"reconnect",         // conns replaced in a field on reconnect; constructors that start goroutines
		"containers",        // mutexes reached through container elements; receivers that may be one of two values
		"suppress",          // //wsconcurrent:ignore <reason> on a line or a function
		"forks",             // fasthttp/websocket keeps gorilla's contract; coder, nhooyr and x/net allow concurrent writes
	} {
		pkgs = append(pkgs, "patterns/"+p)
	}
	// One load for all: the packages share gorilla/websocket and the
	// standard library, type-checked once instead of once per pattern
	// (8 s instead of 100 s of CPU). A failure names its file and line.
	run(t, pkgs...)
}

// TestFacts checks summaries crossing a package boundary: the facts
// wshelper exports (want-comments on its declarations) and the findings
// at the calls in app.
func TestFacts(t *testing.T) {
	analysistest.Run(t, root, analyzer.Analyzer, "./testdata/patterns/facts/wshelper", "./testdata/patterns/facts/app", "./testdata/patterns/facts/feed", "./testdata/patterns/facts/ticker", "./testdata/patterns/facts/netclient", "./testdata/patterns/facts/netclientuse", "./testdata/patterns/facts/timeoutconn", "./testdata/patterns/facts/timeoutuse", "./testdata/patterns/facts/dialer", "./testdata/patterns/facts/dialeruse", "./testdata/patterns/facts/wrapper", "./testdata/patterns/facts/wrapperuse", "./testdata/patterns/facts/transport", "./testdata/patterns/facts/transportws", "./testdata/patterns/facts/transportapp", "./testdata/patterns/facts/pubsublib", "./testdata/patterns/facts/pubsubapp", "./testdata/patterns/facts/pubsubone", "./testdata/patterns/facts/sinklib", "./testdata/patterns/facts/hublib", "./testdata/patterns/facts/sinkapp", "./testdata/patterns/facts/ttylib", "./testdata/patterns/facts/ttyapp", "./testdata/patterns/facts/keepalive", "./testdata/patterns/facts/keepaliveapp", "./testdata/patterns/facts/sessionlib", "./testdata/patterns/facts/sessionserver", "./testdata/patterns/facts/registrylib", "./testdata/patterns/facts/registryapp", "./testdata/patterns/facts/replylib", "./testdata/patterns/facts/replyapp", "./testdata/patterns/facts/connlib", "./testdata/patterns/facts/connapp", "./testdata/patterns/facts/codeclib", "./testdata/patterns/facts/codecapp", "./testdata/patterns/facts/wheellib", "./testdata/patterns/facts/wheelapp", "./testdata/patterns/facts/framelib", "./testdata/patterns/facts/frameapp", "./testdata/patterns/facts/keyedlib", "./testdata/patterns/facts/keyedapp", "./testdata/patterns/facts/hublib2", "./testdata/patterns/facts/hubapp", "./testdata/patterns/facts/agentlib", "./testdata/patterns/facts/peerlib", "./testdata/patterns/facts/signalapp", "./testdata/patterns/facts/flaglib", "./testdata/patterns/facts/flagapp")
}

// TestInternalFork checks -conntypes: a type of the user's own, named by
// import path and type name, is checked like gorilla's Conn.
func TestInternalFork(t *testing.T) {
	const flag = "conntypes"
	f := analyzer.Analyzer.Flags.Lookup(flag)
	old := f.Value.String()
	if err := f.Value.Set("github.com/wsconcurrent/wsconcurrent/testdata/patterns/internalfork/ws.Conn"); err != nil {
		t.Fatal(err)
	}
	defer f.Value.Set(old)
	run(t, "patterns/internalfork")
}

// TestSuggestedFixes applies the fixes and compares with the .golden
// files.
func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, root, analyzer.SinglePackage, "./testdata/patterns/fixes")
}
