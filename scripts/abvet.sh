#!/usr/bin/env bash
# abvet.sh: what two builds of wsconcurrent cost under go vet on one
# module, beside the do-nothing vettool, interleaved round by round.
#
#   bash scripts/abvet.sh [-rounds N] DIR BASE [HEAD]
#
# DIR is a module (a soak copy, say $SOAK_DIR/src/k6); BASE and HEAD are
# git revisions (HEAD defaults to the working tree, "."). Every run uses
# a fresh copy of its tool with a random suffix, so go vet's result cache
# never replays (the build cache stays warm; a warm-up run fills it).
# Prints each tool's median wall time and its ratio to the no-op tool.
set -euo pipefail

rounds=4
if [[ ${1:-} == -rounds ]]; then
	rounds=$2
	shift 2
fi
dir=${1:?usage: abvet.sh [-rounds N] DIR BASE [HEAD]}
base=${2:?usage: abvet.sh [-rounds N] DIR BASE [HEAD]}
head=${3:-.}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/wsc-abvet.XXXXXX")
export GOWORK=off GOTOOLCHAIN=local GOFLAGS=-mod=mod

build() { # REV OUT PKG
	local rev=$1 out=$2 pkg=$3 src
	if [[ $rev == . ]]; then
		src=$root
	else
		src=$work/src
		git -C "$root" worktree add -q --detach "$src" "$rev"
	fi
	(cd "$src" && go build -o "$out" "$pkg")
	if [[ $rev != . ]]; then
		git -C "$root" worktree remove --force "$src"
	fi
}
build "$base" "$work/base" ./cmd/wsconcurrent
build "$head" "$work/head" ./cmd/wsconcurrent
build . "$work/noop" ./bench/cmd/noop

run() { # TOOL: prints wall seconds
	local t=$work/run-$1
	cp "$work/$1" "$t"
	head -c 16 /dev/urandom >>"$t"
	local s e
	s=$(date +%s.%N)
	(cd "$dir" && go vet -vettool="$t" ./... >/dev/null 2>&1) || true
	e=$(date +%s.%N)
	rm -f "$t"
	echo "$e - $s" | bc
}
run noop >/dev/null # warm the build cache
tools=(noop base head)
for ((r = 0; r < rounds; r++)); do
	for ((i = 0; i < 3; i++)); do
		tool=${tools[(i + r) % 3]}
		echo "$tool $(run "$tool")" >>"$work/times"
	done
	echo "round $((r + 1))/$rounds done" >&2
done
echo "go vet on $dir, $rounds rounds (base $base, head $head)"
python3 - "$work/times" <<'PY'
import statistics, sys
t = {}
for line in open(sys.argv[1]):
    k, v = line.split()
    t.setdefault(k, []).append(float(v))
noop = statistics.median(t["noop"])
for k in ("noop", "base", "head"):
    m = statistics.median(t[k])
    print(f"{k:5} median {m:7.1f} s  range {min(t[k]):.1f}-{max(t[k]):.1f} s  {m / noop:.2f}x no-op")
PY
