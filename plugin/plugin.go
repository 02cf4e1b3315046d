package plugin

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/wsconcurrent/wsconcurrent/analyzer"
)

// Name is the plugin name: the key under linters.settings.custom, the
// linter name in golangci-lint's output and SARIF ruleId, and the name
// //nolint: directives use. It equals analyzer.Analyzer.Name.
const Name = "wsconcurrent"

func init() {
	register.Plugin(Name, New)
}

// Settings is decoded from linters.settings.custom.wsconcurrent.settings.
// golangci-lint passes the keys lower-cased; unknown keys are an error.
type Settings struct {
	// Reads sets the analyzer's -reads flag (default true: also report
	// concurrent reads). Absent leaves the flag's default.
	Reads *bool `json:"reads"`
	// ConnTypes sets the analyzer's -conntypes flag: extra connection
	// types that follow gorilla/websocket's contract, as
	// "importpath.TypeName" entries. The list is joined with commas.
	ConnTypes []string `json:"conntypes"`
	// Related sets the analyzer's -related flag. Absent means false
	// here: golangci-lint turns each piece of related information into
	// an issue of its own (the finding would show three times, and a
	// //nolint on it would leave the others failing), and the message
	// already names the other write and the goroutine.
	Related *bool `json:"related"`
}

// flags renders the settings as analyzer flag values, in a fixed order.
func (s Settings) flags() ([][2]string, error) {
	var fs [][2]string
	if s.Reads != nil {
		fs = append(fs, [2]string{"reads", strconv.FormatBool(*s.Reads)})
	}
	fs = append(fs, [2]string{"related", strconv.FormatBool(s.Related != nil && *s.Related)})
	if len(s.ConnTypes) > 0 {
		entries := make([]string, len(s.ConnTypes))
		for i, e := range s.ConnTypes {
			e = strings.TrimSpace(e)
			if e == "" || strings.Contains(e, ",") {
				return nil, fmt.Errorf("conntypes[%d] = %q: want one importpath.TypeName per list entry", i, s.ConnTypes[i])
			}
			entries[i] = e
		}
		fs = append(fs, [2]string{"conntypes", strings.Join(entries, ",")})
	}
	return fs, nil
}

type plugin struct {
	settings Settings
}

// New is the plugin constructor golangci-lint calls with the raw
// settings value.
func New(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](conf)
	if err != nil {
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	if _, err := s.flags(); err != nil {
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	return &plugin{settings: s}, nil
}

// BuildAnalyzers applies the settings to analyzer.Analyzer's flags and
// returns it.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	fs, err := p.settings.flags()
	if err != nil {
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	for _, f := range fs {
		if analyzer.Analyzer.Flags.Lookup(f[0]) == nil {
			return nil, fmt.Errorf("%s settings: this build of the analyzer has no -%s flag", Name, f[0])
		}
		if err := analyzer.Analyzer.Flags.Set(f[0], f[1]); err != nil {
			return nil, fmt.Errorf("%s settings: %s: %w", Name, f[0], err)
		}
	}
	return []*analysis.Analyzer{analyzer.Analyzer}, nil
}

// GetLoadMode asks for type information: the analyzer builds SSA and
// uses facts, which golangci-lint's syntax-only mode does not provide.
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
