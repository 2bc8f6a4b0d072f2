#!/bin/sh
# install-deps.sh: installs the Debian 12 packages FinOps Center builds and runs with; with --test
# also what the test suite needs (formatting check, workbook inspection, LibreOffice to open every
# workbook as a user would).
set -eu
PKGS="build-essential cmake pkg-config git zlib1g-dev libyaml-dev libcsv-dev libjansson-dev libcairo2-dev
libxlsxwriter-dev fonts-dejavu-core"
if [ "${1:-}" = "--test" ]; then PKGS="$PKGS clang-format python3 unzip libreoffice-calc-nogui"; fi
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
