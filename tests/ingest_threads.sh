#!/bin/sh
# ingest_threads.sh: the published reports of a run reading on two threads (files in parallel,
# plain CSV files cut in two, gzip inflated on a reader thread) are byte-identical to those of a
# run reading one file at a time on one thread (FINOPS_THREADS=1), with the same messages: for a
# clean multi-file export (gzip chunks and plain CSV), for a file whose cut falls inside a quoted
# field that spans lines, and for damaged rows in the second half of a cut file; and with zlib
# instead of ISA-L; and for invoices in several files (the reconciliation counted per part).
# usage: ingest_threads.sh FINOPS FC_CURGEN SCRATCH
set -u
FINOPS=$1
CURGEN=$2
T=$3
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
  echo "FAIL: $*" >&2
  fail=$((fail + 1))
}
rm -rf "$T" && mkdir -p "$T/cur"

# the export: three gzip chunks and two plain CSV files
"$CURGEN" bench --rows 15000 --seed 5 --chunk-rows 5000 --bedrock-share 0.3 "$T/cur/a.csv.gz" 2>/dev/null
"$CURGEN" bench --rows 10000 --seed 6 --bedrock-share 0.3 "$T/cur/b.csv" 2>/dev/null
"$CURGEN" bench --rows 4000 --seed 7 --bedrock-share 0.5 "$T/cur/c.csv" 2>/dev/null

config() { # dir inputs...
  mkdir -p "$1"
  d=$1
  shift
  {
    echo "version: 1"
    echo "organization: Threads"
    echo "inputs:"
    echo "  cur: [$*]"
    echo "period: 2026-11"
    echo "as_of: 2026-12-01"
    echo "hierarchy:"
    echo "  levels: [Division, Workload]"
    echo "workloads:"
    echo "  - {id: w0, name: Zero, parent: North}"
    echo "  - {id: w1, name: One, parent: South}"
    echo "output:"
    echo "  dir: out"
  } >"$d/finops.yaml"
  : >"$d/claims.yaml"
}

# run NAME DIR ENV...: runs finops in DIR with the environment given, keeps out-NAME and its messages
run() {
  name=$1
  dir=$2
  shift 2
  rm -rf "$dir/out"
  env "$@" FINOPS_SPLIT_BYTES=50000 "$FINOPS" run -c "$dir/finops.yaml" >"$dir/$name.stdout" 2>"$dir/$name.stderr"
  echo $? >"$dir/$name.rc"
  rm -rf "$dir/out-$name"
  [ -d "$dir/out" ] && mv "$dir/out" "$dir/out-$name"
  env "$@" FINOPS_SPLIT_BYTES=50000 "$FINOPS" scan "$dir"/cur* 2>&1 | grep -v '^seconds\|_per_s ' >"$dir/$name.scan"
}

# same DIR NAME: out-NAME, its exit status and messages equal the one-thread run's
same() {
  dir=$1
  name=$2
  if ! cmp -s "$dir/one.rc" "$dir/$name.rc"; then
    bad "$dir: exit status $(cat "$dir/$name.rc") with $name, $(cat "$dir/one.rc") with one thread"
    return
  fi
  if [ -d "$dir/out-one" ] && ! diff -r "$dir/out-one" "$dir/out-$name" >"$dir/$name.diff" 2>&1; then
    bad "$dir: the reports differ between one thread and $name"
    head -5 "$dir/$name.diff" >&2
    return
  fi
  for f in stdout stderr scan; do
    if ! cmp -s "$dir/one.$f" "$dir/$name.$f"; then
      bad "$dir: $f differs between one thread and $name"
      diff "$dir/one.$f" "$dir/$name.$f" | head -5 >&2
      return
    fi
  done
  ok
}

check() { # dir
  run one "$1" FINOPS_THREADS=1
  run two "$1" FINOPS_THREADS=2
  run zlib "$1" FINOPS_THREADS=2 FINOPS_INFLATE=zlib
  run four "$1" FINOPS_THREADS=4
  same "$1" two
  same "$1" zlib
  same "$1" four
}

