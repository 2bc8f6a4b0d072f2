#!/bin/sh
# fault_sweep.sh: fault injection over a demo run. Builds finops with -DFC_FAULT_INJECT=ON in its own
# folder, publishes the demo once, then runs it again with the N-th allocation failing and with the
# N-th file write failing (ENOSPC). Every such run must exit 1 with a message, never crash (or leak,
# in the sanitizer build), and publish nothing: the previous pack stays byte-identical and no
# temporary folder is left behind. The sweep runs with --jobs 1 (one process counts every allocation
# and write); a second, sparser pass runs with --jobs 2, where the N-th allocation or write fails in
# the parent or in each render worker.
# usage: fault_sweep.sh SOURCE_DIR BUILD_DIR MODE [STEP]
#   MODE all:  a fast build, every N of both kinds (STEP 1 unless given)
#   MODE asan: an AddressSanitizer + UndefinedBehaviorSanitizer build (leaks are failures), every
#              STEP-th N (default 37) plus the first and last 20 of each kind
set -u
SRC=$1
B=$2
MODE=$3
STEP=${4:-}
JOBS=${JOBS:-2}
W=$B/work
flags="-DFC_FAULT_INJECT=ON -DFC_BUILD_TESTS=OFF -DFC_WERROR=ON"
if [ "$MODE" = asan ]; then
  flags="$flags -DCMAKE_BUILD_TYPE=Debug -DFC_SANITIZE=ON -DFC_ARENA_DEBUG=ON"
  STEP=${STEP:-37}
else
  flags="$flags -DCMAKE_BUILD_TYPE=RelWithDebInfo"
  STEP=${STEP:-1}
fi
echo "== building $B ($MODE)"
# shellcheck disable=SC2086
cmake -S "$SRC" -B "$B" $flags >"$B-configure.log" 2>&1 || { cat "$B-configure.log"; exit 1; }
cmake --build "$B" -j"$JOBS" >"$B-build.log" 2>&1 || { tail -40 "$B-build.log"; exit 1; }

rm -rf "$W" && mkdir -p "$W"
cp "$SRC/examples/demo/claims.yaml" "$W/"
if [ "$MODE" = all ]; then
  # every N: the demo with one person of each role (four packs instead of ten), for time
  awk '/^people:/ { p = 1; print; next }
       p && /^[a-z]/ { p = 0 }
       p && /^  - email:/ { keep = ($3 ~ /^(lee|morgan|pat|chris)@/) }
       !p || keep' "$SRC/examples/demo/finops.yaml" >"$W/finops.yaml"
else
  cp "$SRC/examples/demo/finops.yaml" "$W/"
fi
ln -s "$SRC/examples/demo/cur" "$W/cur"
export ASAN_OPTIONS=detect_leaks=1:exitcode=23:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=23
export LSAN_OPTIONS=exitcode=23:suppressions="$SRC/tools/lsan.supp":print_suppressions=0
FINOPS=$B/finops

# the previous pack
(cd "$W" && FC_FAULT_COUNT="$W/count" "$FINOPS" run -q --jobs 1 --out "$W/out" >"$W/base.log" 2>&1) || {
  echo "FAIL: the run without faults failed"; cat "$W/base.log"; exit 1; }
# the published pack (reports a run replaced, .old-<period>-<pid>, wait there for the next run to
# remove them: a jobs-2 run whose fault nobody reaches publishes the same files again)
sums() { (cd "$W/out" && find . -path './.old-*' -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }
sums >"$W/before.sum"
allocs=$(sed -n 's/^allocs //p' "$W/count")
writes=$(sed -n 's/^writes //p' "$W/count")
echo "a demo run makes $allocs counted allocations and $writes counted writes"

# one faulty run: prints "KIND N rc verdict" (verdict ok or the problem)
cat >"$W/one.sh" <<'ONE'
#!/bin/sh
kind=$1; n=$2; W=$3; FINOPS=$4
log=$W/log/$kind-$n.txt
export FC_FAULT_TRACE=1
jobs=1
case $kind in *-jobs2) jobs=2 ;; esac
if [ "${kind%-jobs2}" = alloc ]; then
  (cd "$W" && FC_FAULT_ALLOC=$n "$FINOPS" run -q --jobs $jobs --out "$W/out" >"$log" 2>&1); rc=$?
else
  (cd "$W" && FC_FAULT_WRITE=$n "$FINOPS" run -q --jobs $jobs --out "$W/out" >"$log" 2>&1); rc=$?
fi
v=ok
# with two render processes the counts split at the fork: an N that no process reaches fails
# nothing, and the run publishes the same files again (checked with the sums at the end)
if [ "$jobs" -eq 2 ] && [ "$rc" -eq 0 ]; then v=ok
elif [ "$rc" -ne 1 ]; then v="exit $rc"
elif ! grep -q 'error:\|failed' "$log"; then v="no message"
elif grep -q 'Sanitizer\|runtime error\|LeakSanitizer' "$log"; then v="sanitizer report"
fi
echo "$kind $n $rc $v"
[ "$v" = ok ] && rm -f "$log"
exit 0
ONE
mkdir -p "$W/log"
seqs() { # kind count
  if [ "$STEP" -eq 1 ]; then seq 1 "$2"
  else { seq 1 20; seq 21 "$STEP" "$2"; seq $(($2 > 40 ? $2 - 19 : 21)) "$2"; } | sort -n -u; fi | sed "s/^/$1 /"
}
start=$(date +%s)
# FAULT_ONLY="alloc|write FROM TO" narrows the sweep (when looking into one part)
if [ -n "${FAULT_ONLY:-}" ]; then
  set -- $FAULT_ONLY
  seqs "$1" "$3" | awk -v a="$2" '$2 >= a'
else
  seqs alloc "$allocs"
  seqs write "$writes"
  # render workers: a sparser pass, both kinds (a fault past the fork hits each worker's own count)
  wstep=$((STEP > 1 ? STEP * 3 : 29))
  seq 1 "$wstep" "$allocs" | sed 's/^/alloc-jobs2 /'
  seq 1 "$wstep" "$writes" | sed 's/^/write-jobs2 /'
fi |
  xargs -P"$JOBS" -L1 sh -c 'sh "$0/one.sh" "$2" "$3" "$0" "$1"' "$W" "$FINOPS" >"$W/results.txt"
end=$(date +%s)
runs=$(wc -l <"$W/results.txt")
badn=$(grep -vc ' ok$' "$W/results.txt")
echo "$runs faulty runs in $((end - start)) s; $badn not ending in exit 1 with a message"
grep -v ' ok$' "$W/results.txt" | sort -k1,1 -k2,2n | head -40
for f in $(grep -v ' ok$' "$W/results.txt" | sort -k1,1 -k2,2n | head -5 | awk '{print $1"-"$2}'); do
  echo "--- $f"; head -30 "$W/log/$f.txt"
done
fail=$badn
sums >"$W/after.sum"
if ! cmp -s "$W/before.sum" "$W/after.sum"; then
  echo "FAIL: the published pack changed"; diff "$W/before.sum" "$W/after.sum" | head; fail=$((fail + 1))
fi
left=$(find "$W/out" -maxdepth 1 -name '.*' ! -name . ! -name '.old-*' | head -5)
if [ -n "$left" ]; then echo "FAIL: left behind: $left"; fail=$((fail + 1)); fi
[ "$fail" -eq 0 ] && echo "fault sweep passed" && exit 0
exit 1
