#!/bin/sh
# fetch-duckdb.sh: fetches DuckDB's C API (duckdb.h and libduckdb.so, one release) with `npm pack`
# into third_party/duckdb/ (git-ignored): include/duckdb.h, lib/libduckdb.so and VERSION. The
# library comes from @duckdb/node-bindings-linux-x64, the header from the `duckdb` package's
# source; both must be the same DuckDB release (checked here from the packages, and again at run
# time against duckdb_library_version()). FINOPS_NO_DUCKDB=1 skips it. Exits non-zero on failure.
set -eu
DUCKDB_VERSION="${FINOPS_DUCKDB_VERSION:-1.4.4}"
BINDINGS_REV="${FINOPS_DUCKDB_BINDINGS_REV:-r.4}"
[ "${FINOPS_NO_DUCKDB:-}" = "1" ] && exit 0
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/third_party/duckdb"
if [ -f "$dest/VERSION" ] && [ "$(cat "$dest/VERSION")" = "v$DUCKDB_VERSION" ] && [ -f "$dest/include/duckdb.h" ] &&
  [ -f "$dest/lib/libduckdb.so" ]; then
  exit 0
fi
case "$(uname -m)" in x86_64) ;; *) echo "fetch-duckdb: only linux-x64 is packaged; skipped" >&2; exit 1 ;; esac
command -v npm >/dev/null || { echo "fetch-duckdb: npm not found" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "fetching DuckDB $DUCKDB_VERSION (npm pack @duckdb/node-bindings-linux-x64, duckdb)" >&2
(cd "$tmp" && npm pack --silent "@duckdb/node-bindings-linux-x64@$DUCKDB_VERSION-$BINDINGS_REV" \
  "duckdb@$DUCKDB_VERSION" >/dev/null)
mkdir -p "$tmp/lib" "$tmp/hdr"
tar xzf "$tmp"/duckdb-node-bindings-linux-x64-*.tgz -C "$tmp/lib" package/libduckdb.so package/package.json
tar xzf "$tmp"/duckdb-"$DUCKDB_VERSION".tgz -C "$tmp/hdr" package/src/duckdb/src/include/duckdb.h package/package.json
v_lib="$(sed -n 's/.*"version": *"\([0-9.]*\)-.*/\1/p' "$tmp/lib/package/package.json")"
v_hdr="$(sed -n 's/.*"version": *"\([0-9.]*\)".*/\1/p' "$tmp/hdr/package/package.json")"
if [ "$v_lib" != "$DUCKDB_VERSION" ] || [ "$v_hdr" != "$DUCKDB_VERSION" ]; then
  echo "fetch-duckdb: version mismatch: library $v_lib, header $v_hdr, wanted $DUCKDB_VERSION" >&2
  exit 1
fi
grep -aq "v$DUCKDB_VERSION" "$tmp/lib/package/libduckdb.so" || {
  echo "fetch-duckdb: libduckdb.so does not carry version v$DUCKDB_VERSION" >&2
  exit 1
}
rm -rf "$dest.new"
mkdir -p "$dest.new/include" "$dest.new/lib"
mv "$tmp/hdr/package/src/duckdb/src/include/duckdb.h" "$dest.new/include/"
mv "$tmp/lib/package/libduckdb.so" "$dest.new/lib/"
echo "v$DUCKDB_VERSION" >"$dest.new/VERSION"
rm -rf "$dest"
mv "$dest.new" "$dest"
echo "DuckDB v$DUCKDB_VERSION in $dest" >&2
