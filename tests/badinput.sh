#!/bin/sh
# badinput.sh: the bad-input corpus. Every case in tests/badinput/*.cases damages a fresh copy of
# tests/badinput/fixture (a small valid configuration, claims ledger and CUR export), runs one
# finops command in it and checks the exit status, a message pattern (with the position where one
# exists) and, for cases that publish, the figures.
# usage: badinput.sh FINOPS_BINARY SOURCE_DIR SCRATCH_DIR [CASE_NAME_PATTERN]
#
# Case file syntax (sourced by this script):
#   t NAME EXIT PATTERN SETUP [ARGS...]   run `finops ARGS` (default: run -q) in a copy after the
#                                        shell SETUP ran in it; PATTERN is an extended regular
#                                        expression the combined stdout and stderr must match
#                                        ('' when nothing is required); a file EXPECT that
#                                        SETUP writes holds one more pattern (computed offsets)
#   totals KEY VALUE                     the last case's summary.json has "KEY": VALUE in totals
#   holds 'SHELL TEST' DESCRIPTION       the test holds in the last case's folder
#   lacks PATTERN                        the last case's output does not match PATTERN
# In SETUP: $CUR is the fixture's CUR file, $SRC the source tree, `row N` prints data row N of the
# fixture (1-4; row 3 is not Bedrock), `hdr` its header line, `prev` publishes the fixture's
# reports first (to check what a failed run leaves), `gz FILE` gzips in place.
set -u
FINOPS=$1
SRC=$2
T=$3
ONLY=${4:-}
FIX=$SRC/tests/badinput/fixture
pass=0
fail=0
cases=0
failed_cases=""
rm -rf "$T" && mkdir -p "$T"

CUR=cur/cur-00001.csv
hdr() { sed -n 1p "$FIX/$CUR"; }
row() { sed -n "$(($1 + 1))p" "$FIX/$CUR"; }
prev() { "$FINOPS" run -q >/dev/null 2>&1 || echo "setup: publishing the fixture failed" >&2; }
gz() { gzip -n "$1"; }

skip_case=0
D=
O=
bad() {
  fail=$((fail + 1))
  case " $failed_cases " in *" $name "*) ;; *) failed_cases="$failed_cases $name" ;; esac
  echo "FAIL: $name: $*" >&2
}
t() {
  name=$1
  want=$2
  pat=$3
  setup=$4
  shift 4
  skip_case=0
  if [ -n "$ONLY" ] && ! echo "$name" | grep -Eq -- "$ONLY"; then
    skip_case=1
    return
  fi
  cases=$((cases + 1))
  D=$T/$name
  O=$T/$name.out
  cp -r "$FIX" "$D"
  if ! (cd "$D" && eval "$setup") >"$T/$name.setup" 2>&1; then
    bad "setup failed"
    sed 's/^/  | /' "$T/$name.setup" >&2
    return
  fi
  [ $# -gt 0 ] || set -- run -q
  (cd "$D" && "$FINOPS" "$@") >"$O" 2>&1
  got=$?
  if [ "$got" -ne "$want" ]; then
    bad "exit $got, want $want (finops $*)"
    sed 's/^/  | /' "$O" | head -20 >&2
  elif [ -n "$pat" ] && ! grep -Eq -- "$pat" "$O"; then
    bad "output does not match '$pat'"
    sed 's/^/  | /' "$O" | head -20 >&2
  elif [ -f "$D/EXPECT" ] && ! grep -Eqf "$D/EXPECT" "$O"; then
    bad "output does not match '$(cat "$D/EXPECT")'"
    sed 's/^/  | /' "$O" | head -20 >&2
  else
    pass=$((pass + 1))
  fi
}
totals() {
  [ "$skip_case" -eq 0 ] || return 0
  s=$D/out/2026-11/summary.json
  if [ -f "$s" ] && sed -n '/"totals"/,/}/p' "$s" | grep -Fq "\"$1\": $2,"; then
    pass=$((pass + 1))
  else
    bad "totals: \"$1\": $2 not in $s"
    [ -f "$s" ] && sed -n '/"totals"/,/}/p' "$s" | sed 's/^/  | /' >&2
  fi
}
holds() {
  [ "$skip_case" -eq 0 ] || return 0
  if (cd "$D" && eval "$1") >/dev/null 2>&1; then pass=$((pass + 1)); else bad "does not hold: $2"; fi
}
lacks() {
  [ "$skip_case" -eq 0 ] || return 0
  if grep -Eq -- "$1" "$O"; then
    bad "output matches '$1'"
    sed 's/^/  | /' "$O" | head -20 >&2
  else
    pass=$((pass + 1))
  fi
}

for f in "$SRC"/tests/badinput/*.cases; do
  # shellcheck disable=SC1090
  . "$f"
done
echo "badinput: $cases cases, $pass checks passed, $fail failed"
[ -z "$failed_cases" ] || echo "badinput: failing cases:$failed_cases ($(echo $failed_cases | wc -w))"
[ "$fail" -eq 0 ] && [ "$cases" -gt 0 ]
