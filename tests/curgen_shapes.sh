#!/bin/sh
# The benchmark generator's fixed organisation (fc-curgen bench --org-seed, --shapes), which the
# memory benchmark (tools/bench-memory.sh) relies on: with --shapes K, three times the rows give the
# same fact keys (more rows and sessions, no new keys), while without it they give more; with
# --org-seed, files of other row seeds name the same roles, while other seeds alone name others;
# and the default output does not depend on whether --org-seed repeats --seed.
# usage: curgen_shapes.sh FINOPS CURGEN TMP_DIR
set -u
FINOPS=$1
CURGEN=$2
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
facts() { "$FINOPS" scan -q "$@" | awk '$1 == "facts" { print $2 }'; }
rows() { "$FINOPS" scan -q "$@" | awk '$1 == "bedrock_rows" { print $2 }'; }
roles() { grep -o 'assumed-role/[^/]*/' "$1" | sort -u; }
sessions() { grep -o 'assumed-role/[^,"]*' "$1" | sort -u | wc -l; }

"$CURGEN" bench --rows 60000 --shapes 150 "$T/k1.csv" 2>/dev/null && ok || bad "--shapes 150, 60k rows failed"
"$CURGEN" bench --rows 180000 --shapes 150 "$T/k3.csv" 2>/dev/null && ok || bad "--shapes 150, 180k rows failed"
"$CURGEN" bench --rows 60000 "$T/f1.csv" 2>/dev/null && ok || bad "60k rows failed"
"$CURGEN" bench --rows 180000 "$T/f3.csv" 2>/dev/null && ok || bad "180k rows failed"
k1=$(facts "$T/k1.csv")
k3=$(facts "$T/k3.csv")
f1=$(facts "$T/f1.csv")
f3=$(facts "$T/f3.csv")
echo "facts: --shapes 150: $k1 at 60k rows, $k3 at 180k; without: $f1, $f3"
if [ -n "$k1" ] && [ "$k1" -gt 1000 ] && [ "$k1" = "$k3" ]; then ok; else bad "--shapes: facts $k1 then $k3"; fi
if [ -n "$f1" ] && [ -n "$f3" ] && [ "$f3" -gt $((f1 * 2)) ]; then ok; else bad "without --shapes: facts $f1 then $f3"; fi
r1=$(rows "$T/k1.csv")
r3=$(rows "$T/k3.csv")
if [ "$r3" -gt $((r1 * 2)) ]; then ok; else bad "--shapes: Bedrock rows $r1 then $r3"; fi
s1=$(sessions "$T/k1.csv")
s3=$(sessions "$T/k3.csv")
if [ "$s3" -gt "$s1" ]; then ok; else bad "--shapes: principals with sessions $s1 then $s3: sessions should keep coming"; fi

"$CURGEN" bench --rows 60000 --seed 2 --org-seed 1 "$T/o2.csv" 2>/dev/null && ok || bad "--org-seed failed"
"$CURGEN" bench --rows 60000 --seed 2 "$T/s2.csv" 2>/dev/null && ok || bad "--seed 2 failed"
roles "$T/f1.csv" >"$T/r1"
roles "$T/o2.csv" >"$T/ro2"
roles "$T/s2.csv" >"$T/rs2"
new_o=$(comm -13 "$T/r1" "$T/ro2" | wc -l)
new_s=$(comm -13 "$T/r1" "$T/rs2" | wc -l)
echo "roles of seed 1: $(wc -l <"$T/r1"); not among them: $new_o with --org-seed 1, $new_s without"
if [ $((new_o * 10)) -lt "$new_s" ]; then ok; else bad "--org-seed 1 --seed 2 names $new_o roles seed 1 does not (--seed 2 alone: $new_s)"; fi
if [ "$new_s" -gt 200 ]; then ok; else bad "--seed 2 alone names only $new_s other roles"; fi
if cmp -s "$T/o2.csv" "$T/s2.csv"; then bad "--org-seed changed nothing"; else ok; fi
"$CURGEN" bench --rows 60000 --seed 1 --org-seed 1 "$T/same.csv" 2>/dev/null && ok || bad "--org-seed 1 --seed 1 failed"
if cmp -s "$T/f1.csv" "$T/same.csv"; then ok; else bad "--org-seed equal to --seed changed the output"; fi

echo "curgen_shapes: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
