package main

// End-to-end tests of the real wsconcurrent binary: the standalone
// singlechecker CLI, the go vet -vettool protocol, -json, -V=full, and how
// it fails on a package that does not type-check. TestMain builds the
// command once; every test runs it as a subprocess from the module root,
// the way users and CI do.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	examplePkg  = "./testdata/example"
	exampleFile = "testdata/example/main.go"
	cleanPkg    = "./cmd/wsconcurrent/testdata/clean"
	brokenPkg   = "./cmd/wsconcurrent/testdata/broken"
	brokenFile  = "cmd/wsconcurrent/testdata/broken/broken.go"

	// cmdTimeout bounds one subprocess. go vet and go build may have to
	// download modules and compile x/tools on a cold cache.
	cmdTimeout = 3 * time.Minute
)

var (
	bin     string // the wsconcurrent binary built by TestMain
	modRoot string // directory of go.mod; every command runs there
)

func TestMain(m *testing.M) { os.Exit(testMain(m)) }

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "wsconcurrent-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)

	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" || strings.TrimSpace(string(out)) == os.DevNull {
		fmt.Fprintf(os.Stderr, "go env GOMOD: %v (%q)\n", err, out)
		return 1
	}
	modRoot = filepath.Dir(strings.TrimSpace(string(out)))

	bin = filepath.Join(dir, "wsconcurrent")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	// -buildvcs=false: a fresh CI checkout may be owned by another user
	// (git refuses "dubious ownership") or have no git; stamping is not
	// what these tests are about.
	build := exec.CommandContext(ctx, "go", "build", "-buildvcs=false", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build ./cmd/wsconcurrent: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// result is what one subprocess did.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s--- stderr:\n%s", r.code, r.stdout, r.stderr)
}

// run runs name args... in the module root and returns its exit code and
// output. It fails the test if the command cannot start or times out.
func run(t *testing.T, name string, args ...string) result {
	t.Helper()
	return runEnv(t, nil, name, args...)
}

// runEnv is run with extra environment variables (KEY=value).
func runEnv(t *testing.T, env []string, name string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), cmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = modRoot
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{code: 0, stdout: stdout.String(), stderr: stderr.String()}
	var exitErr *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("%s %s: timed out after %v\n%v", name, strings.Join(args, " "), cmdTimeout, r)
	case errors.As(err, &exitErr):
		r.code = exitErr.ExitCode()
	case err != nil:
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return r
}

// want is one diagnostic expected in testdata/example, taken from a
// `// want` comment: the position is that of the outermost call on the
// comment's line, the message must match the comment's regexp entirely.
type want struct {
	line, col int
	re        *regexp.Regexp
}

func (w want) String() string { return fmt.Sprintf("%d:%d: %s", w.line, w.col, w.re) }

var wantArg = regexp.MustCompile("^(`[^`]*`|\"(?:[^\"\\\\]|\\\\.)*\")\\s*")

// parseWants reads the `// want` comments of file (relative to the module
// root), in the analysistest syntax: one or more quoted regexps.
func parseWants(t *testing.T, file string) []want {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join(modRoot, file), nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var wants []want
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			rest, ok := strings.CutPrefix(c.Text, "// want ")
			if !ok || !strings.HasPrefix(rest, "`") && !strings.HasPrefix(rest, `"`) {
				// Not a want, or a fact's (name:`...`), which the
				// command does not print.
				continue
			}
			line := fset.Position(c.Pos()).Line
			col := callColumn(fset, f, line)
			if col == 0 {
				t.Fatalf("%s:%d: want comment on a line without a call", file, line)
			}
			for rest = strings.TrimSpace(rest); rest != ""; {
				m := wantArg.FindStringSubmatch(rest)
				if m == nil {
					t.Fatalf("%s:%d: cannot parse want comment at %q", file, line, rest)
				}
				pat, err := strconv.Unquote(m[1])
				if err != nil {
					t.Fatalf("%s:%d: %v", file, line, err)
				}
				wants = append(wants, want{line, col, regexp.MustCompile("^(?:" + pat + ")$")})
				rest = rest[len(m[0]):]
			}
		}
	}
	if len(wants) == 0 {
		t.Fatalf("%s: no // want comments", file)
	}
	return wants
}

// callColumn returns the column of the first call expression that starts
// on line, or 0.
func callColumn(fset *token.FileSet, f *ast.File, line int) int {
	col := 0
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && col == 0 {
			if p := fset.Position(call.Pos()); p.Line == line {
				col = p.Column
			}
		}
		return col == 0
	})
	return col
}

// posLine is "file:line:col: message" as printed by the singlechecker and
// go vet; a message starting with a tab is related information of the
// diagnostic above it.
var posLine = regexp.MustCompile(`^(.+?):(\d+):(\d+): (.*)$`)

