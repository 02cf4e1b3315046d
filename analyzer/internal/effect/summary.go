package effect

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
)

// A publication says that a function stores the value of its parameter
// where others can reach it, under the name p (in its terms).
type Publication struct {
	Param   int
	FreeVar bool // param is a free variable's index
	// result: param is the index of a result, a value the function
	// made or got, published and then returned (newClient filing the
	// client it returns in the registry).
	Result bool
	Path   paths.Path
}

// A funcField is what the function value a function stores in a field
// of the struct it returns does when called, in the function's terms.
type FuncField struct {
	Result int
	// Field names the field, or a field of a struct held in a field
	// ("codec.decode": a constructor that embeds what another
	// constructor of the package returned).
	Field string
	Accs  []Access
	// Bound is where the field's value is a method value
	// (ws.SetCompressionLevel): its accesses are sited there, and
	// belong at each call of the field instead (RetargetBound).
	Bound token.Pos
	// Param, when positive, says the field holds the function's
	// parameter Param-1 (newCodec(encode, decode) filling its fields
	// with them): a caller runs the argument it passed. Accs is then
	// empty.
	Param int
}

// RetargetBound moves the accesses a method value makes, sited at the
// method value (bound), to the call of the function value that runs it
// (site), as its conn is named there.
func RetargetBound(accs []Access, bound, site token.Pos) {
	if !bound.IsValid() || !site.IsValid() {
		return
	}
	for i := range accs {
		if accs[i].Site == bound {
			accs[i].Site, accs[i].ConnText = site, ""
			accs[i].Chain = slices.DeleteFunc(slices.Clone(accs[i].Chain), func(h Hop) bool { return h.Pos == bound })
			if c := accs[i].Conn; c.Root.Kind != paths.RootLocal || c.Root.Source {
				accs[i].ConnText = c.String()
			}
		}
	}
}

// A ResultMethod is what method Name of the type Type (a type key)
// does, for callers that cannot see the type.
type ResultMethod struct {
	Result int
	Type   string
	Name   string
	Sum    *Summary
}

// An Install is a ping, pong or close handler a function installs on
// the conn it is given as parameter Param, or returns as result Param
// (Result): Accs are what the handler does to that conn (paths rooted at
// parameter 0 with no selection stand for it) and to globals.
type Install struct {
	Param  int
	Result bool
	Accs   []Access
}

// A returnField says that result of the function is a struct it
// allocated whose field holds p (NewClient returns &Client{conn: conn}).
type ReturnField struct {
	Result int
	Field  string
	Path   paths.Path
}

// A summary is what a function does to connections and locks, in terms
// its callers can translate (parameters, free variables, globals).
type Summary struct {
	Accesses []Access
	// acquires are the locks held on return that were not held on
	// entry (a lock() helper); releases are locks released that were
	// held on entry (an unlock() helper).
	Acquires lockset.Set
	Releases []paths.Path
	// signals are what the function does as its last act to say it is
	// done (wg.Done(), close(ch)), for a spawner that waits for it.
	Signals []Signal
	// returns are, per result, the paths every return statement
	// agrees the result denotes (a getter returning s.conn).
	Returns [][]paths.Path
	// returnFields describe structs the function builds and returns.
	ReturnFields []ReturnField
	// callbacks are the calls of function values the function was
	// given (see callback.go).
	Callbacks []Callback
	// spawnsOnSuccess: every goroutine the function starts is started
	// on a path that returns a nil error (see success.go).
	SpawnsOnSuccess bool
	// fresh says, per result, whether the function returns an object
	// it allocated (a constructor), on every path.
	Fresh []bool
	// renews are the locations the function stores a value of its own
	// making into (a reconnect storing the conn it just dialled).
	Renews []paths.Path
	// publishes are the names the function gives its parameters'
	// values by storing them where others can reach them (a helper
	// that registers the conn it is given: hub.add(conn)).
	Publishes []Publication
	// sends are the channels the function, its callees and the
	// goroutines it starts may send on or close (join.go).
	Sends []paths.Path
	// typeStores are the typed values the function stores where its
	// callers can see them (dyntypes.go); set for imported summaries
	// and for export.
	TypeStores []TypeStore
	// returnElems are, per result, the container whose elements the
	// map or slice it returns copies (a snapshot getter; copies.go).
	ReturnElems [][]paths.Path
	// installs are the handlers the function installs on a conn its
	// caller gave it or gets back (connhandlers.go); set for export.
	Installs []Install
	// ResultMethods are the summaries of the exported methods of the
	// unexported types a result holds (NewConnection returning its
	// *connection as a Connection): export data does not carry such a
	// type, so an importer under go vet could not find its methods.
	// Set for export.
	ResultMethods []ResultMethod
	// Name names the function a summary not of an SSA function stands
	// for (a ResultMethod's), in messages.
	Name string
	// funcResults are, per result, what the function value it returns
	// does when called (a handler factory returning a closure), in this
	// function's terms (funcresults.go).
	FuncResults [][]Access
	// funcFields are what the function values in the fields of the
	// structs it returns do when called (funcresults.go).
	FuncFields []FuncField
	// Variants are the function's summaries under what its caller
	// knows of the flags it tests, by context key (package flags); set
	// for imported summaries and for export.
	Variants map[string]*Summary
}

var EmptySummary = &Summary{}

// Canonical renders a summary for comparison.
func (s *Summary) Canonical() string {
	var b strings.Builder
	keys := make([]string, 0, len(s.Accesses))
	for _, a := range s.Accesses {
		keys = append(keys, a.DedupKey())
	}
	slices.Sort(keys)
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte(';')
	}
	fmt.Fprintf(&b, "|%s|%d|%d|%d|%d", s.Acquires, len(s.Releases), len(s.Signals), len(s.Returns), len(s.Sends))
	for _, cb := range s.Callbacks {
		fmt.Fprintf(&b, "|%s|%v", cb.key(), cb.Concurrent)
	}
	return b.String()
}
