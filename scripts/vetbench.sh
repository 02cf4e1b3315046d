#!/usr/bin/env bash
# vetbench.sh: what wsconcurrent costs users on real modules.
#
# For each module (fetched with `go mod download` from the module proxy and
# copied into a temp dir; its code is type-checked and analysed, never
# built into a program nor run), it measures:
#
#   vet:        go vet -vettool=TOOL ./...   for TOOL in
#                 noop          bench/cmd/noop: requires inspect, does nothing
#                               (the floor of go vet's driver)
#                 factnoop      bench/cmd/factnoop: the same plus a fact type
#                               (the floor of any facts-based analyzer;
#                               not run by default, add it with -vet-tools)
#                 nilness       x/tools' nilness (SSA for every package)
#                 wsconcurrent  this repository's command
#   standalone: TOOL ./...   (go/packages loading) for nilness (the
#                 singlechecker: every package from source) and
#                 wsconcurrent (its standalone driver: from source only
#                 what can reach a websocket package, the rest from
#                 export data)
#
# Each timed run records wall time and peak RSS with GNU time
# (`/usr/bin/time -f '%e %M'`). go vet runs one tool process per package:
# GNU time's %M is ru_maxrss from wait4, which Linux computes as the
# maximum over the process and all its waited-for descendants of each
# single process's peak. It is not a sum: it is the largest of the go
# command itself and the biggest single vettool process. (The go command
# loading the build graph is often the largest, so the %M of go vet can
# hide the tool; see -tool-rss below.)
#
# Caches. go vet caches each package's result keyed on the tool's
# `-V=full` answer, which for a singlechecker is a hash of its own
# executable: a second identical run replays the cache in about a second.
# Before every run the script makes a fresh copy of the tool with a random
# nonce appended to the file (an ELF file runs the same with trailing
# bytes), so -V=full is new and every package (standard library and
# dependencies included) is analysed again, while the build cache (compiled
# export data) stays warm: warm-up runs fill it first. No wrapper process
# sits between go vet and the tool in timed runs.
#
# Order: RUNS rounds; each round runs every tool once, in a rotated order,
# so slow drift of a shared machine spreads over all tools. Medians and
# ranges (min-max) are computed by bench/cmd/vetsummary.
#
# Per-process RSS (-tool-rss): one extra untimed vet run per tool where a
# wrapper records each tool process's own peak RSS and CPU time with the
# package it analysed, to tell the tool's memory from the go command's
# and to see which packages cost what.
#
# Usage (from the repository root):
#   scripts/vetbench.sh [-runs N] [-standalone-runs N] [-modules "melody k6 geth"]
#                       [-pkgs-geth PATTERN] [-work DIR] [-out FILE] [-no-tool-rss]
#                       [-no-standalone] [-no-vet]
#                       [-vet-tools "noop factnoop nilness wsconcurrent"]
#                       [-sa-tools "nilness wsconcurrent"]
# Output: a TSV of every run (-out, default bench/results/vetbench-DATE.tsv)
# and the markdown tables printed by vetsummary on stdout.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

RUNS=5
SRUNS=5
MODULES="melody k6 geth"
WORK=""
OUT=""
TOOL_RSS=1
STANDALONE=1
VET=1
VET_TOOLS="noop nilness wsconcurrent"
SA_TOOLS="nilness wsconcurrent"
declare -A PKGS=([melody]=./... [k6]=./... [geth]=./...)
declare -A MODS=(
	[melody]=github.com/olahol/melody@v1.1.4
	[k6]=go.k6.io/k6@v1.8.1
	[geth]=github.com/ethereum/go-ethereum@v1.17.10
)

while [[ $# -gt 0 ]]; do
	case $1 in
	-runs) RUNS=$2; shift ;;
	-standalone-runs) SRUNS=$2; shift ;;
	-modules) MODULES=$2; shift ;;
	-pkgs-*) PKGS[${1#-pkgs-}]=$2; shift ;;
	-work) WORK=$2; shift ;;
	-out) OUT=$2; shift ;;
	-no-tool-rss) TOOL_RSS=0 ;;
	-no-standalone) STANDALONE=0 ;;
	-no-vet) VET=0 ;;
	-vet-tools) VET_TOOLS=$2; shift ;;
	-sa-tools) SA_TOOLS=$2; shift ;;
	-h | -help | --help) sed -n '2,/^set -euo/p' "$0" | sed 's/^# \{0,1\}//' | head -n -1; exit 0 ;;
	*) echo "vetbench: unknown flag $1" >&2; exit 2 ;;
	esac
	shift
done

