package contract

import (
	"reflect"
	"testing"

	coderws "github.com/coder/websocket"
	fastws "github.com/fasthttp/websocket"
	"github.com/gorilla/websocket"
	xws "golang.org/x/net/websocket"
	nhooyrws "nhooyr.io/websocket"
)

// TestContractMatchesGorilla checks the contract table against the real
// gorilla/websocket API: every method it names must exist on *Conn, so a
// renamed or removed method can't silently turn into "never reported".
func TestContractMatchesGorilla(t *testing.T) {
	conn := reflect.TypeOf(&websocket.Conn{})
	for name := range ConnMethods {
		if _, ok := conn.MethodByName(name); !ok {
			t.Errorf("contract names (*websocket.Conn).%s, which gorilla/websocket does not have", name)
		}
	}
	funcs := map[string]any{"WriteJSON": websocket.WriteJSON, "ReadJSON": websocket.ReadJSON}
	for name := range ConnFuncs {
		f, ok := funcs[name]
		if !ok {
			t.Errorf("contract names websocket.%s; add it to this test", name)
			continue
		}
		if reflect.TypeOf(f).In(0) != conn {
			t.Errorf("websocket.%s does not take a *Conn first", name)
		}
	}
	if got := BuiltinConnTypes[0]; got.Pkg != reflect.TypeOf(websocket.Conn{}).PkgPath() || got.Name != "Conn" {
		t.Errorf("builtinConnTypes[0] = %v, want gorilla's Conn", got)
	}
}

// TestForksKeepTheContract checks that the forks in the contract table
// still have gorilla's methods, and that the libraries that allow
// concurrent writes are not in it.
func TestForksKeepTheContract(t *testing.T) {
	fasthttp := reflect.TypeOf(&fastws.Conn{})
	for name := range ConnMethods {
		if _, ok := fasthttp.MethodByName(name); !ok {
			t.Errorf("(*fasthttp/websocket.Conn).%s is missing", name)
		}
	}
	c := &Contract{Types: BuiltinConnTypes}
	for _, safe := range []reflect.Type{
		reflect.TypeOf(coderws.Conn{}),
		reflect.TypeOf(nhooyrws.Conn{}),
		reflect.TypeOf(xws.Conn{}),
	} {
		if c.IsConnPkg(safe.PkgPath()) {
			t.Errorf("%s allows concurrent writes; it must not be in the contract", safe.PkgPath())
		}
	}
}

func TestParseConnTypes(t *testing.T) {
	got, err := ParseConnTypes(" example.com/internal/ws.Conn, example.com/x/v2.Socket ,")
	if err != nil {
		t.Fatal(err)
	}
	want := []ConnType{{"example.com/internal/ws", "Conn"}, {"example.com/x/v2", "Socket"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseConnTypes = %v, want %v", got, want)
	}
	for _, bad := range []string{"Conn", "example.com/ws.", "example.com/ws/.Conn", ".Conn"} {
		if _, err := ParseConnTypes(bad); err == nil {
			t.Errorf("parseConnTypes(%q) succeeded, want an error", bad)
		}
	}
}
