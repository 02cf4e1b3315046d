package pairing

import (
	"fmt"
	"go/types"
	"slices"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/contract"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/effect"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/facts"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/lockset"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/ssaview"
)

// Lock discipline across packages. The lock-consistency rule
// (consistency.go) names conn fields by type: Conn.Conn written holding
// Conn.writeLock. A package that writes such a field of one of its types
// under a mutex exports that discipline as a fact on the type, so that a
// package importing the type and writing the same field without the
// mutex is reported where it does so. The shape is common: a wrapper
// embeds *websocket.Conn and guards its own Write with a mutex, and a
// user calls the promoted, unguarded WriteMessage from a pinger.

// GuardFact lists, for one struct type, the conn fields its package
// writes under a mutex, with the mutex and one such write.
type GuardFact struct {
	Guards []factGuard
}

type factGuard struct {
	Field facts.FactPath // rootObject path: the type, then the field
	// Locks are the type's mutexes the write holds exclusively (all
	// of them: a write elsewhere holding any one is ordered with it).
	Locks  []facts.FactPath
	Method string // the write made under them
	Site   string // where, "file.go:line"
}

func (*GuardFact) AFact() {}

func (f *GuardFact) String() string {
	var parts []string
	for _, g := range f.Guards {
		var locks []string
		for _, l := range g.Locks {
			locks = append(locks, l.ToPath().Key)
		}
		parts = append(parts, fmt.Sprintf("%s under %s", g.Field.ToPath().Key, strings.Join(locks, "+")))
	}
	return "guards(" + strings.Join(parts, "; ") + ")"
}

// ExportGuards exports, per struct type of the package, the fields its
// recorded writes make under an exclusive mutex of the same type. A
// mutex a goroutine of the package's own takes for something else is
// not exported: it is not evidence of concurrent writers (explained).
func (e *pairer) ExportGuards() {
	byType := make(map[string][]factGuard)
	seen := make(map[string]bool)
	for _, t := range e.typed {
		owner := t.field.Root.Global
		if !e.ownType(owner) {
			continue
		}
		var locks []facts.FactPath
		k := t.field.Key
		for _, l := range t.locks {
			if l.Excl && l.Path.Root.Kind == paths.RootObject && l.Path.Root.Global == owner && !e.explained(t.field, l.Path.Key) {
				locks = append(locks, facts.ToFactPath(l.Path))
				k += "|" + l.Path.Key
			}
		}
		if len(locks) == 0 || seen[k] {
			continue
		}
		seen[k] = true
		byType[owner] = append(byType[owner], factGuard{Field: facts.ToFactPath(t.field), Locks: locks, Method: t.a.Method, Site: ssaview.Where(e.Pass.Fset, t.a.Site)})
	}
	owners := make([]string, 0, len(byType))
	for o := range byType {
		owners = append(owners, o)
	}
	slices.Sort(owners)
	for _, o := range owners {
		obj := e.Pass.Pkg.Scope().Lookup(o[strings.LastIndex(o, ".")+1:])
		if tn, ok := obj.(*types.TypeName); ok {
			e.Pass.ExportObjectFact(tn, &GuardFact{Guards: byType[o]})
		}
	}
}

// importedGuards returns the lock discipline other packages exported for
// their types, by type name (types.TypeString), computed once.
func (e *pairer) importedGuards() map[string][]factGuard {
	if e.guards != nil {
		return e.guards
	}
	e.guards = make(map[string][]factGuard)
	for _, f := range e.Pass.AllObjectFacts() {
		g, ok := f.Fact.(*GuardFact)
		if !ok || f.Object.Pkg() == e.Pass.Pkg {
			continue
		}
		if tn, ok := f.Object.(*types.TypeName); ok {
			e.guards[types.TypeString(tn.Type(), nil)] = g.Guards
		}
	}
	return e.guards
}

// guardedType reports whether another package says how the fields of
// the type named t are guarded.
func (e *pairer) guardedType(t string) bool {
	return len(e.importedGuards()[t]) > 0
}

// importedTyped returns the guarded writes other packages exported, as
// accesses the rule can compare with this package's: no site here, the
// write's place in its own package as remote.
func (e *pairer) importedTyped() []typedAccess {
	g := e.importedGuards()
	owners := make([]string, 0, len(g))
	for o := range g {
		owners = append(owners, o)
	}
	slices.Sort(owners)
	var out []typedAccess
	for _, o := range owners {
		for _, fg := range g[o] {
			field := fg.Field.ToPath()
			a := effect.Access{Side: contract.Write, Method: fg.Method, Conn: field, Remote: fg.Site}
			var locks lockset.Set
			for _, l := range fg.Locks {
				locks = locks.Add(lockset.Lock{Path: l.ToPath(), Excl: true})
			}
			out = append(out, typedAccess{a: a, field: field, locks: locks})
		}
	}
	return out
}
