#!/bin/sh
# duckdb_lazy.sh: finops opens libduckdb.so only when a run needs it. A CSV scan and a CSV run
# succeed with FINOPS_DUCKDB_LIB naming a file that does not exist, and the dynamic loader's own log
# (LD_DEBUG=files) shows they never even try to open it; a Parquet input, inputs.engine: duckdb and
# --version do open it, and when it cannot be loaded say what was tried and why (exit 2 for the
# inputs, as without DuckDB). The installed layout (cmake --install) loads its own copy.
# usage: duckdb_lazy.sh FINOPS SOURCE_DIR BUILD_DIR SCRATCH_DIR CMAKE BUILD_TREE_LIBDUCKDB
set -u
FINOPS=$1
SRC=$2
BUILD=$3
T=$4
CMAKE=$5
TREE_LIB=$6
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
rm -rf "$T" && mkdir -p "$T"
NONE=$T/none/libduckdb.so
CSV=$SRC/examples/demo/cur/finops-cur/data/BILLING_PERIOD=2026-11/finops-cur-00001.csv.gz

# traced LABEL CMD...: runs CMD with the loader's file log in $T/ld-LABEL.* (one per process);
# the exit status in $rc, stderr in $T/err-LABEL.txt
traced() {
  label=$1
  shift
  rm -f "$T/ld-$label".*
  LD_DEBUG=files LD_DEBUG_OUTPUT="$T/ld-$label" "$@" >"$T/out-$label.txt" 2>"$T/err-$label.txt"
  rc=$?
}
# opened LABEL: did any process of that command try to open a libduckdb.so?
opened() { cat "$T/ld-$1".* 2>/dev/null | grep -q 'file=[^ ]*libduckdb\.so'; }

# ---- CSV never loads it ----
readelf -d "$FINOPS" | grep -q 'NEEDED.*libduckdb' && bad "finops links libduckdb.so" || ok
traced scan env FINOPS_DUCKDB_LIB="$NONE" "$FINOPS" scan -q "$CSV"
if [ $rc -eq 0 ]; then ok; else bad "scan of CSV with FINOPS_DUCKDB_LIB unloadable: exit $rc"; cat "$T/err-scan.txt" >&2; fi
if opened scan; then bad "scan of CSV tried to open libduckdb.so"; grep -h libduckdb "$T/ld-scan".* >&2; else ok; fi
# the same without the override: nothing is looked for, not even the copy that would load
traced scan2 "$FINOPS" scan -q "$CSV"
if [ $rc -eq 0 ] && ! opened scan2; then ok; else bad "scan of CSV: exit $rc or libduckdb.so opened"; fi

mkdir -p "$T/demo" && cp -r "$SRC/examples/demo/cur" "$SRC/examples/demo/claims.yaml" "$SRC/examples/demo/finops.yaml" "$T/demo/"
traced run env FINOPS_DUCKDB_LIB="$NONE" "$FINOPS" run -q -c "$T/demo/finops.yaml" --out "$T/out-csv"
if [ $rc -eq 0 ] && [ -s "$T/out-csv/2026-11/summary.json" ]; then ok; else
  bad "run on CSV with FINOPS_DUCKDB_LIB unloadable: exit $rc"; cat "$T/err-run.txt" >&2
fi
if opened run; then bad "run on CSV tried to open libduckdb.so"; grep -h libduckdb "$T/ld-run".* >&2; else ok; fi

# ---- a Parquet input loads it; unloadable, a clear error naming what was tried, exit 2 ----
mkdir -p "$T/pq/cur" && printf 'PAR1 not really\n' >"$T/pq/cur/x.parquet"
sed 's|^  cur: \[cur/\]|  cur: [cur/x.parquet]|' "$SRC/examples/demo/finops.yaml" >"$T/pq/finops.yaml"
cp "$SRC/examples/demo/claims.yaml" "$T/pq/"
traced pq env FINOPS_DUCKDB_LIB="$NONE" "$FINOPS" run -q -c "$T/pq/finops.yaml" --out "$T/out-pq"
want="x.parquet: error: a Parquet input needs DuckDB, which could not be loaded: tried FINOPS_DUCKDB_LIB=$NONE ($NONE: cannot open shared object file: No such file or directory); set FINOPS_DUCKDB_LIB"
if [ $rc -eq 2 ] && grep -qF "$want" "$T/err-pq.txt"; then ok; else
  bad "Parquet with FINOPS_DUCKDB_LIB unloadable: exit $rc, want 2 and: $want"; cat "$T/err-pq.txt" >&2
