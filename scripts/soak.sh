#!/usr/bin/env bash
# soak.sh: run wsconcurrent over a body of real Go code nobody here wrote,
# the way users run it, and fail on anything that would break their build.
#
#   bash scripts/soak.sh                 # every module below
#   bash scripts/soak.sh melody slack    # only these (names from the table)
#   bash scripts/soak.sh --list          # print the table
#
# For each module (fetched with `go mod download` from the module proxy,
# at a pinned version, and copied into $SOAK_DIR/src/NAME) it runs, in the
# copy,
#
#   go vet -vettool=$WSC PATTERNS     (one tool process per package, facts
#                                      as files: what a CI gate does)
#   $WSC PATTERNS                     (the standalone singlechecker)
#
# and fails when either run
#   - prints a panic, a stack trace, "internal error", or any stderr line
#     that is neither a finding, its related information nor a go vet
#     "# package" header (an analyzer error, a load or type error);
#   - exits with a status other than 0 or the findings status (3
#     standalone, 1 under go vet);
#   - runs longer than $SOAK_TIMEOUT seconds (default 1200).
# A finding is not a failure: each one is listed for a person to classify.
#
# At the end it prints a table (module, packages, findings, wall time and
# peak memory of each run: the largest single process, from GNU time when
# /usr/bin/time exists) and every finding, and exits 1 if any module
# failed. Outputs are kept in $SOAK_DIR/results/NAME.{vet,std}.{out,err}.
#
# Environment: SOAK_DIR (default ${TMPDIR:-/tmp}/wsconcurrent-soak),
# SOAK_TIMEOUT (seconds per run), SOAK_MODES ("vet std", the default, or one
# of them), SOAK_WSC (a wsconcurrent binary to run instead of building this
# checkout's, e.g. an older one to compare with), SOAK_MEM (an address-space
# cap in bytes for each run, through prlimit --as), SOAK_GIT (where the
# git dirs of modules the proxy does not serve are, see fetch). Needs the module proxy
# (or a warm module cache); the first run downloads and compiles a few
# hundred modules (tens of minutes on 2 cores), later runs reuse the module
# and build caches.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SOAK_DIR=${SOAK_DIR:-${TMPDIR:-/tmp}/wsconcurrent-soak}
SOAK_TIMEOUT=${SOAK_TIMEOUT:-1200}
SOAK_MODES=${SOAK_MODES:-vet std}
export GOWORK=off GOTOOLCHAIN=local GOFLAGS=-mod=mod

# name | module@version | packages (relative to the module root) | flags
# The centrifuge modules carry their own copy of gorilla's Conn
# (internal/websocket): -conntypes names it, and centrifugo, which
# depends on centrifuge, is checked through centrifuge's summaries.
modules=(
	"xtools|golang.org/x/tools@v0.52.0|./..."
	"gorilla|github.com/gorilla/websocket@v1.5.3|./..."
	"gorillaex|github.com/gorilla/websocket@v1.5.3|./..."
	"golangci|github.com/golangci/golangci-lint/v2@v2.15.0|./..."
	"fasthttpws|github.com/fasthttp/websocket@v1.5.12|./..."
	"melody|github.com/olahol/melody@v1.1.4|./..."
	"discordgo|github.com/bwmarrin/discordgo@v0.29.0|./..."
	"slack|github.com/slack-go/slack@v0.35.0|./..."
	"paho|github.com/eclipse/paho.mqtt.golang@v1.5.1|./..."
	"mochi|github.com/mochi-mqtt/server/v2@v2.7.9|./..."
	"binance|github.com/adshao/go-binance/v2@v2.8.7|./..."
	"inbucket|github.com/inbucket/inbucket/v3@v3.2.0|./..."
	"gosocketio|github.com/googollee/go-socket.io@v1.7.0|./..."
	"nomadapi|github.com/hashicorp/nomad/api@v0.0.0-20261016150620-df630b26e78a|./..."
	"cometbft|github.com/cometbft/cometbft@v1.0.1|./rpc/..."
	"k6|go.k6.io/k6@v1.8.1|./..."
	"geth|github.com/ethereum/go-ethereum@v1.17.10|./..."
	"clientgo|k8s.io/client-go@v0.37.2|./..."
	"centrifuge|github.com/centrifugal/centrifuge@v0.40.1|./...|-conntypes=github.com/centrifugal/centrifuge/internal/websocket.Conn"
	"centrifugo|github.com/centrifugal/centrifugo/v6@v6.9.1|./...|-conntypes=github.com/centrifugal/centrifuge/internal/websocket.Conn"
	# gost's wrappers of net.Conn forward through interface fields to
	# one another: the shape robustness.TestWrapperChains generates.
	"gost|git:ginuerzh/gost@1d516e35e654c7864a0ce907b021a4799715c832|. ./cmd/gost"
)

if [[ ${1:-} == --list ]]; then
	# The module table, one "name|module@version|packages|flags" line
	# each, for other scripts (scripts/compare.sh).
	printf '%s\n' "${modules[@]}"
	exit 0
fi

