package contract

import (
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
	"golang.org/x/tools/go/ssa"
)

// A Spawner is a function or method that runs its function argument on
// a new goroutine.
type Spawner struct {
	Pkg, Recv, Name string // recv is "" for package-level functions
	// fn is the index of the function argument, not counting the
	// receiver.
	Fn int
	// many: the function runs on any number of goroutines at once
	// (an HTTP handler serves requests concurrently), so it overlaps
	// itself even when registered once.
	Many bool
	// join is the method of the same receiver that waits for the
	// goroutines it started ("" when nothing does).
	Join string
	// pool: the function is a task for a pool of goroutines, which
	// runs it beside the tasks submitted before and after, by other
	// calls of the same function too (pools.go).
	Pool bool
	// Loop, when set, names the loop of the function's package that
	// runs the argument later (runners): its tasks, whichever call
	// handed them over; serial, they run one at a time there.
	Loop   string
	Serial bool
}

var Spawners = []Spawner{
	{Pkg: "golang.org/x/sync/errgroup", Recv: "Group", Name: "Go", Fn: 0, Join: "Wait"},
	{Pkg: "golang.org/x/sync/errgroup", Recv: "Group", Name: "TryGo", Fn: 0, Join: "Wait"},
	{Pkg: "sync", Recv: "WaitGroup", Name: "Go", Fn: 0, Join: "Wait"},
	{Pkg: "time", Name: "AfterFunc", Fn: 1},
	{Pkg: "net/http", Name: "HandleFunc", Fn: 1, Many: true},
	{Pkg: "net/http", Name: "Handle", Fn: 1, Many: true},
	{Pkg: "net/http", Recv: "ServeMux", Name: "HandleFunc", Fn: 1, Many: true},
	{Pkg: "net/http", Recv: "ServeMux", Name: "Handle", Fn: 1, Many: true},
}

// Routers register handlers that serve requests concurrently, like
// net/http's; pools and schedulers run tasks the same way. Handlers registered through a router interface (chi.Router
// as a parameter) are not static calls and are not followed.
func init() {
	route := func(pkg, recv string, fn int, names ...string) {
		for _, n := range names {
			Spawners = append(Spawners, Spawner{Pkg: pkg, Recv: recv, Name: n, Fn: fn, Many: true})
		}
	}
	methods := []string{"Get", "Post", "Put", "Delete", "Patch", "Head", "Options", "Connect", "Trace"}
	upper := []string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "CONNECT", "TRACE", "Any"}
	route("github.com/gorilla/mux", "Router", 1, "HandleFunc", "Handle")
	route("github.com/gorilla/mux", "Route", 0, "HandlerFunc", "Handler")
	for _, chi := range []string{"github.com/go-chi/chi/v5", "github.com/go-chi/chi"} {
		route(chi, "Mux", 1, append([]string{"HandleFunc", "Handle"}, methods...)...)
		route(chi, "Mux", 2, "Method", "MethodFunc")
	}
	route("github.com/julienschmidt/httprouter", "Router", 1, upper[:7]...)
	route("github.com/julienschmidt/httprouter", "Router", 2, "Handle", "Handler", "HandlerFunc")
	for _, echo := range []string{"github.com/labstack/echo/v4", "github.com/labstack/echo/v5"} {
		route(echo, "Echo", 1, upper...)
		route(echo, "Group", 1, upper...)
	}
	// gin and fiber take the handlers as a variadic chain: middlewares
	// first, the route's own handler last (variadicHandler). gin's
	// Engine embeds RouterGroup, so r.GET is RouterGroup's method.
	route("github.com/gin-gonic/gin", "RouterGroup", 1, upper[:7]...)
	route("github.com/gin-gonic/gin", "RouterGroup", 1, "Any")
	route("github.com/gin-gonic/gin", "RouterGroup", 2, "Handle", "Match")
	fiber := []string{"Get", "Head", "Post", "Put", "Delete", "Connect", "Options", "Trace", "Patch", "All"}
	for _, recv := range []string{"App", "Group"} {
		route("github.com/gofiber/fiber/v2", recv, 1, fiber...)
		route("github.com/gofiber/fiber/v2", recv, 2, "Add")
	}
	// Worker pools and schedulers run their tasks on goroutines of
	// their own, several at once: ants' pools, and cron's jobs (each
	// run starts a goroutine, overlapping a slow previous run).
	pool := func(pkg, recv string, fn int, names ...string) {
		for _, n := range names {
			Spawners = append(Spawners, Spawner{Pkg: pkg, Recv: recv, Name: n, Fn: fn, Many: true, Pool: true})
		}
	}
	ants := "github.com/panjf2000/ants/v2"
	pool(ants, "", 0, "Submit")
	pool(ants, "Pool", 0, "Submit")
	pool(ants, "MultiPool", 0, "Submit")
	pool(ants, "", 1, "NewPoolWithFunc", "NewPoolWithFuncGeneric")
	pool(ants, "", 2, "NewMultiPoolWithFunc", "NewMultiPoolWithFuncGeneric")
	route("github.com/robfig/cron/v3", "Cron", 1, "AddFunc")
	// Fiber's websocket middleware runs its callback on every upgraded
	// request, each on the request's own goroutine.
	route("github.com/gofiber/websocket/v2", "", 0, "New")
	route("github.com/gofiber/contrib/websocket", "", 0, "New")
}

