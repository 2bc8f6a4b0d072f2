#!/bin/sh
# The phase timer (FINOPS_TIMINGS=1): a table of phases on stderr, the published files byte for byte
# those of a run without it (one render process, so that the packs are drawn in one order), and
# nothing printed when it is off.
# usage: timings.sh FINOPS SOURCE_DIR TMP_DIR
set -u
FINOPS=$1
SRC=$2
T=$3
rm -rf "$T"
mkdir -p "$T"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*" >&2
}
DEMO="$SRC/examples/demo/finops.yaml"

"$FINOPS" run -q -c "$DEMO" --jobs 1 --out "$T/off" >"$T/off.out" 2>"$T/off.err" && ok || bad "run without timings failed"
FINOPS_TIMINGS=1 "$FINOPS" run -q -c "$DEMO" --jobs 1 --out "$T/on" >"$T/on.out" 2>"$T/on.err" && ok ||
  bad "run with timings failed: $(cat "$T/on.err")"
FINOPS_TIMINGS=0 "$FINOPS" run -q -c "$DEMO" --jobs 1 --out "$T/zero" >"$T/zero.out" 2>"$T/zero.err" && ok ||
  bad "run with FINOPS_TIMINGS=0 failed"
if diff -r "$T/off" "$T/on" >"$T/diff.txt" 2>&1; then ok; else bad "timings change the output: $(head -5 "$T/diff.txt")"; fi
if diff -r "$T/off" "$T/zero" >"$T/diff.txt" 2>&1; then ok; else bad "FINOPS_TIMINGS=0 changes the output"; fi
if [ ! -s "$T/off.err" ] && [ ! -s "$T/zero.err" ]; then ok; else
  bad "timings printed while off: $(cat "$T/off.err" "$T/zero.err" | head -3)"
fi
sed "s|$T/on|OUT|" "$T/on.out" >"$T/on.out2"
sed "s|$T/off|OUT|" "$T/off.out" >"$T/off.out2"
if cmp -s "$T/on.out2" "$T/off.out2"; then ok; else bad "timings change stdout"; fi
# every phase of the run, with wall and CPU milliseconds, and a table per render process
for phase in setup ingest plugins summary.json 'render packs' manifest fsync swap total; do
  if grep -Eq "^  $phase +[0-9]+\.[0-9] +[0-9]+\.[0-9]" "$T/on.err"; then ok; else bad "no phase '$phase' in: $(cat "$T/on.err")"; fi
done
if grep -q '^finops run  *wall ms  *cpu ms' "$T/on.err"; then ok; else bad "no title line"; fi
# resident and peak MB per phase (VmRSS, VmHWM, read together): a peak never below what is resident
if grep -q ' rss MB  *peak MB$' "$T/on.err"; then ok; else bad "no rss/peak columns"; fi
if awk '/^  / { n++; if ($NF + 0 < $(NF - 1) || $(NF - 1) <= 0) exit 1 } $1 == "total" { t = 1 }
  END { exit !(t && n > 5) }' "$T/on.err"; then ok; else bad "rss/peak columns wrong: $(cat "$T/on.err")"; fi
# with render processes, each prints its own table (one process: the render lines are the run's)
if grep -Eq '^  render/workbooks +[0-9]' "$T/on.err"; then ok; else bad "no render/workbooks line, one process"; fi
FINOPS_TIMINGS=1 "$FINOPS" run -q -c "$DEMO" --jobs 2 --out "$T/two" >/dev/null 2>"$T/two.err" && ok || bad "--jobs 2 failed"
n=$(grep -c '^render process [12] ' "$T/two.err")
if [ "$n" -eq 2 ]; then ok; else bad "expected 2 render process tables, found $n"; fi
if [ "$(grep -Ec '^  render/workbooks +[0-9]' "$T/two.err")" -eq 2 ]; then ok; else bad "no render/workbooks lines"; fi

echo "timings: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
