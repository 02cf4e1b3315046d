package robustness

// The driver's behaviour on bad input, end to end: the wsconcurrent
// command, standalone and under go vet -vettool. cmd/wsconcurrent's
// TestBroken covers one type error in a package without goroutines; these
// cover type errors in goroutine code, an error in an imported package, a
// syntax error, and cgo.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var bin string // the wsconcurrent command, built by TestMain

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wsconcurrent-robustness-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "wsconcurrent")
	out, err := exec.Command("go", "build", "-o", bin, "../cmd/wsconcurrent").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go build ./cmd/wsconcurrent: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s--- stderr:\n%s", r.code, r.stdout, r.stderr)
}

// run runs a command in dir (the module root if empty), bounded in time.
func run(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	if dir == "" {
		dir = root
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var exitErr *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("%s %s: timed out\n%v", name, strings.Join(args, " "), r)
	case errors.As(err, &exitErr):
		r.code = exitErr.ExitCode()
	case err != nil:
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return r
}

var crash = regexp.MustCompile(`panic|internal error|goroutine \d+ \[`)

// brokenCase is a package that does not build, and the first error the
// driver must print for it: file (relative to dir), line, column and the
// start of the message.
type brokenCase struct {
	name, dir, pkg string
	file           string
	line, col      int
	msg            string
	more           []string // further errors the standalone command lists ("line:col: message")
}

func checkBroken(t *testing.T, c brokenCase) {
	dir := c.dir
	if dir == "" {
		dir = root
	}
	abs := filepath.Join(dir, c.file)
	for _, mode := range []string{"standalone", "vet"} {
		t.Run(c.name+"/"+mode, func(t *testing.T) {
			t.Parallel()
			var r result
			pos := fmt.Sprintf("%s:%d:%d: %s", abs, c.line, c.col, c.msg)
			if mode == "standalone" {
				r = run(t, c.dir, bin, c.pkg)
			} else {
				r = run(t, c.dir, "go", "vet", "-vettool="+bin, c.pkg)
				// go vet prints positions relative to the directory.
				pos = fmt.Sprintf("%s:%d:%d: %s", c.file, c.line, c.col, c.msg)
			}
			if r.code != 1 {
				t.Errorf("exit code %d, want 1", r.code)
			}
			if !strings.Contains(r.stderr, pos) {
				t.Errorf("stderr does not name the error: want %q", pos)
			}
			if mode == "standalone" {
				if !strings.Contains(r.stderr, "not analysed: it does not compile (errors above)") {
					t.Errorf("stderr does not say which package was not analysed")
				}
				for _, m := range c.more {
					if !strings.Contains(r.stderr, abs+":"+m) {
						t.Errorf("stderr does not name the error %s:%s", abs, m)
					}
				}
			}
			if strings.Contains(r.stderr, "concurrent write") {
				t.Errorf("findings reported for a package that does not type-check")
			}
			if crash.MatchString(r.stdout + r.stderr) {
				t.Errorf("output contains a panic, an internal error or a stack trace")
			}
			if t.Failed() {
				t.Logf("%v", r)
			}
		})
	}
}

// TestTypeErrors: a package with type errors in goroutine code, and a
// correct package importing one with a type error. The driver reports
// the type error at its position and skips the analyzer (exit 1); it
// never runs it on partial types (see TestPartialSSA).
func TestTypeErrors(t *testing.T) {
	checkBroken(t, brokenCase{
		name: "goroutine", pkg: "./testdata/badinput/typeerror",
		file: "testdata/badinput/typeerror/typeerror.go", line: 10, col: 44,
		msg:  "undefined: undefinedPayload",
		more: []string{"12:41: not enough arguments in call to conn.WriteMessage"},
	})
	checkBroken(t, brokenCase{
		name: "dependency", pkg: "./testdata/badinput/deperror/app",
		file: "testdata/badinput/deperror/lib/lib.go", line: 8, col: 50,
		msg: "cannot use msg (variable of type string) as []byte value in argument to conn.WriteMessage",
	})
}

// TestSyntaxError: a file that does not parse (kept out of the source
// tree, where gofmt would trip on it: the test writes a module of its own
// that requires the same gorilla/websocket).
func TestSyntaxError(t *testing.T) {
	dir := t.TempDir()
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	var gorillaSum []string
	for _, l := range strings.Split(string(sum), "\n") {
		if strings.HasPrefix(l, "github.com/gorilla/websocket ") {
			gorillaSum = append(gorillaSum, l)
		}
	}
	files := map[string]string{
		"go.mod": "module example.com/syntaxerror\n\ngo 1.26\n\nrequire github.com/gorilla/websocket v1.5.3\n",
		"go.sum": strings.Join(gorillaSum, "\n") + "\n",
		"broken.go": `package syntaxerror

import "github.com/gorilla/websocket"

func serve(conn *websocket.Conn) {
	go func() {
		conn.WriteMessage(websocket.TextMessage, nil
	}()
}
`,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	checkBroken(t, brokenCase{
		name: "parse", dir: dir, pkg: ".", file: "broken.go", line: 7, col: 47,
		msg: "missing ',' before newline in argument list",
	})
}

// TestCgoCommand: the cgo package under both drivers, with exactly its
// two findings.
func TestCgoCommand(t *testing.T) {
	requireCgo(t)
	const pkg = "./testdata/badinput/cgo"
	file := "testdata/badinput/cgo/cgo.go"
	wants := []string{
		":21:4: concurrent write to conn: WriteMessage may overlap WriteMessage at cgo.go:26 (goroutine started at cgo.go:19)",
		":26:3: concurrent write to conn: WriteMessage may overlap WriteMessage at cgo.go:21 (goroutine started at cgo.go:19)",
	}
	for _, mode := range []string{"standalone", "vet"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			var r result
			prefix, code := filepath.Join(root, file), 3
			if mode == "standalone" {
				r = run(t, "", bin, pkg)
			} else {
				r = run(t, "", "go", "vet", "-vettool="+bin, pkg)
				prefix, code = file, 1
			}
			if r.code != code {
				t.Errorf("exit code %d, want %d", r.code, code)
			}
			var got []string
			for _, l := range strings.Split(r.stderr, "\n") {
				if strings.Contains(l, ": concurrent write") {
					got = append(got, l)
				}
			}
			var want []string
			for _, w := range wants {
				want = append(want, prefix+w)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if crash.MatchString(r.stdout + r.stderr) {
				t.Errorf("output contains a panic, an internal error or a stack trace")
			}
			if t.Failed() {
				t.Logf("%v", r)
			}
		})
	}
}
