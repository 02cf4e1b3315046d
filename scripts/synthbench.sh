#!/usr/bin/env bash
# synthbench.sh: the analyzer's pass on synthetic packages of about 1k,
# 10k and 100k lines (bench/gen.go), the gate on a package without
# websocket, and SSA construction alone for reference.
#
# The test binary is built once; ROUNDS rounds (default 5) each run every
# benchmark once (-count 1), so the sizes are interleaved in time on a
# shared machine. Prints medians, ranges and the 10× ratios
# (bench/cmd/benchratio), and benchstat's summary when benchstat is on
# PATH (go install golang.org/x/perf/cmd/benchstat@latest).
#
# Usage: scripts/synthbench.sh [-rounds N] [-bench REGEXP] [-out FILE]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ROUNDS=5
BENCH=.
OUT=""
while [[ $# -gt 0 ]]; do
	case $1 in
	-rounds) ROUNDS=$2; shift ;;
	-bench) BENCH=$2; shift ;;
	-out) OUT=$2; shift ;;
	-h | -help | --help) sed -n '2,/^set -euo/p' "$0" | sed 's/^# \{0,1\}//' | head -n -1; exit 0 ;;
	*) echo "synthbench: unknown flag $1" >&2; exit 2 ;;
	esac
	shift
done
mkdir -p bench/results
OUT=${OUT:-bench/results/synth-$(date +%Y%m%d-%H%M%S).txt}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

go test -c -o "$TMP/bench.test" ./bench
go build -o "$TMP/benchratio" ./bench/cmd/benchratio
: >"$OUT"
for ((r = 1; r <= ROUNDS; r++)); do
	echo "synthbench: round $r/$ROUNDS" >&2
	(cd bench && "$TMP/bench.test" -test.run '^$' -test.bench "$BENCH" -test.benchmem -test.count 1) | tee -a "$OUT" | grep '^Benchmark' >&2
done
echo "synthbench: results in $OUT" >&2
"$TMP/benchratio" "$OUT"
if command -v benchstat >/dev/null; then
	echo
	benchstat "$OUT"
fi
