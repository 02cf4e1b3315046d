package contract

import (
	"go/types"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
	"github.com/wsconcurrent/wsconcurrent/internal/testenv"
	"golang.org/x/sync/errgroup"
	"golang.org/x/tools/go/packages"
)

// TestSpawnersMatchTheirAPIs checks the spawner table against the real
// libraries this module can import: every entry must name a method or
// function that exists, and the argument it says runs on a goroutine
// must be a function or an http.Handler. A renamed method or a shifted
// argument would otherwise silently stop starting goroutines.
func TestSpawnersMatchTheirAPIs(t *testing.T) {
	recvs := map[[2]string]reflect.Type{
		{"golang.org/x/sync/errgroup", "Group"}: reflect.TypeOf(&errgroup.Group{}),
		{"sync", "WaitGroup"}:                   reflect.TypeOf(&sync.WaitGroup{}),
		{"net/http", "ServeMux"}:                reflect.TypeOf(&http.ServeMux{}),
		{"github.com/gorilla/mux", "Router"}:    reflect.TypeOf(&mux.Router{}),
		{"github.com/gorilla/mux", "Route"}:     reflect.TypeOf(&mux.Route{}),
		{"github.com/go-chi/chi/v5", "Mux"}:     reflect.TypeOf(&chi.Mux{}),
	}
	funcs := map[[2]string]any{
		{"time", "AfterFunc"}:      time.AfterFunc,
		{"net/http", "HandleFunc"}: http.HandleFunc,
		{"net/http", "Handle"}:     http.Handle,
	}
	handler := reflect.TypeOf((*http.Handler)(nil)).Elem()
	checked := 0
	for _, s := range Spawners {
		var fn reflect.Type
		arg := s.Fn
		if s.Recv == "" {
			f, ok := funcs[[2]string{s.Pkg, s.Name}]
			if !ok {
				continue
			}
			fn = reflect.TypeOf(f)
		} else {
			r, ok := recvs[[2]string{s.Pkg, s.Recv}]
			if !ok {
				continue // a library this module does not depend on
			}
			m, ok := r.MethodByName(s.Name)
			if !ok {
				t.Errorf("spawner %s.%s.%s: no such method", s.Pkg, s.Recv, s.Name)
				continue
			}
			fn = m.Type
			arg++ // the method expression's first parameter is the receiver
		}
		checked++
		if arg >= fn.NumIn() {
			t.Errorf("spawner %s %s.%s: argument %d out of range for %v", s.Pkg, s.Recv, s.Name, s.Fn, fn)
			continue
		}
		in := fn.In(arg)
		if in.Kind() != reflect.Func && !in.Implements(handler) {
			t.Errorf("spawner %s %s.%s: argument %d is %v, not a function or handler", s.Pkg, s.Recv, s.Name, s.Fn, in)
		}
		if s.Join != "" {
			if _, ok := recvs[[2]string{s.Pkg, s.Recv}].MethodByName(s.Join); !ok {
				t.Errorf("spawner %s %s.%s: join method %s does not exist", s.Pkg, s.Recv, s.Name, s.Join)
			}
		}
	}
	if checked < 20 {
		t.Errorf("checked %d spawners against their APIs, want the routers and joins of this module's dependencies", checked)
	}
}

