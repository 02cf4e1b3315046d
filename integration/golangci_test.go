package integration

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wsconcurrent/wsconcurrent/analyzer"
	"github.com/wsconcurrent/wsconcurrent/internal/testenv"
)

const (
	// golangciVersion is the golangci-lint tools/custom-gcl/go.mod requires.
	golangciVersion = "v2.15.0"
	configFile      = ".golangci.example.yml"
	examplePkg      = "testdata/example"
	linterName      = "wsconcurrent"
)

// TestGolangciLint builds golangci-lint with the wsconcurrent plugin from
// tools/custom-gcl and runs it with .golangci.example.yml.
func TestGolangciLint(t *testing.T) {
	testenv.Heavy(t, "builds golangci-lint "+golangciVersion+" with the plugin: 2-4 min cold")
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	gcl := buildCustomGCL(t, root)

	// One golangci-lint cache for this test, none of the user's: results
	// must come from this build of the plugin.
	cache := t.TempDir()

	t.Run("example", func(t *testing.T) {
		want := wantComments(t, filepath.Join(root, examplePkg, "main.go"))
		if len(want) != 2 {
			t.Fatalf("%s/main.go has %d // want comments, want 2 (the README's two findings)", examplePkg, len(want))
		}
		sarif := filepath.Join(t.TempDir(), "out.sarif")
		res := runGCL(t, gcl, cache, root, "run", "-c", configFile,
			"--output.sarif.path="+sarif, "./"+examplePkg+"/...")
		res.wantExit(t, 1)
		got := res.issues(t)
		checkIssues(t, res, got, examplePkg+"/main.go", want)

		// SARIF: the same two findings, ruleId = the plugin name, paths
		// relative to the config file's directory (the repository root).
		results := readSARIF(t, sarif)
		if len(results) != len(want) {
			t.Errorf("SARIF has %d results, want %d:\n%+v", len(results), len(want), results)
		}
		for i, r := range results {
			if i >= len(want) {
				break
			}
			w := want[i]
			if r.RuleID != linterName || r.URI != examplePkg+"/main.go" || r.Line != w.line || !w.re.MatchString(r.Text) {
				t.Errorf("SARIF result %d = %+v, want ruleId %s at %s/main.go:%d with message matching %s", i, r, linterName, examplePkg, w.line, w.re)
			}
		}
	})

	t.Run("nolint", func(t *testing.T) {
		src, err := os.ReadFile(filepath.Join(root, examplePkg, "main.go"))
		if err != nil {
			t.Fatal(err)
		}
		want := wantComments(t, filepath.Join(root, examplePkg, "main.go"))
		if len(want) != 2 {
			t.Fatalf("want 2 // want comments in the example, got %d", len(want))
		}
		// Replace the // want comments (a //nolint after them would be
		// inside the same comment) and silence the first finding.
		lines := strings.Split(string(src), "\n")
		for i, l := range lines {
			if j := strings.Index(l, " // want "); j >= 0 {
				lines[i] = l[:j]
			}
		}
		const nolint = " //nolint:wsconcurrent // acknowledged"
		lines[want[0].line-1] += nolint
		dir := tempModule(t, root, map[string]string{
			"example/main.go": strings.Join(lines, "\n"),
		})
		res := runGCL(t, gcl, cache, dir, "run", "-c", configFile, "./...")
		res.wantExit(t, 1)
		checkIssues(t, res, res.issues(t), "example/main.go", want[1:])

		// Both silenced: nothing is left, not even the related information
		// of the silenced findings (.golangci.example.yml excludes it).
		lines[want[1].line-1] += nolint
		if err := os.WriteFile(filepath.Join(dir, "example", "main.go"), []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		res = runGCL(t, gcl, cache, dir, "run", "-c", configFile, "./...")
		res.wantExit(t, 0)
		checkIssues(t, res, res.issues(t), "example/main.go", nil)
	})

	// golangci-lint reports each related-information entry of a diagnostic
	// as an issue of its own; the plugin turns -related off unless the
	// config asks for it. With related: true each finding comes with two
	// more issues.
	t.Run("related-information", func(t *testing.T) {
		count := func(res *result) int {
			n := 0
			for _, is := range res.issues(t) {
				if strings.HasPrefix(is.Text, "wsconcurrent(related information): ") {
					n++
				}
			}
			return n
		}
		dir := tempModule(t, root, map[string]string{"reads/reads.go": readsSrc})
		res := runGCL(t, gcl, cache, dir, "run", "-c", configFile, "./...")
		res.wantExit(t, 1)
		if n := count(res); n != 0 {
			t.Errorf("%d related-information issues with related: false, want 0\n%s", n, res)
		}
		editConfig(t, dir, "related: false", "related: true")
		res = runGCL(t, gcl, cache, dir, "run", "-c", configFile, "./...")
		res.wantExit(t, 1)
		if n := count(res); n != 4 {
			t.Errorf("%d related-information issues with related: true, want 4 (two per finding)\n%s", n, res)
		}
	})

	t.Run("reads", func(t *testing.T) {
		dir := tempModule(t, root, map[string]string{"reads/reads.go": readsSrc})
		wantReads := []want{
			{line: 8, re: regexp.MustCompile(`^concurrent read from conn: ReadMessage may overlap ReadMessage at reads\.go:14 \(goroutine started at reads\.go:6\)$`)},
			{line: 14, re: regexp.MustCompile(`^concurrent read from conn: ReadMessage may overlap ReadMessage at reads\.go:8 \(goroutine started at reads\.go:6\)$`)},
		}
		res := runGCL(t, gcl, cache, dir, "run", "-c", configFile, "./...")
		res.wantExit(t, 1)
		checkIssues(t, res, res.issues(t), "reads/reads.go", wantReads)

		editConfig(t, dir, "reads: true", "reads: false")
		res = runGCL(t, gcl, cache, dir, "run", "-c", configFile, "./...")
		res.wantExit(t, 0)
		checkIssues(t, res, res.issues(t), "reads/reads.go", nil)
	})

	t.Run("conntypes", func(t *testing.T) {
		if analyzer.Analyzer.Flags.Lookup("conntypes") == nil {
			t.Fatal("analyzer.Analyzer has no -conntypes flag: the conntypes setting of the golangci-lint plugin cannot reach the analyzer (the flag is being added in analyzer/)")
		}
		dir := tempModule(t, root, map[string]string{"ws/ws.go": forkConnSrc, "fork/fork.go": forkUseSrc})
		wantFork := []want{
			{line: 7, re: regexp.MustCompile(`^concurrent write to conn: WriteMessage may overlap WriteMessage at fork\.go:10 \(goroutine started at fork\.go:6\)$`)},
			{line: 10, re: regexp.MustCompile(`^concurrent write to conn: WriteMessage may overlap WriteMessage at fork\.go:7 \(goroutine started at fork\.go:6\)$`)},
		}
		// Without the setting, ws.Conn is just a type.
		res := runGCL(t, gcl, cache, dir, "run", "-c", configFile, "./...")
		res.wantExit(t, 0)
		checkIssues(t, res, res.issues(t), "fork/fork.go", nil)

		editConfig(t, dir, "conntypes: []", "conntypes: [example.com/wsctest/ws.Conn]")
		res = runGCL(t, gcl, cache, dir, "run", "-c", configFile, "./...")
		res.wantExit(t, 1)
		checkIssues(t, res, res.issues(t), "fork/fork.go", wantFork)
	})

	t.Run("unknown-setting", func(t *testing.T) {
		dir := tempModule(t, root, map[string]string{"reads/reads.go": readsSrc})
		editConfig(t, dir, "reads: true", "raeds: true")
		res := runGCL(t, gcl, cache, dir, "run", "-c", configFile, "./...")
		res.wantExit(t, 3)
		if !strings.Contains(res.stderr, `unknown field "raeds"`) {
			t.Errorf("stderr does not name the unknown setting:\n%s", res.stderr)
		}
	})
}

// Test packages for the settings sub-tests (in a module example.com/wsctest).
const readsSrc = `package reads

import "github.com/gorilla/websocket"

func Pump(conn *websocket.Conn, out chan<- []byte) {
	go func() {
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	}()
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		out <- msg
	}
}
`

// forkConnSrc stands for an internal fork of gorilla/websocket.
const forkConnSrc = `package ws

type Conn struct{ buf []byte }

const TextMessage = 1

func (c *Conn) WriteMessage(messageType int, data []byte) error {
	c.buf = append(c.buf, data...)
	return nil
}
`

const forkUseSrc = `package fork

import "example.com/wsctest/ws"

func Pump(conn *ws.Conn, updates <-chan []byte) {
	go func() {
		conn.WriteMessage(ws.TextMessage, []byte("hello"))
	}()
	for u := range updates {
		conn.WriteMessage(ws.TextMessage, u)
	}
}
`

// buildCustomGCL builds tools/custom-gcl into a temporary directory. The
// version string carries a hash of the sources linked in from this
// repository: golangci-lint salts its result cache with the version, so a
// fixed one would replay results of an older plugin.
func buildCustomGCL(t *testing.T, root string) string {
	t.Helper()
	hash := sourceHash(t, root)
	version := golangciVersion + "-wsconcurrent-" + hash
	bin := filepath.Join(t.TempDir(), "custom-gcl")

	timeout := 15 * time.Minute
	if d, ok := t.Deadline(); ok && time.Until(d)-30*time.Second < timeout {
		timeout = time.Until(d) - 30*time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-buildvcs=false",
		"-ldflags", "-s -w -X main.version="+version+" -X main.commit="+hash,
		"-o", bin, ".")
	cmd.Dir = filepath.Join(root, "tools", "custom-gcl")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start).Round(100 * time.Millisecond)
	if ctx.Err() != nil {
		t.Fatalf("building the custom golangci-lint did not finish in %v (the first build compiles golangci-lint %s and its dependencies, 2-4 min on 2 cores; raise go test -timeout, or leave %s unset to skip it):\n%s",
			timeout, golangciVersion, testenv.HeavyEnv, out.String())
	}
	if err != nil {
		hint := ""
		if strings.Contains(out.String(), "go mod tidy") || strings.Contains(out.String(), "missing go.sum entry") || strings.Contains(out.String(), "updates to go.mod needed") {
			hint = "\ntools/custom-gcl's go.mod/go.sum are out of date with the root module: run `cd tools/custom-gcl && go mod tidy` and commit them"
		}
		t.Fatalf("go build in tools/custom-gcl: %v (%v)\n%s%s", err, elapsed, out.String(), hint)
	}
	t.Logf("built the custom golangci-lint (version %s) in %v", version, elapsed)
	return bin
}