// checkText asserts that stderr reports exactly the wanted diagnostics in
// file (each once, at its position, with a matching message) and nothing
// else: any other line must be related information of one of them, or,
// if allowHeaders, a go vet "# package" header.
func checkText(t *testing.T, stderr, file string, wants []want, allowHeaders bool) {
	t.Helper()
	absFile := filepath.Join(modRoot, file)
	sameFile := func(p string) bool {
		if !filepath.IsAbs(p) {
			p = filepath.Join(modRoot, p)
		}
		return filepath.Clean(p) == absFile
	}
	matched := make([]int, len(wants))
	inDiag := false
	for _, l := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		if allowHeaders && strings.HasPrefix(l, "# ") {
			inDiag = false
			continue
		}
		m := posLine.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("unexpected output line %q", l)
			continue
		}
		if !sameFile(m[1]) {
			t.Errorf("line refers to another file than %s: %q", file, l)
			continue
		}
		if strings.HasPrefix(m[4], "\t") {
			if !inDiag {
				t.Errorf("related information without a diagnostic: %q", l)
			}
			continue
		}
		inDiag = true
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		found := false
		for i, w := range wants {
			if w.line == line && w.col == col && w.re.MatchString(m[4]) {
				matched[i]++
				found = true
				break
			}
		}
		if !found {
			t.Errorf("unexpected diagnostic %q", l)
		}
	}
	for i, w := range wants {
		if matched[i] != 1 {
			t.Errorf("diagnostic %s:%v reported %d times, want once", file, w, matched[i])
		}
	}
}

// TestStandalone: findings exit 3 and print exactly the expected
// diagnostics on stderr, nothing on stdout.
func TestStandalone(t *testing.T) {
	t.Parallel()
	wants := parseWants(t, exampleFile)
	if len(wants) != 2 {
		t.Fatalf("%s has %d want comments; this test expects the 2 documented findings", exampleFile, len(wants))
	}
	r := run(t, bin, examplePkg)
	if r.code != 3 {
		t.Fatalf("exit code %d, want 3 (findings)\n%v", r.code, r)
	}
	if r.stdout != "" {
		t.Errorf("unexpected stdout:\n%s", r.stdout)
	}
	checkText(t, r.stderr, exampleFile, wants, false)
	if t.Failed() {
		t.Logf("output:\n%v", r)
	}
}

// TestGoVet is the CI gate: go vet -vettool must exit non-zero on
// findings. With x/tools < v0.38.0 go1.26's vet dumps JSON and exits 0
// (INTEGRATION.md §2.3), so exit code 1 is asserted exactly.
func TestGoVet(t *testing.T) {
	t.Parallel()
	wants := parseWants(t, exampleFile)
	r := run(t, "go", "vet", "-vettool="+bin, examplePkg)
	if r.code != 1 {
		t.Fatalf("exit code %d, want 1 (findings under go vet)\n%v", r.code, r)
	}
	if r.stdout != "" {
		t.Errorf("unexpected stdout:\n%s", r.stdout)
	}
	checkText(t, r.stderr, exampleFile, wants, true)
	if t.Failed() {
		t.Logf("output:\n%v", r)
	}
}

// TestClean: a correct package exits 0 with no output, standalone and
// under go vet.
func TestClean(t *testing.T) {
	t.Parallel()
	// Only the subprocesses read the package; reading it here too makes
	// go test's result cache notice when it changes.
	if _, err := os.ReadFile(filepath.Join(modRoot, cleanPkg, "clean.go")); err != nil {
		t.Fatal(err)
	}
	t.Run("standalone", func(t *testing.T) {
		t.Parallel()
		if r := run(t, bin, cleanPkg); r.code != 0 || r.stdout != "" || r.stderr != "" {
			t.Errorf("want exit 0 and no output, got\n%v", r)
		}
	})
	t.Run("vet", func(t *testing.T) {
		t.Parallel()
		if r := run(t, "go", "vet", "-vettool="+bin, cleanPkg); r.code != 0 || r.stdout != "" || r.stderr != "" {
			t.Errorf("want exit 0 and no output, got\n%v", r)
		}
	})
}

// TestVersion: go vet runs the tool with -V=full (for its cache key) and
// -flags before anything else.
func TestVersion(t *testing.T) {
	t.Parallel()
	r := run(t, bin, "-V=full")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("-V=full: want exit 0 and no stderr, got\n%v", r)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	exe, err := filepath.EvalSymlinks(bin)
	if err != nil {
		t.Fatal(err)
	}
	// The program name is os.Executable(), which may resolve symlinks.
	got := r.stdout
	if prog, rest, ok := strings.Cut(got, " "); ok {
		if p, err := filepath.EvalSymlinks(prog); err == nil && p == exe {
			got = exe + " " + rest
		}
	}
	if want := exe + " version devel comments-go-here buildID=" + hex.EncodeToString(sum[:]) + "\n"; got != want {
		t.Errorf("-V=full printed\n%q\nwant\n%q", r.stdout, want)
	}

	r = run(t, bin, "-flags")
	var flags []struct{ Name string }
	if r.code != 0 {
		t.Fatalf("-flags: exit code %d\n%v", r.code, r)
	}
	if err := json.Unmarshal([]byte(r.stdout), &flags); err != nil || len(flags) == 0 {
		t.Fatalf("-flags: want a JSON list of flags (%v)\n%v", err, r)
	}
}

