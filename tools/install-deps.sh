#!/bin/sh
# install-deps.sh: installs the Debian 12 packages FinOps Center builds and tests with.
set -eu
PKGS="build-essential cmake pkg-config git zlib1g-dev libyaml-dev libcsv-dev libjansson-dev libcairo2-dev
libxlsxwriter-dev clang-format python3 fonts-dejavu-core unzip libreoffice-calc-nogui"
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