// sourceHash hashes what the custom golangci-lint links in from this
// repository: the analyzer and plugin packages, both go.mod/go.sum pairs
// and tools/custom-gcl.
func sourceHash(t *testing.T, root string) string {
	t.Helper()
	h := sha256.New()
	add := func(path string) error {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(data))
		h.Write(data)
		return nil
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		if err := add(filepath.Join(root, f)); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range []string{"analyzer", "plugin", "tools/custom-gcl"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.Type().IsRegular() && (strings.HasSuffix(path, ".go") || d.Name() == "go.mod" || d.Name() == "go.sum") {
				return add(path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// tempModule writes a module example.com/wsctest requiring the
// gorilla/websocket version of the root module, with the given files and
// a copy of .golangci.example.yml.
func tempModule(t *testing.T, root string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	var gomod, gosum strings.Builder
	gomod.WriteString("module example.com/wsctest\n\ngo 1.26.0\n\n")
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for l := range strings.Lines(string(sum)) {
		if strings.HasPrefix(l, "github.com/gorilla/websocket ") {
			gosum.WriteString(l)
		}
	}
	modfile, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*github\.com/gorilla/websocket (v\S+)`).FindStringSubmatch(string(modfile))
	if m == nil || gosum.Len() == 0 {
		t.Fatal("the root go.mod/go.sum do not require github.com/gorilla/websocket")
	}
	fmt.Fprintf(&gomod, "require github.com/gorilla/websocket %s\n", m[1])
	files["go.mod"] = gomod.String()
	files["go.sum"] = gosum.String()
	cfg, err := os.ReadFile(filepath.Join(root, configFile))
	if err != nil {
		t.Fatal(err)
	}
	files[configFile] = string(cfg)
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// editConfig replaces one line of the config copy in dir; the line must
// be in .golangci.example.yml.
func editConfig(t *testing.T, dir, old, new string) {
	t.Helper()
	path := filepath.Join(dir, configFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^(\s*)` + regexp.QuoteMeta(old) + `\s*$`)
	if len(re.FindAll(data, -1)) != 1 {
		t.Fatalf("%s has no single line %q for the test to edit", configFile, old)
	}
	data = re.ReplaceAll(data, []byte("${1}"+new))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

type result struct {
	args           []string
	exit           int
	stdout, stderr string
	jsonPath       string
}

func (r *result) String() string {
	return fmt.Sprintf("custom-gcl %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(r.args, " "), r.exit, r.stdout, r.stderr)
}

func (r *result) wantExit(t *testing.T, code int) {
	t.Helper()
	if r.exit != code {
		t.Fatalf("exit status %d, want %d\n%s", r.exit, code, r)
	}
}

// runGCL runs the custom golangci-lint in dir with a text report on
// stdout and a JSON report in a file.
func runGCL(t *testing.T, gcl, cache, dir string, args ...string) *result {
	t.Helper()
	jsonPath := filepath.Join(t.TempDir(), "out.json")
	args = append(args[:1:1], append([]string{
		"--output.text.path=stdout", "--output.text.print-issued-lines=false", "--show-stats=false",
		"--output.json.path=" + jsonPath,
	}, args[1:]...)...)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, gcl, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+cache, "GOWORK=off", "NO_COLOR=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := &result{args: args, stdout: stdout.String(), stderr: stderr.String(), jsonPath: jsonPath}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		r.exit = exitErr.ExitCode()
	default:
		t.Fatalf("custom-gcl %s: %v", strings.Join(args, " "), err)
	}
	t.Logf("custom-gcl %s: exit %d in %v", strings.Join(args, " "), r.exit, time.Since(start).Round(10*time.Millisecond))
	return r
}

// issue is one finding from golangci-lint's JSON report (and the
// matching line of the text report).
type issue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename     string
		Line, Column int
	}
}

func (r *result) issues(t *testing.T) []issue {
	t.Helper()
	data, err := os.ReadFile(r.jsonPath)
	if err != nil {
		t.Fatalf("no JSON report: %v\n%s", err, r)
	}
	var rep struct{ Issues []issue }
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("JSON report: %v\n%s", err, data)
	}
	return rep.Issues
}

type want struct {
	line int
	re   *regexp.Regexp
}

// wantComments reads the analysistest expectations of a file:
// `// want "re"` or // want `re`, one per line.
func wantComments(t *testing.T, path string) []want {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ws []want
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		_, c, ok := strings.Cut(sc.Text(), "// want ")
		if !ok {
			continue
		}
		c = strings.TrimSpace(c)
		pat, err := strconv.Unquote(c)
		if err != nil {
			t.Fatalf("%s:%d: cannot read the want comment %s: %v", path, n, c, err)
		}
		ws = append(ws, want{line: n, re: regexp.MustCompile("^(?:" + pat + ")$")})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ws
}

// checkIssues checks that the issues are exactly want, in order, all from
// the wsconcurrent linter in file, and that the text report has the same
// lines ("file:line:col: message (wsconcurrent)").
func checkIssues(t *testing.T, r *result, got []issue, file string, want []want) {
	t.Helper()
	var text []string
	for l := range strings.Lines(r.stdout) {
		if l = strings.TrimRight(l, "\n"); l != "" && l != "0 issues." {
			text = append(text, l)
		}
	}
	var wantText []string
	for _, is := range got {
		wantText = append(wantText, fmt.Sprintf("%s:%d:%d: %s (%s)", is.Pos.Filename, is.Pos.Line, is.Pos.Column, is.Text, is.FromLinter))
	}
	if !slices.Equal(text, wantText) {
		t.Errorf("text report:\n%s\nwant the JSON report's issues:\n%s", strings.Join(text, "\n"), strings.Join(wantText, "\n"))
	}
	if len(got) != len(want) {
		t.Errorf("%d issues, want %d\n%s", len(got), len(want), r)
	}
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		if g.FromLinter != linterName || g.Pos.Filename != file || g.Pos.Line != w.line || g.Pos.Column <= 0 || !w.re.MatchString(g.Text) {
			t.Errorf("issue %d = %s:%d:%d: %s (%s)\nwant %s:%d: message matching %s (%s)",
				i, g.Pos.Filename, g.Pos.Line, g.Pos.Column, g.Text, g.FromLinter, file, w.line, w.re, linterName)
		}
	}
}

type sarifResult struct {
	RuleID, Text, URI string
	Line              int
}

func readSARIF(t *testing.T, path string) []sarifResult {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no SARIF report: %v", err)
	}
	var doc struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct{ Name string }
			}
			Results []struct {
				RuleID    string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("SARIF report: %v\n%s", err, data)
	}
	if doc.Version != "2.1.0" || len(doc.Runs) != 1 || doc.Runs[0].Tool.Driver.Name != "golangci-lint" {
		t.Fatalf("SARIF report: version %q, %d runs, want 2.1.0 with one golangci-lint run:\n%s", doc.Version, len(doc.Runs), data)
	}
	var rs []sarifResult
	for _, r := range doc.Runs[0].Results {
		s := sarifResult{RuleID: r.RuleID, Text: r.Message.Text}
		if len(r.Locations) == 1 {
			s.URI = r.Locations[0].PhysicalLocation.ArtifactLocation.URI
			s.Line = r.Locations[0].PhysicalLocation.Region.StartLine
		}
		rs = append(rs, s)
	}
	return rs
}