fi
if opened pq; then ok; else bad "the Parquet run did not try $NONE (the loader log misses it)"; fi
# loadable: the same bogus file now reaches DuckDB itself, which refuses it
traced pq2 "$FINOPS" run -q -c "$T/pq/finops.yaml" --out "$T/out-pq"
if [ $rc -eq 2 ] && grep -q "x.parquet: error: DuckDB could not read the input" "$T/err-pq2.txt" && opened pq2; then ok; else
  bad "Parquet with DuckDB loadable: exit $rc"; cat "$T/err-pq2.txt" >&2
fi

# finops check says so for the input too
FINOPS_DUCKDB_LIB="$NONE" "$FINOPS" check -c "$T/pq/finops.yaml" >"$T/check.txt" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -qF "x.parquet: Parquet (needs DuckDB: cannot be loaded (Parquet inputs disabled): tried FINOPS_DUCKDB_LIB=$NONE (" "$T/check.txt"; then ok; else
  bad "check of a Parquet input with FINOPS_DUCKDB_LIB unloadable: exit $rc"; cat "$T/check.txt" >&2
fi

# inputs.engine: duckdb on the CSV export
sed 's|^  cur: \[cur/\]|  cur: [cur/]\n  engine: duckdb|' "$SRC/examples/demo/finops.yaml" >"$T/demo/engine.yaml"
traced eng env FINOPS_DUCKDB_LIB="$NONE" "$FINOPS" run -q -c "$T/demo/engine.yaml" --out "$T/out-eng"
if [ $rc -eq 2 ] && grep -q "error: inputs.engine: duckdb needs DuckDB, which could not be loaded: tried FINOPS_DUCKDB_LIB=" "$T/err-eng.txt"; then ok; else
  bad "inputs.engine: duckdb with FINOPS_DUCKDB_LIB unloadable: exit $rc"; cat "$T/err-eng.txt" >&2
fi

# a file that is not a library, and a library without DuckDB's functions: dlerror()'s words
FINOPS_DUCKDB_LIB="$SRC/README.md" "$FINOPS" --version >"$T/v1.txt" 2>&1
if grep -q "^DuckDB: cannot be loaded (Parquet inputs disabled): tried FINOPS_DUCKDB_LIB=$SRC/README.md (.*README.md: .*ELF" "$T/v1.txt"; then ok; else
  bad "--version with a text file as the library"; cat "$T/v1.txt" >&2
fi
LIBZ=$(ldd "$FINOPS" | awk '$1 ~ /^libz\.so/ {print $3}')
FINOPS_DUCKDB_LIB="$LIBZ" "$FINOPS" --version >"$T/v2.txt" 2>&1
if [ -n "$LIBZ" ] && grep -q "tried FINOPS_DUCKDB_LIB=$LIBZ (.*undefined symbol: duckdb_library_version)" "$T/v2.txt"; then ok; else
  bad "--version with zlib as the library"; cat "$T/v2.txt" >&2
fi

# ---- where it is found: the build tree's copy, and an installed layout's own ----
"$FINOPS" --version | grep -q "^DuckDB: v[0-9.]* (header v[0-9.]*) from $TREE_LIB$" && ok ||
  { bad "--version does not name the build tree's copy"; "$FINOPS" --version >&2; }
if "$CMAKE" --install "$BUILD" --prefix "$T/inst" >/dev/null; then
  lib=$(cd "$T/inst" && find . -name libduckdb.so | sed 's|^\./||')
  "$T/inst/bin/finops" --version | grep -q "^DuckDB: v[0-9.]* (header v[0-9.]*) from $T/inst/$lib$" && ok ||
    { bad "installed finops does not load its own copy ($lib)"; "$T/inst/bin/finops" --version >&2; }
  readelf -d "$T/inst/bin/finops" | grep -q 'NEEDED.*libduckdb' && bad "installed finops links libduckdb.so" || ok
  rm -rf "$T/inst"
else
  bad "cmake --install failed"
fi

echo "duckdb_lazy: $pass passed, $fail failed"
[ $fail -eq 0 ]
