#!/usr/bin/env bash
# abbench.sh: the synthetic benchmarks (bench/) of two builds, interleaved
# round by round on this machine, compared with benchstat: what a change
# that should not cost anything shows before it lands.
#
#   bash scripts/abbench.sh [-rounds N] [-bench REGEXP] BASE [HEAD]
#
# BASE and HEAD are git revisions (HEAD defaults to the working tree,
# "."). Each round runs both test binaries once (-count 1), in an order
# that alternates, so drift on a shared machine spreads over both.
# Prints benchstat's comparison (installs golang.org/x/perf/cmd/benchstat
# from the module proxy when it is not on PATH) and keeps the raw runs in
# $AB_DIR (default a temp dir).
set -euo pipefail

rounds=8
bench='Analyzer|Gate'
while [[ $# -gt 0 && $1 == -* ]]; do
	case $1 in
	-rounds) rounds=$2; shift 2 ;;
	-bench) bench=$2; shift 2 ;;
	*) echo "unknown flag $1" >&2; exit 2 ;;
	esac
done
base=${1:?usage: abbench.sh [-rounds N] [-bench REGEXP] BASE [HEAD]}
head=${2:-.}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
AB_DIR=${AB_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/wsc-ab.XXXXXX")}

build() {
	local rev=$1 out=$2 src
	if [[ $rev == . ]]; then
		src=$root
	else
		src=$AB_DIR/src-$(basename "$out")
		git -C "$root" worktree add -q --detach "$src" "$rev"
	fi
	(cd "$src" && go test -c -o "$out" ./bench)
	if [[ $rev != . ]]; then
		git -C "$root" worktree remove --force "$src"
	fi
}
build "$base" "$AB_DIR/base.test"
build "$head" "$AB_DIR/head.test"

: >"$AB_DIR/base.txt"
: >"$AB_DIR/head.txt"
for ((r = 0; r < rounds; r++)); do
	order=(base head)
	((r % 2)) && order=(head base)
	for side in "${order[@]}"; do
		(cd "$root/bench" && "$AB_DIR/$side.test" -test.run='^$' -test.bench="$bench" -test.benchmem -test.count=1) |
			grep -E '^(Benchmark|goos|goarch|pkg|cpu)' >>"$AB_DIR/$side.txt"
	done
	echo "round $((r + 1))/$rounds done" >&2
done

benchstat=$(command -v benchstat || true)
if [[ -z $benchstat ]]; then
	GOBIN=$AB_DIR go install golang.org/x/perf/cmd/benchstat@latest
	benchstat=$AB_DIR/benchstat
fi
echo "base: $base  head: $head  ($rounds rounds; raw runs in $AB_DIR)"
"$benchstat" "$AB_DIR/base.txt" "$AB_DIR/head.txt"
