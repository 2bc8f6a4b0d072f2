#!/bin/sh
# install-deps.sh: installs the Debian 12 packages FinOps Center builds and runs with; with --test
# also what the test suite needs (formatting check, workbook inspection, LibreOffice to open every
# workbook as a user would).
set -eu
PKGS="build-essential cmake pkg-config git zlib1g-dev libyaml-dev libcsv-dev libjansson-dev libcairo2-dev libpng-dev
libxlsxwriter-dev fonts-dejavu-core libgmime-3.0-dev libcurl4-openssl-dev"
# gzip inputs are inflated, and chart PNGs deflated, with ISA-L when it is there (zlib otherwise)
PKGS="$PKGS libisal-dev"
# the manifest's SHA-256 with OpenSSL's libcrypto (the CPU's SHA extensions where present)
PKGS="$PKGS libssl-dev"
# tools/bench-*.sh: igzip (ISA-L's gzip), pigz and hyperfine as the anchors and the timer
if [ "${1:-}" = "--bench" ]; then PKGS="$PKGS isal pigz hyperfine time"; fi
if [ "${1:-}" = "--test" ]; then PKGS="$PKGS clang-format python3 unzip libreoffice-calc-nogui python3-aiosmtpd python3-yaml openssl"; fi
if [ "${1:-}" = "--test" ]; then PKGS="$PKGS python3-openpyxl poppler-utils"; fi
# fault injection and publishing tests: strace (fsync before the swap), clang with libFuzzer
if [ "${1:-}" = "--test" ]; then PKGS="$PKGS strace clang libclang-rt-14-dev"; fi
if [ "${FINOPS_DEPS_EXTRA:-}" ]; then PKGS="$PKGS $FINOPS_DEPS_EXTRA"; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing:$missing" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# The MCP server's test drives it with the official MCP TypeScript SDK client (pinned by
# tests/mcp/package-lock.json); Node.js and npm come from the system (not from Debian's npm package).
MCP_TESTS="$(cd "$(dirname "$0")/.." && pwd)/tests/mcp"
if [ "${1:-}" = "--test" ] && command -v npm >/dev/null 2>&1 && [ ! -d "$MCP_TESTS/node_modules/@modelcontextprotocol/sdk" ]; then
  (cd "$MCP_TESTS" && npm ci --no-audit --no-fund --loglevel=error)
fi

# DuckDB's C library for Parquet inputs (optional): libduckdb.so from the npm package
# @duckdb/node-bindings-linux-x64 and duckdb.h from the same release's `duckdb` package, into
# third_party/duckdb/ (git-ignored). FINOPS_NO_DUCKDB=1 skips it; a failed fetch only warns
# (the build then goes without Parquet support).
"$(dirname "$0")/fetch-duckdb.sh" || echo "warning: DuckDB not fetched: building without Parquet support" >&2
