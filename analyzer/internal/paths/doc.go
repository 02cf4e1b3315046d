// Package paths says what names a connection or a mutex: access paths.
//
// A Path is a root (a parameter, a free variable, a package-level
// variable, a value the function makes, an object of a type in the open
// world, a result, a member of a shared container) followed by field and
// element selections. Two accesses touch the same connection when their
// paths Match in the function that sees both. Paths are k-limited (With):
// past MaxPathLen selections, at a repeated field of one struct type, or
// at a second field of one interface type (a wrapper over a wrapper), a
// path is widened and matches nothing.
//
// A Resolver turns the SSA values of one function into paths: through
// loads, conversions, phis, variables stored once, fields and elements,
// range loops over containers (an element reached by walking), copies of
// registries (copies.go) and the writer NextWriter returns (writerpath.go).
// What a callee returns or stores is another stage's knowledge (function
// summaries): the Resolver asks it through the functions in its fields
// (Returns, ReturnedField, Writer, ReturnedElems, Bound, Fresh), which the
// caller sets. Subst translates a callee's path into a caller's terms,
// Location names where an interface value is read from (location.go).
//
// It takes SSA and gives paths; of the other stages it uses only ssaview.
package paths