var crash = regexp.MustCompile(`panic|goroutine \d+ \[`)

// TestBroken: a package that does not type-check exits 1 with the
// compiler's error at its position, and without a panic.
func TestBroken(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join(modRoot, brokenFile))
	if err != nil {
		t.Fatal(err)
	}
	// The type error is the string literal returned as an int.
	const lit = `"not an int"`
	before, _, ok := strings.Cut(string(src), lit)
	if !ok {
		t.Fatalf("%s does not contain %s", brokenFile, lit)
	}
	line := strings.Count(before, "\n") + 1
	col := len(before) - strings.LastIndex(before, "\n")
	// Relative under go vet; the standalone tool prints it both relative
	// (from go list) and absolute (from its own type check).
	pos := fmt.Sprintf("%s:%d:%d: cannot use %s", filepath.FromSlash(brokenFile), line, col, lit)

	for _, tc := range []struct {
		name string
		args []string
		cmd  string
	}{
		{"standalone", []string{brokenPkg}, bin},
		{"vet", []string{"vet", "-vettool=" + bin, brokenPkg}, "go"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, tc.cmd, tc.args...)
			if r.code != 1 {
				t.Errorf("exit code %d, want 1 (type error)", r.code)
			}
			if !strings.Contains(r.stderr, pos) {
				t.Errorf("stderr does not report %s", pos)
			}
			if crash.MatchString(r.stdout + r.stderr) {
				t.Errorf("output contains a panic or a stack trace")
			}
			if t.Failed() {
				t.Logf("output:\n%v", r)
			}
		})
	}
}

// TestDeterministic: the same input gives byte-identical output, text and
// JSON (map iteration and goroutine scheduling must not leak into it).
func TestDeterministic(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{examplePkg}, {"-json", examplePkg}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			first := run(t, bin, args...)
			second := run(t, bin, args...)
			if first.stdout+first.stderr == "" {
				t.Errorf("printed nothing")
			}
			if first != second {
				t.Errorf("output differs between runs:\nfirst: %v\nsecond: %v", first, second)
			}
		})
	}
}

// TestDeterministicAcrossFiles runs the command repeatedly on a package
// whose findings span three files. go/packages parses a package's files
// in parallel, so the order of their token.Pos ranges changes from run to
// run: ordering findings, or choosing the partner a message names, by
// token.Pos made the output differ between runs (3 different outputs in
// 10 runs before the fix).
func TestDeterministicAcrossFiles(t *testing.T) {
	t.Parallel()
	const pkg = "./cmd/wsconcurrent/testdata/multifile"
	want := []string{
		"a.go:13:3: concurrent write to conn: WriteMessage may overlap WriteMessage at b.go:11 (goroutine started at a.go:10)",
		"b.go:11:3: concurrent write to conn: WriteMessage may overlap WriteMessage at a.go:13 (goroutine started at a.go:10)",
		"c.go:11:3: concurrent write to conn: WriteMessage may overlap WriteMessage at a.go:13 (goroutine started at a.go:11)",
	}
	for i := range 8 {
		r := run(t, bin, pkg)
		var got []string
		for _, l := range strings.Split(r.stderr, "\n") {
			if strings.Contains(l, ": concurrent write") {
				got = append(got, filepath.Base(l))
			}
		}
		if r.code != 3 || !slices.Equal(got, want) {
			t.Fatalf("run %d: exit %d, findings:\n%s\nwant:\n%s", i+1, r.code, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestGoVetFacts: under go vet each package is analysed by its own
// process, so summaries cross packages as gob-encoded facts. The
// findings in app come from wshelper's facts.
func TestGoVetFacts(t *testing.T) {
	t.Parallel()
	// app calls wshelper, whose types mention *websocket.Conn; ticker
	// calls feed, whose API mentions no websocket type: under go vet,
	// feed comes from export data and only its facts reveal the writes;
	// wheelapp hands closures to wheellib, which imports no websocket
	// package, and only its runners facts say they run later; flagapp
	// is silent where flaglib's flags facts and summary variants say the
	// client is ready.
	for _, pkg := range []string{"app", "ticker", "connapp", "wheelapp", "flagapp"} {
		t.Run(pkg, func(t *testing.T) {
			t.Parallel()
			file := filepath.Join("testdata", "patterns", "facts", pkg, pkg+".go")
			wants := parseWants(t, file)
			for i, w := range wants {
				// The want comments match a prefix of the message.
				wants[i].re = regexp.MustCompile(strings.TrimSuffix(w.re.String(), "$") + ".*$")
			}
			r := run(t, "go", "vet", "-vettool="+bin, "./testdata/patterns/facts/"+pkg)
			if r.code != 1 {
				t.Fatalf("exit code %d, want 1\n%v", r.code, r)
			}
			checkText(t, r.stderr, file, wants, true)
			if t.Failed() {
				t.Logf("output:\n%v", r)
			}
		})
	}
}