// TestInPlaceCallersExist checks the functions said to run their
// argument in place, or to return a function that does, against the
// standard library.
func TestInPlaceCallersExist(t *testing.T) {
	recvs := map[[2]string]reflect.Type{
		{"sync", "Once"}: reflect.TypeOf(&sync.Once{}),
		{"sync", "Map"}:  reflect.TypeOf(&sync.Map{}),
	}
	funcs := map[[2]string]any{
		{"sync", "OnceFunc"}:         sync.OnceFunc,
		{"sync", "OnceValue"}:        sync.OnceValue[int],
		{"sync", "OnceValues"}:       sync.OnceValues[int, error],
		{"slices", "SortFunc"}:       slices.SortFunc[[]int, int],
		{"slices", "SortStableFunc"}: slices.SortStableFunc[[]int, int],
		{"sort", "Slice"}:            sort.Slice,
		{"sort", "SliceStable"}:      sort.SliceStable,
	}
	for _, s := range append(slices.Clone(SyncCallers), OnceWrappers...) {
		var fn reflect.Type
		arg := s.Fn
		if s.Recv == "" {
			f, ok := funcs[[2]string{s.Pkg, s.Name}]
			if !ok {
				t.Errorf("%s.%s: not in this test's table", s.Pkg, s.Name)
				continue
			}
			fn = reflect.TypeOf(f)
		} else {
			m, ok := recvs[[2]string{s.Pkg, s.Recv}].MethodByName(s.Name)
			if !ok {
				t.Errorf("%s.%s.%s: no such method", s.Pkg, s.Recv, s.Name)
				continue
			}
			fn, arg = m.Type, arg+1
		}
		if arg >= fn.NumIn() || fn.In(arg).Kind() != reflect.Func {
			t.Errorf("%s %s.%s: argument %d is not a function in %v", s.Pkg, s.Recv, s.Name, s.Fn, fn)
		}
	}
}

// TestFrameworkSpawnersMatchTheirAPIs checks the spawner entries for the
// frameworks this module does not depend on against their real APIs,
// type-checked from testdata/frameworks: the method exists on the named
// receiver, and the argument said to run is a function (or, last, a
// variadic chain of them), or an http.Handler.
func TestFrameworkSpawnersMatchTheirAPIs(t *testing.T) {
	dir := testenv.FrameworksModule(t)
	paths := []string{"github.com/gin-gonic/gin", "github.com/gofiber/fiber/v2", "github.com/gofiber/websocket/v2", "github.com/gofiber/contrib/websocket", "github.com/panjf2000/ants/v2", "github.com/robfig/cron/v3", "github.com/labstack/echo/v4", "github.com/julienschmidt/httprouter"}
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes, Dir: dir}
	pkgs, err := packages.Load(cfg, paths...)
	if err != nil {
		t.Fatal(err)
	}
	byPath := make(map[string]*types.Package)
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatalf("loading %s: %v", p.PkgPath, p.Errors)
		}
		byPath[p.PkgPath] = p.Types
	}
	checked := 0
	for _, s := range Spawners {
		pkg := byPath[s.Pkg]
		if pkg == nil {
			continue
		}
		var obj types.Object
		if s.Recv == "" {
			obj = pkg.Scope().Lookup(s.Name)
		} else if tn, ok := pkg.Scope().Lookup(s.Recv).(*types.TypeName); ok {
			obj, _, _ = types.LookupFieldOrMethod(types.NewPointer(tn.Type()), true, pkg, s.Name)
		}
		fn, ok := obj.(*types.Func)
		if !ok {
			t.Errorf("spawner %s %s.%s: no such function or method", s.Pkg, s.Recv, s.Name)
			continue
		}
		checked++
		sig := fn.Type().(*types.Signature)
		if s.Fn >= sig.Params().Len() {
			t.Errorf("spawner %s %s.%s: argument %d out of range for %v", s.Pkg, s.Recv, s.Name, s.Fn, sig)
			continue
		}
		arg := sig.Params().At(s.Fn).Type()
		if sig.Variadic() && s.Fn == sig.Params().Len()-1 {
			arg = arg.(*types.Slice).Elem()
		}
		_, isFunc := arg.Underlying().(*types.Signature)
		if !isFunc && !isHTTPHandler(arg) {
			t.Errorf("spawner %s %s.%s: argument %d is %v, not a function or an http.Handler", s.Pkg, s.Recv, s.Name, s.Fn, arg)
		}
	}
	if checked < 38 {
		t.Errorf("checked %d framework spawners, want gin's, fiber's, fiber's websocket middleware's, ants' and cron's", checked)
	}
}

// isHTTPHandler reports whether t is net/http's Handler.
func isHTTPHandler(t types.Type) bool {
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == "Handler"
}