want=("$@")
selected() {
	[[ ${#want[@]} -eq 0 ]] && return 0
	local w
	for w in "${want[@]}"; do [[ $w == "$1" ]] && return 0; done
	return 1
}

mkdir -p "$SOAK_DIR/src" "$SOAK_DIR/results" || exit 1
WSC=$SOAK_DIR/wsconcurrent
if [[ -n ${SOAK_WSC:-} ]]; then
	echo "using $SOAK_WSC"
	cp "$SOAK_WSC" "$WSC" || exit 1
else
	echo "building wsconcurrent from $root ($(git -C "$root" log --oneline -1 2>/dev/null || echo 'no git'))"
	(cd "$root" && go build -o "$WSC" ./cmd/wsconcurrent) || exit 1
fi
# go vet replays cached results keyed on the tool's -V=full, a hash of the
# executable: trailing bytes (an ELF file runs the same) make it new, so
# every package is analysed again.
printf '\nsoak %s\n' "$(date +%s%N)" >>"$WSC"

# fetch NAME MODULE@VERSION: a writable copy of the module in src/NAME.
# A module the proxy does not serve is named git:OWNER/REPO@COMMIT and
# taken from a git dir that holds the commit: $SOAK_GIT/OWNER+REPO/repo
# (a bare clone or a mirror; SOAK_GIT has no default).
fetch() {
	local name=$1 modver=$2 dir
	if [[ $modver == git:* ]]; then
		local repo=${modver#git:} commit
		commit=${repo#*@}
		repo=${repo%@*}
		local gitdir=${SOAK_GIT:-}/${repo/\//+}/repo
		if [[ -z ${SOAK_GIT:-} || ! -d $gitdir ]]; then
			echo "$name: the proxy does not serve $repo; set SOAK_GIT to a directory holding ${repo/\//+}/repo, a git dir with $commit" >&2
			return 1
		fi
		rm -rf "${SOAK_DIR:?}/src/$name"
		mkdir -p "$SOAK_DIR/src/$name"
		git --git-dir="$gitdir" archive "$commit" | tar -x -C "$SOAK_DIR/src/$name" || return 1
		(cd "$SOAK_DIR/src/$name" && go mod download >/dev/null 2>&1) || true
		return 0
	fi
	dir=$(cd "$SOAK_DIR" && go mod download -json "$modver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
	if [[ -z $dir || ! -d $dir ]]; then
		echo "go mod download $modver failed" >&2
		return 1
	fi
	rm -rf "${SOAK_DIR:?}/src/$name"
	if [[ $name == gorillaex ]]; then
		# gorilla's examples live in its module; make them a module of
		# their own that requires the same version.
		mkdir -p "$SOAK_DIR/src/$name"
		cp -r "$dir/examples/." "$SOAK_DIR/src/$name/"
		printf 'module example.com/gorillaex\n\ngo 1.22\n\nrequire github.com/gorilla/websocket %s\n' "${modver#*@}" >"$SOAK_DIR/src/$name/go.mod"
	else
		cp -r "$dir" "$SOAK_DIR/src/$name"
	fi
	chmod -R u+w "$SOAK_DIR/src/$name"
	(cd "$SOAK_DIR/src/$name" && go mod download >/dev/null 2>&1) || true
}

# Lines a good run may print on stderr: findings (and their related
# information, indented with a tab after the position) and vet headers.
ok_line='^(# |[^ ].*:[0-9]+:[0-9]+: (concurrent (write to|read from) |	)|[^ ].*:[0-9]+:[0-9]+: wsconcurrent:ignore directive needs a reason|wsconcurrent: note: )'
finding_line='^[^ ].*:[0-9]+:[0-9]+: concurrent (write to|read from) '

# check NAME MODE CODE: 0 if the run is clean by the rules above.
check() {
	local name=$1 mode=$2 code=$3 err=$SOAK_DIR/results/$1.$2.err bad=0 findings_code=3
	[[ $mode == vet ]] && findings_code=1
	if [[ $code -eq 124 ]]; then
		echo "FAIL $name $mode: timed out after ${SOAK_TIMEOUT}s"
		return 1
	fi
	if grep -Eq 'panic|internal error|goroutine [0-9]+ \[|fatal error' "$SOAK_DIR/results/$name.$mode.err" "$SOAK_DIR/results/$name.$mode.out"; then
		echo "FAIL $name $mode: panic or internal error:"
		grep -En 'panic|internal error|goroutine [0-9]+ \[|fatal error' "$err" | head -20
		bad=1
	fi
	if grep -Evq "$ok_line" "$err"; then
		echo "FAIL $name $mode: unexpected stderr lines (errors):"
		grep -Ev "$ok_line" "$err" | head -20
		bad=1
	fi
	if grep -q '^wsconcurrent: note: ' "$err"; then
		# Not a failure, but the findings are incomplete: say so.
		echo "NOTE $name $mode: a package exceeded the analysis budget:"
		grep '^wsconcurrent: note: ' "$err" | head -5
	fi
	if [[ $code -ne 0 && $code -ne $findings_code ]]; then
		echo "FAIL $name $mode: exit status $code"
		bad=1
	fi
	if [[ $code -eq $findings_code ]] && ! grep -Eq "$finding_line" "$err"; then
		echo "FAIL $name $mode: exit status $code without findings"
		bad=1
	fi
	return $bad
}

# findings NAME MODE: the run's findings, paths relative to the module,
# sorted and without duplicates (go vet analyses a package and its test
# variant separately).
findings() {
	grep -E "$finding_line" "$SOAK_DIR/results/$1.$2.err" 2>/dev/null |
		sed "s|^$SOAK_DIR/src/$1/||; s|^\./||" | sort -u
}

# measure FILE CMD...: run CMD under the timeout (and SOAK_MEM), with its
# peak memory written to FILE in KiB when GNU time is there.
measure() {
	local file=$1
	shift
	local cap=()
	[[ -n ${SOAK_MEM:-} ]] && cap=(prlimit --as="$SOAK_MEM")
	if [[ -x /usr/bin/time ]]; then
		timeout "$SOAK_TIMEOUT" "${cap[@]}" /usr/bin/time -f %M -o "$file" "$@"
	else
		echo - >"$file"
		timeout "$SOAK_TIMEOUT" "${cap[@]}" "$@"
	fi
}

# mib FILE: the peak memory recorded in FILE, in MiB.
mib() {
	local kb
	kb=$(tail -1 "$1" 2>/dev/null)
	if [[ $kb =~ ^[0-9]+$ ]]; then
		echo "$((kb / 1024))M"
	else
		echo -
	fi
}

table=()
failed=()
for entry in "${modules[@]}"; do
	IFS='|' read -r name modver pats flags <<<"$entry"
	# shellcheck disable=SC2206 # flags are words
	flags=(${flags:-})
	selected "$name" || continue
	echo
	echo "=== $name ($modver, $pats)"
	if ! fetch "$name" "$modver"; then
		failed+=("$name")
		table+=("$(printf '%-11s %-66s %6s %8s %8s %8s %8s %8s' "$name" "$modver" - - - - - FETCH-FAIL)")
		continue
	fi
	cd "$SOAK_DIR/src/$name" || exit 1
	# shellcheck disable=SC2086 # patterns are words
	npkgs=$(go list $pats 2>/dev/null | wc -l)
	walls=()
	peaks=()
	status=ok
	for mode in vet std; do
		if [[ " $SOAK_MODES " != *" $mode "* ]]; then
			# A mode not run this time: its findings from an earlier
			# run must not be counted with this run's.
			rm -f "$SOAK_DIR/results/$name.$mode".{out,err,mem}
			walls+=(-)
			peaks+=(-)
			continue
		fi
		start=$(date +%s.%N)
		res=$SOAK_DIR/results/$name.$mode
		rm -f "$res.out" "$res.err" "$res.mem"
		if [[ $mode == vet ]]; then
			# shellcheck disable=SC2086
			measure "$res.mem" go vet -vettool="$WSC" "${flags[@]}" $pats >"$res.out" 2>"$res.err"
		else
			# shellcheck disable=SC2086
			measure "$res.mem" "$WSC" "${flags[@]}" $pats >"$res.out" 2>"$res.err"
		fi
		code=$?
		walls+=("$(printf '%.0fs' "$(echo "$(date +%s.%N) - $start" | bc)")")
		peaks+=("$(mib "$res.mem")")
		echo "$mode: exit $code, ${walls[-1]}, peak ${peaks[-1]}, $(findings "$name" "$mode" | wc -l) findings"
		if ! check "$name" "$mode" "$code"; then
			status=FAIL
		fi
	done
	nf=$(cat <(findings "$name" vet) <(findings "$name" std) | sort -u | wc -l)
	if [[ " $SOAK_MODES " == *" vet "* && " $SOAK_MODES " == *" std "* ]] &&
		! diff <(findings "$name" vet) <(findings "$name" std) >/dev/null; then
		echo "NOTE $name: go vet and the standalone run report different findings:"
		diff <(findings "$name" vet) <(findings "$name" std)
	fi
	[[ $status == ok ]] || failed+=("$name")
	table+=("$(printf '%-11s %-66s %6s %8s %8s %8s %8s %8s' "$name" "$modver" "$npkgs" "$nf" "${walls[0]}" "${peaks[0]}" "${walls[1]}" "${peaks[1]}")$([[ $status == ok ]] || echo '  FAIL')")
	cd "$SOAK_DIR" || exit 1
done

echo
echo "=== summary"
printf '%-11s %-66s %6s %8s %8s %8s %8s %8s\n' name module@version pkgs findings vet vet-mem std std-mem
printf '%s\n' "${table[@]}"
echo
echo "=== findings"
for entry in "${modules[@]}"; do
	IFS='|' read -r name _ _ <<<"$entry"
	selected "$name" || continue
	cat <(findings "$name" vet) <(findings "$name" std) | sort -u | sed "s|^|$name: |"
done
if [[ ${#failed[@]} -gt 0 ]]; then
	echo
	echo "soak: FAILED: ${failed[*]}"
	exit 1
fi
echo
echo "soak: passed (no panic, internal error, analyzer error or timeout)"
