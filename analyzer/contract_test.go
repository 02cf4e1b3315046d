package analyzer

import (
	"reflect"
	"testing"

	"github.com/gorilla/websocket"
)

// TestContractMatchesGorilla checks the contract table against the real
// gorilla/websocket API: every method it names must exist on *Conn, so a
// renamed or removed method can't silently turn into "never reported".
func TestContractMatchesGorilla(t *testing.T) {
	conn := reflect.TypeOf(&websocket.Conn{})
	for name := range connMethods {
		if _, ok := conn.MethodByName(name); !ok {
			t.Errorf("contract names (*websocket.Conn).%s, which gorilla/websocket does not have", name)
		}
	}
	funcs := map[string]any{"WriteJSON": websocket.WriteJSON, "ReadJSON": websocket.ReadJSON}
	for name := range connFuncs {
		f, ok := funcs[name]
		if !ok {
			t.Errorf("contract names websocket.%s; add it to this test", name)
			continue
		}
		if reflect.TypeOf(f).In(0) != conn {
			t.Errorf("websocket.%s does not take a *Conn first", name)
		}
	}
	if got := connTypes[0]; got.pkg != reflect.TypeOf(websocket.Conn{}).PkgPath() || got.name != "Conn" {
		t.Errorf("connTypes[0] = %v, want gorilla's Conn", got)
	}
}
