#!/usr/bin/env bash
# compare.sh: prove that two builds of wsconcurrent report the same, byte
# for byte — what a refactor must show before it lands.
#
#   bash scripts/compare.sh [BASE [HEAD]]
#
# BASE and HEAD are git revisions (default: HEAD and the working tree,
# written "."). Each is built from a clean worktree of its own (the
# working tree as it is). Both builds then run, and their outputs are
# compared, on:
#
#   testdata   -json on every package under testdata/ and
#              cmd/wsconcurrent/testdata/ (the frameworks module only
#              when its modules are in the module cache)
#   fuzz       every seed of the fuzz corpus: the findings of the
#              program it generates (fuzz TestDumpCorpus), with HEAD's
#              generator and corpus for both builds
#   realworld  -json on every case of the real-world corpus, when
#              $WSC_REALWORLD holds its trees (shared/realworld/README)
#   wild       -json on every module of the wild suite, when $WSC_WILD
#              holds its trees (shared/wild/README); its manifest is
#              $WSC_WILD_MANIFEST (default ../shared/wild/modules.json)
#   soak       -json on every soak module already fetched into
#              $SOAK_DIR/src (scripts/soak.sh fetches them)
#
# Standard output and standard error are both compared (stderr holds the
# budget notes and their JSON). Outputs are kept in $COMPARE_DIR (default
# a temp dir) as BASE/... and HEAD/...; the script prints one line per
# item and exits 1 if any differs.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
base=${1:-HEAD}
head=${2:-.}
COMPARE_DIR=${COMPARE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/wsc-compare.XXXXXX")}
SOAK_DIR=${SOAK_DIR:-${TMPDIR:-/tmp}/wsconcurrent-soak}
export GOTOOLCHAIN=local

# build REV DIR: build REV's wsconcurrent as DIR/wsconcurrent; DIR/src is
# its source (a worktree, or a link to this checkout for ".").
build() {
	local rev=$1 dir=$2
	mkdir -p "$dir"
	if [[ $rev == . ]]; then
		ln -sfn "$root" "$dir/src"
	else
		git -C "$root" worktree add -q --detach "$dir/src" "$rev" || return 1
	fi
	(cd "$dir/src" && go build -o "$dir/wsconcurrent" ./cmd/wsconcurrent)
}

cleanup() {
	for side in base head; do
		if [[ -d $COMPARE_DIR/$side/src && ! -L $COMPARE_DIR/$side/src ]]; then
			git -C "$root" worktree remove --force "$COMPARE_DIR/$side/src" 2>/dev/null
		fi
	done
}
trap cleanup EXIT

echo "comparing $base (base) with $head (head) in $COMPARE_DIR"
build "$base" "$COMPARE_DIR/base" || exit 1
build "$head" "$COMPARE_DIR/head" || exit 1

differ=0
# same ITEM: compare the two sides' outputs of ITEM.
same() {
	local item=$1
	if cmp -s "$COMPARE_DIR/base/out/$item" "$COMPARE_DIR/head/out/$item"; then
		echo "same      $item"
	else
		echo "DIFFERENT $item"
		diff "$COMPARE_DIR/base/out/$item" "$COMPARE_DIR/head/out/$item" | head -20
		differ=1
	fi
}

# each ITEM DIR [ENV...] -- ARGS...: run both builds with ARGS in DIR,
# stdout and stderr into out/ITEM.
each() {
	local item=$1 dir=$2
	shift 2
	local env=()
	while [[ $1 != -- ]]; do
		env+=("$1")
		shift
	done
	shift
	for side in base head; do
		mkdir -p "$(dirname "$COMPARE_DIR/$side/out/$item")"
		(cd "$dir" && env "${env[@]}" "$COMPARE_DIR/$side/wsconcurrent" -json "$@" \
			>"$COMPARE_DIR/$side/out/$item" 2>&1)
		echo "exit $?" >>"$COMPARE_DIR/$side/out/$item"
	done
	same "$item"
}

# testdata: one run per package directory, so one package's failure
# does not hide another's output.
while read -r pkg; do
	each "testdata/${pkg//\//_}" "$root" -- "$pkg"
done < <(cd "$root" && find ./testdata ./cmd/wsconcurrent/testdata -name '*.go' -not -path './testdata/frameworks/*' -exec dirname {} \; | sort -u)

# fuzz corpus, HEAD's generator and seeds, each build's analyzer: the
# dump runs in each side's tree, base's with head's fuzz package copied
# in (so base is a worktree of its own, never this checkout).
for side in base head; do
	mkdir -p "$COMPARE_DIR/$side/out"
done
(cd "$COMPARE_DIR/head/src" && WSCONCURRENT_DUMP_CORPUS="$COMPARE_DIR/head/out/fuzz" go test -count=1 -run "^TestDumpCorpus$" ./fuzz >"$COMPARE_DIR/head/fuzz.log" 2>&1)
(cd "$COMPARE_DIR/base/src" && cp "$COMPARE_DIR"/head/src/fuzz/*.go fuzz/ && rm -rf fuzz/testdata && cp -r "$COMPARE_DIR/head/src/fuzz/testdata" fuzz/ &&
	WSCONCURRENT_DUMP_CORPUS="$COMPARE_DIR/base/out/fuzz" go test -count=1 -run "^TestDumpCorpus$" ./fuzz >"$COMPARE_DIR/base/fuzz.log" 2>&1)
same fuzz

# realworld
if [[ -n ${WSC_REALWORLD:-} && -d $WSC_REALWORLD ]]; then
	cases=$root/../shared/realworld/cases.json
	while IFS='|' read -r id moddir pkg; do
		[[ -d $WSC_REALWORLD/$id/$moddir ]] || continue
		each "realworld/$id" "$WSC_REALWORLD/$id/$moddir" GOWORK=off GOFLAGS=-mod=mod -- "$pkg"
	done < <(python3 -c 'import json,sys
for c in json.load(open(sys.argv[1])): print("%s|%s|%s" % (c["id"], c.get("module_dir") or ".", c["package"]))' "$cases")
fi

# wild
if [[ -n ${WSC_WILD:-} && -d $WSC_WILD ]]; then
	manifest=${WSC_WILD_MANIFEST:-$root/../shared/wild/modules.json}
	# As shared/wild/score.py runs them: GOFLAGS joins the module's own.
	while IFS=$'\t' read -r name dir goflags env flags pats; do
		[[ -d $WSC_WILD/$dir ]] || continue
		# shellcheck disable=SC2086 # words
		each "wild/$name" "$WSC_WILD/$dir" GOFLAGS="$goflags" $env -- $flags $pats
	done < <(python3 -c 'import json,sys
for m in json.load(open(sys.argv[1])):
    env = dict(m.get("env") or {})
    goflags = " ".join(x for x in ["-mod=mod -buildvcs=false", env.pop("GOFLAGS", "")] if x)
    print("\t".join([m["name"], m["dir"], goflags, " ".join("%s=%s" % kv for kv in env.items()) or "GOTOOLCHAIN=local", " ".join(m.get("flags") or []), " ".join(m["patterns"])]))' "$manifest")
fi

# soak
if [[ -d $SOAK_DIR/src ]]; then
	while IFS='|' read -r name _ pats flags; do
		[[ -d $SOAK_DIR/src/$name ]] || continue
		# shellcheck disable=SC2086 # words
		each "soak/$name" "$SOAK_DIR/src/$name" GOWORK=off GOFLAGS=-mod=mod -- $flags $pats
	done < <(bash "$root/scripts/soak.sh" --list)
fi

if [[ $differ -ne 0 ]]; then
	echo "compare: the builds differ"
	exit 1
fi
echo "compare: identical"
