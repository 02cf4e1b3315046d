package effect

import (
	"go/types"
	"slices"
	"strconv"
	"strings"

	"github.com/wsconcurrent/wsconcurrent/analyzer/internal/paths"
)

// A dispatchCond makes an access conditional: it happens only if the
// interface value at one of recv holds one of types.
type DispatchCond struct {
	Recv  []paths.Path
	Types []string // types.TypeString of the concrete types, sorted
}

func (c DispatchCond) Key() string {
	var ks []string
	for _, p := range c.Recv {
		ks = append(ks, p.Key)
	}
	return strings.Join(ks, ",") + "∈" + strings.Join(c.Types, ",")
}

// CondsExclude reports whether two accesses' conditions cannot hold at
// once: both ask for the dynamic type of one interface value (a path
// they share), and allow no type in common (a wrapper's inner conn is
// the locked adapter for one, the unlocked one for the other).
func CondsExclude(x, y []DispatchCond) bool {
	for _, cx := range x {
		for _, cy := range y {
			if !slices.ContainsFunc(cx.Recv, func(p paths.Path) bool {
				return slices.ContainsFunc(cy.Recv, func(q paths.Path) bool { return p.Key == q.Key })
			}) {
				continue
			}
			if !slices.ContainsFunc(cx.Types, func(t string) bool { return slices.Contains(cy.Types, t) }) {
				return true
			}
		}
	}
	return false
}

func CondKeys(cs []DispatchCond) string {
	var ks []string
	for _, c := range cs {
		ks = append(ks, c.Key())
	}
	return strings.Join(ks, ";")
}

func TypeKey(t types.Type) string { return types.TypeString(t, nil) }

// A typeStore says that a function may store a value of one of types
// into the location p (in the function's terms), or, when result >= 0,
// into the location p.elems of the object it returns as that result.
type TypeStore struct {
	Path   paths.Path
	Result int
	Types  []string
}

// MergeConds merges accesses that differ only in the types one of their
// conditions allows: a ∧ (x ∈ A) and a ∧ (x ∈ B) are a ∧ (x ∈ A ∪ B),
// exactly. A chain of wrappers that each forward through an interface
// field to any implementation reaches one operation through every
// sequence of types; merged, it reaches it once per sequence of fields.
// Accesses keep the order of the first of each merged group.
func MergeConds(accs []Access) []Access {
	most := 0
	for i := range accs {
		most = max(most, len(accs[i].Conds))
	}
	// A merge in one condition can make two accesses equal in the
	// types of another: repeat until nothing merges (each merge
	// removes an access, so this ends).
	for again := true; again; {
		again = false
		for j := range most {
			if merged := mergeCond(accs, j); len(merged) < len(accs) {
				accs, again = merged, true
			}
		}
	}
	return accs
}

// mergeCond merges the accesses that differ only in the types of their
// condition j.
func mergeCond(accs []Access, j int) []Access {
	// Group by everything but the types of condition j.
	first := make(map[string]int)
	out := accs[:0:0]
	for _, a := range accs {
		if len(a.Conds) <= j {
			out = append(out, a)
			continue
		}
		k := mergeKey(a, j)
		i, ok := first[k]
		if !ok {
			first[k] = len(out)
			out = append(out, a)
			continue
		}
		m := &out[i]
		m.Conds = slices.Clone(m.Conds)
		m.Conds[j].Types = unionSorted(m.Conds[j].Types, a.Conds[j].Types)
	}
	return out
}

// mergeKey is a's dedupKey without the types of its condition j.
func mergeKey(a Access, j int) string {
	cs := slices.Clone(a.Conds)
	cs[j].Types = nil
	a.Conds = cs
	return strconv.Itoa(j) + "|" + a.DedupKey()
}

// unionSorted returns the sorted union of two sorted lists.
func unionSorted(x, y []string) []string {
	out := make([]string, 0, len(x)+len(y))
	out = append(append(out, x...), y...)
	slices.Sort(out)
	return slices.Compact(out)
}
