#!/bin/sh
# core_names.sh FINOPS PLUGIN_DIR SOURCE_ROOT: the core names no plugin. Every result a loaded
# plugin declares it writes ("plugin.result") must not appear anywhere in the sources under
# core/: the host renders what plugins declare and knows none of them by name. Files listed in
# tests/core_names.allow are the exceptions still being moved out; the list only ever shrinks.
set -eu
finops=$1 plugins=$2 root=$3
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$finops" plugins --plugins "$plugins" | sed -n 's/^ *writes: //p' | tr ',' '\n' | tr -d ' ' | sort -u >"$tmp"
[ -s "$tmp" ] || { echo "no result names listed by finops plugins" >&2; exit 1; }
allow="$root/tests/core_names.allow"
bad=0
for f in $(cd "$root" && find core -name '*.[ch]' | sort); do
  hits=$(grep -nwF -f "$tmp" "$root/$f" || true)
  if [ -f "$allow" ] && grep -qx "$f" "$allow"; then
    # an allowed file that no longer names a plugin must leave the list
    [ -n "$hits" ] || { echo "$f is in core_names.allow but names no plugin result: remove it" >&2; bad=1; }
    continue
  fi
  if [ -n "$hits" ]; then
    echo "$f names plugin results:" >&2
    echo "$hits" | head -5 >&2
    bad=1
  fi
done
for f in $(grep -v '^#' "$allow" 2>/dev/null || true); do
  [ -f "$root/$f" ] || { echo "$f is in core_names.allow but does not exist: remove it" >&2; bad=1; }
done
[ $bad = 0 ] && echo "core/ names none of the $(wc -l <"$tmp") plugin results (exempt: $(grep -vc '^#' "$allow" 2>/dev/null || true) files)"
exit $bad