# 1. a clean export of five files
D=$T/clean
config "$D" ../cur/
ln -s ../cur "$D/cur"
check "$D"
grep -q '"bedrock_rows": [1-9]' "$D/out-one/2026-11/summary.json" && ok || bad "clean: no Bedrock rows read"
grep -q '^files 5$' "$D/one.scan" && ok || bad "clean: not five files"

# 2. a plain file whose middle record holds a quoted field of 40 lines: the cut falls inside it
D=$T/quoted
mkdir -p "$D/cur"
/usr/bin/python3 - "$T/cur/b.csv" "$D/cur/q.csv" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
hdr, rows = lines[0], [l for l in lines[1:] if l]
names = hdr.split(",")
d = names.index("line_item_line_item_description")
size = sum(len(l) + 1 for l in rows)
mid = len(rows) // 2
# the middle row's description becomes a quoted field of 40 lines, 10% of the file
r = rows[mid].split(",")
simple = all('"' not in x for x in r[: d + 1])
if not simple:
    for k in range(mid, len(rows)):
        r = rows[k].split(",")
        if all('"' not in x for x in r[: d + 1]):
            mid = k
            break
r = rows[mid].split(",", d + 1)
r[d] = '"' + "\n".join(["long description line %d " % i + "x" * (size // 400) for i in range(40)]) + '"'
rows[mid] = ",".join(r)
open(sys.argv[2], "w", encoding="utf-8").write(hdr + "\n" + "\n".join(rows) + "\n")
PY
config "$D" cur/
check "$D"

# 3. damaged rows in both halves of a cut file (errors: the run publishes nothing, the messages agree)
D=$T/damaged
mkdir -p "$D/cur"
awk 'NR == 1 || NR % 1500 != 0 { print; next } { print "broken,\"row" }' "$T/cur/b.csv" >"$D/cur/d.csv"
config "$D" cur/
check "$D"
grep -q 'malformed' "$D/one.stderr" && ok || bad "damaged: no message about the malformed rows"

# 4. invoices in several files: gzip chunks and cut plain files whose rows (Bedrock and other
# services) carry several invoice ids, facts spanning invoices and files; reconciliation.csv and
# summary.json agree byte for byte too
D=$T/invoices
mkdir -p "$D/cur"
/usr/bin/python3 - "$T/cur" "$D/cur" <<'PY'
import glob, gzip, os, sys
src, dst = sys.argv[1], sys.argv[2]
invs = ["", "2026318459", "2026318460", "2026318461"]
for f, path in enumerate(sorted(glob.glob(src + "/*.csv*"))):
    gz = path.endswith(".gz")
    data = (gzip.open(path, "rb") if gz else open(path, "rb")).read().decode("utf-8")
    lines = data.split("\n")
    assert lines[0].split(",")[2] == "bill_invoice_id"
    out = [lines[0]]
    for i, l in enumerate(lines[1:]):
        if l:
            p = l.split(",", 3)
            p[2] = invs[(i // 397 + f) % 4] if f != 1 else ""  # the second file: no invoices
            l = ",".join(p)
        out.append(l)
    text = "\n".join(out).encode("utf-8")
    name = os.path.join(dst, os.path.basename(path))
    if gz:
        with open(name, "wb") as o:
            o.write(gzip.compress(text, mtime=0))
    else:
        open(name, "wb").write(text)
PY
config "$D" cur/
check "$D"
R=$D/out-one/2026-11/reconciliation.csv
[ "$(grep -c '^2026-11,bedrock,.*,20263184[56][019],' "$R")" -ge 3 ] && ok || bad "invoices: Bedrock lines of fewer than three invoices"
grep -q '^2026-11,non_bedrock,.*,2026318461,' "$R" && ok || bad "invoices: no skipped rows of an invoice"
grep -q '^2026-11,cur_total,' "$R" && ok || bad "invoices: no cur_total line"
grep -q '"rows": 5000' "$D/out-one/2026-11/summary.json" && ok || bad "invoices: no input of 5000 rows in summary.json"

echo "ingest_threads: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
