#!/bin/sh
# fuzz.sh: builds the libFuzzer targets (fuzz/) with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer in their own folder and runs each for a few seconds from its committed
# corpus. Any crash, leak, sanitizer report or broken invariant fails. docs/fuzzing.md gives the
# longer runs.
# usage: fuzz.sh SOURCE_DIR BUILD_DIR CLANG [SECONDS]
set -u
SRC=$1
B=$2
CLANG=$3
SECS=${4:-3}
JOBS=${JOBS:-2}
CC="$CLANG" cmake -S "$SRC" -B "$B" -DFC_FUZZ=ON -DFC_BUILD_TESTS=OFF -DFC_WERROR=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$B-configure.log" 2>&1 || { cat "$B-configure.log"; exit 1; }
cmake --build "$B" -j"$JOBS" --target fuzz >"$B-build.log" 2>&1 || { tail -40 "$B-build.log"; exit 1; }
fail=0
for t in csv gzip config claims arn mapcell jsonw; do
  work=$B/run/$t
  rm -rf "$work" && mkdir -p "$work/new" "$work/art"
  "$B/fuzz/fuzz_$t" -max_total_time="$SECS" -print_final_stats=1 -artifact_prefix="$work/art/" \
    "$work/new" "$SRC/fuzz/corpus/$t" >"$work/log.txt" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log.txt")
  if [ "$rc" -ne 0 ]; then
    echo "FAIL: fuzz_$t (exit $rc after ${execs:-?} executions)"
    grep -v '^#\|^INFO\|NEW \|REDUCE \|pulse ' "$work/log.txt" | head -40
    ls "$work/art"
    fail=1
  else
    echo "fuzz_$t: ${execs:-?} executions in ${SECS} s, no crash"
  fi
done
exit $fail