// joinMethods wait for goroutines; sync.WaitGroup.Wait also waits for
// goroutines that call Done as their last act.
var joinMethods = [][3]string{
	{"sync", "WaitGroup", "Wait"},
	{"golang.org/x/sync/errgroup", "Group", "Wait"},
}

// SpawnerOf reports whether common starts a goroutine running one of its
// arguments, and returns that argument and, for spawners with a join,
// the receiver the join waits on.
func SpawnerOf(common *ssa.CallCommon) (sp Spawner, fn ssa.Value, recv ssa.Value, ok bool) {
	obj, recvName := ssaview.CalledFunc(common)
	if obj == nil {
		return Spawner{}, nil, nil, false
	}
	for _, s := range Spawners {
		if s.Name != obj.Name() || s.Recv != recvName || s.Pkg != obj.Pkg().Path() {
			continue
		}
		i := s.Fn
		if s.Recv != "" {
			i++
			recv = common.Args[0]
		}
		if i >= len(common.Args) {
			return Spawner{}, nil, nil, false
		}
		fn := common.Args[i]
		if sig := common.Signature(); sig.Variadic() && i == len(common.Args)-1 {
			if fn = variadicHandler(fn); fn == nil {
				return Spawner{}, nil, nil, false
			}
		}
		return s, fn, recv, true
	}
	return Spawner{}, nil, nil, false
}

// variadicHandler returns the last function of a variadic handler chain
// (r.GET("/ws", auth, serve) passes [auth, serve] as a slice): the
// route's own handler, which is where an upgraded conn is served; the
// middlewares before it run too but hand over to it. nil when the
// chain is not an implicit slice literal of the call (a slice the
// caller built, or none at all).
func variadicHandler(v ssa.Value) ssa.Value {
	sl, ok := v.(*ssa.Slice)
	if !ok {
		return nil
	}
	arr, ok := sl.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	var last ssa.Value
	lastIndex := int64(-1)
	for _, r := range *arr.Referrers() {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		k, ok := ia.Index.(*ssa.Const)
		if !ok {
			continue
		}
		i := k.Int64()
		for _, u := range *ia.Referrers() {
			if st, ok := u.(*ssa.Store); ok && st.Addr == ia && i > lastIndex {
				last, lastIndex = st.Val, i
			}
		}
	}
	return last
}

// IsJoinCall reports whether common waits for goroutines, and returns the
// receiver it waits on.
func IsJoinCall(common *ssa.CallCommon) (ssa.Value, bool) {
	obj, recv := ssaview.CalledFunc(common)
	if obj == nil || len(common.Args) == 0 {
		return nil, false
	}
	for _, m := range joinMethods {
		if m[0] == obj.Pkg().Path() && m[1] == recv && m[2] == obj.Name() {
			return common.Args[0], true
		}
	}
	return nil, false
}

// SyncCallers are library functions that call a function argument on
// the caller's goroutine before they return, so it runs in place, under
// the caller's locks. fn is the argument's index, not counting the
// receiver.
var SyncCallers = []Spawner{
	{Pkg: "sync", Recv: "Once", Name: "Do", Fn: 0},
	{Pkg: "sync", Recv: "Map", Name: "Range", Fn: 0},
	{Pkg: "slices", Name: "SortFunc", Fn: 1},
	{Pkg: "slices", Name: "SortStableFunc", Fn: 1},
	{Pkg: "sort", Name: "Slice", Fn: 1},
	{Pkg: "sort", Name: "SliceStable", Fn: 1},
}

// OnceWrappers are library functions that return a function which,
// when called, calls their function argument in place (at most once).
var OnceWrappers = []Spawner{
	{Pkg: "sync", Name: "OnceFunc", Fn: 0},
	{Pkg: "sync", Name: "OnceValue", Fn: 0},
	{Pkg: "sync", Name: "OnceValues", Fn: 0},
}

// OnceWrapped returns the function argument of a call of an
// onceWrappers function.
func OnceWrapped(common *ssa.CallCommon) (ssa.Value, bool) {
	return tableArg(common, OnceWrappers)
}

// SyncCallee returns the function argument a call of a syncCallers
// function runs in place.
func SyncCallee(common *ssa.CallCommon) (ssa.Value, bool) {
	return tableArg(common, SyncCallers)
}

// tableArg returns the function argument of a call of one of table's
// functions.
func tableArg(common *ssa.CallCommon, table []Spawner) (ssa.Value, bool) {
	obj, recvName := ssaview.CalledFunc(common)
	if obj == nil {
		return nil, false
	}
	for _, s := range table {
		if s.Name != obj.Name() || s.Recv != recvName || s.Pkg != obj.Pkg().Path() {
			continue
		}
		i := s.Fn
		if s.Recv != "" {
			i++
		}
		if i < len(common.Args) {
			return common.Args[i], true
		}
	}
	return nil, false
}