[[ -x /usr/bin/time ]] || { echo "vetbench: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
WORK=${WORK:-$(mktemp -d /tmp/vetbench.XXXXXX)}
mkdir -p "$WORK/bin" "$WORK/run" "$ROOT/bench/results"
OUT=${OUT:-$ROOT/bench/results/vetbench-$(date +%Y%m%d-%H%M%S).tsv}
log() { printf '[vetbench %s] %s\n' "$(date +%T)" "$*" >&2; }

# --- tools: built from this repository and from x/tools in the module cache
# (the version go.mod requires).
log "building tools into $WORK/bin"
go build -o "$WORK/bin/" ./bench/cmd/noop ./bench/cmd/factnoop ./bench/cmd/vetsummary ./cmd/wsconcurrent \
	golang.org/x/tools/go/analysis/passes/nilness/cmd/nilness

# fresh TOOL: a copy of the tool with a new -V=full answer (see above).
fresh() {
	local t=$WORK/run/$1
	cp "$WORK/bin/$1" "$t.tmp"
	printf 'vetbench-nonce-%s-%s' "$(date +%s%N)" "$RANDOM$RANDOM" >>"$t.tmp"
	mv "$t.tmp" "$t"
	echo "$t"
}

# --- modules: copied out of the module cache into $WORK/src/NAME, with
# their own dependencies downloaded.
setup() {
	local name=$1 mod=${MODS[$1]} dir
	dir=$(go mod download -json "$mod" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
	[[ -n $dir ]] || { echo "vetbench: go mod download $mod failed" >&2; exit 1; }
	if [[ ! -d $WORK/src/$name ]]; then
		mkdir -p "$WORK/src"
		cp -r "$dir" "$WORK/src/$name"
		chmod -R u+w "$WORK/src/$name"
	fi
	(cd "$WORK/src/$name" && go mod download)
}

# timed MODULE MODE TOOL RUN CMD...: run CMD in the module dir under GNU
# time and append a TSV row. Exit codes 1 (vet: findings) and 3
# (singlechecker: findings) are normal; anything else, or a panic or an
# internal error on stderr, is recorded in the row's status column.
timed() {
	local name=$1 mode=$2 tool=$3 run=$4
	shift 4
	local tf=$WORK/time.txt ef=$WORK/stderr-$name-$mode-$tool.txt rc=0 status=ok
	(cd "$WORK/src/$name" && /usr/bin/time -o "$tf" -f '%e %M %U %S' "$@" >/dev/null 2>"$ef") || rc=$?
	if grep -qE 'internal error|^panic:|fatal error:|signal: killed' "$ef"; then status=crash; fi
	case $rc in 0 | 1 | 3) ;; *) status="exit$rc" ;; esac
	read -r wall rss user sys < <(tail -n 1 "$tf")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$mode" "$tool" "$run" "$wall" "$rss" "$user" "$sys" "$rc" "$status" >>"$OUT"
	log "$name $mode $tool run $run: ${wall}s ${rss}KiB user ${user}s sys ${sys}s exit $rc $status"
}

# rotate N WORDS...: the words rotated left by N.
rotate() {
	local n=$1
	shift
	local a=("$@") k=${#a[@]} i
	for ((i = 0; i < k; i++)); do printf '%s ' "${a[$(((i + n) % k))]}"; done
}

[[ -s $OUT ]] || printf 'module\tmode\ttool\trun\twall_s\tmaxrss_kib\tuser_s\tsys_s\texit\tstatus\n' >"$OUT"
{
	echo "# $(date -Is) wsconcurrent $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- analyzer cmd || echo -dirty) tools: vet [$VET_TOOLS] standalone [$SA_TOOLS]"
	echo "# $(go version) $(nproc) cores $(awk '/MemTotal/{print $2" KiB"}' /proc/meminfo) $(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -1)"
} >>"$OUT.meta"

for name in $MODULES; do
	log "module $name (${MODS[$name]}), packages ${PKGS[$name]}"
	setup "$name"
	pat=${PKGS[$name]}
	if ((VET)); then
		# Warm-up: fills the build cache (and the page cache) for every tool.
		for tool in $VET_TOOLS; do
			log "$name warm-up vet $tool"
			t=$(fresh "$tool")
			(cd "$WORK/src/$name" && go vet -vettool="$t" $pat >/dev/null 2>&1) || true
		done
		for ((r = 1; r <= RUNS; r++)); do
			for tool in $(rotate $((r - 1)) $VET_TOOLS); do
				t=$(fresh "$tool")
				timed "$name" vet "$tool" "$r" go vet -vettool="$t" $pat
			done
		done
	fi
	if ((STANDALONE)); then
		# Warm-up: wsconcurrent loads dependencies from export data,
		# which go vet does not compile (its tool reads types from
		# vetx files); the first run compiles it into the build cache.
		for tool in $SA_TOOLS; do
			log "$name warm-up standalone $tool"
			(cd "$WORK/src/$name" && "$WORK/bin/$tool" $pat >/dev/null 2>&1) || true
		done
		for ((r = 1; r <= SRUNS; r++)); do
			for tool in $(rotate $((r - 1)) $SA_TOOLS); do
				timed "$name" standalone "$tool" "$r" "$WORK/bin/$tool" $pat
			done
		done
	fi
	if ((VET && TOOL_RSS)); then
		# One untimed run per tool through a recording wrapper: each tool
		# process's own peak RSS, CPU time, package and whether it ran
		# for facts only (a dependency) or for diagnostics (a root).
		for tool in $VET_TOOLS; do
			real=$(fresh "$tool")
			w=$WORK/run/wrap-$tool
			plog=$WORK/procs-$name-$tool.tsv
			: >"$plog"
			cat >"$w" <<EOF
#!/bin/sh
# Recording wrapper (see scripts/vetbench.sh): not used for timed runs.
case "\$*" in *.cfg) ;; *) exec "$real" "\$@" ;; esac
for a; do cfg=\$a; done
rc=0
/usr/bin/time -o "\$cfg.time" -f '%M %U %S %e' "$real" "\$@" || rc=\$?
pkg=\$(sed -n 's/^[[:space:]]*"ImportPath": "\(.*\)",\$/\1/p' "\$cfg")
vetx=\$(grep -q '"VetxOnly": true' "\$cfg" && echo dep || echo root)
printf '%s\t%s\t%s\n' "\$pkg" "\$vetx" "\$(tail -n 1 "\$cfg.time" | tr ' ' '\t')" >>"$plog"
exit \$rc
EOF
			chmod +x "$w"
			log "$name per-process run $tool"
			(cd "$WORK/src/$name" && go vet -vettool="$w" $pat >/dev/null 2>&1) || true
			sed "s/^/$name\t$tool\t/" "$plog" >>"$OUT.procs"
		done
	fi
done

log "results: $OUT"
"$WORK/bin/vetsummary" "$OUT"
