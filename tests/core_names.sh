#!/bin/sh
# core_names.sh FINOPS PLUGIN_DIR SOURCE_ROOT: the core names no plugin. Every result a loaded
# plugin declares it writes ("plugin.result") must not appear anywhere in the sources under
# core/: the host renders what plugins declare and knows none of them by name. Files listed in
# tests/core_names.allow are the exceptions still being moved out; the list only ever shrinks.
set -eu
finops=$1 plugins=$2 root=$3
names=$("$finops" plugins --plugins "$plugins" | sed -n 's/^ *writes: //p' | tr ',' '\n' | tr -d ' ' | sort -u)
[ -n "$names" ] || { echo "no result names listed by finops plugins" >&2; exit 1; }
allow="$root/tests/core_names.allow"
bad=0
for f in $(cd "$root" && find core -name '*.[ch]' | sort); do
  if [ -f "$allow" ] && grep -qx "$f" "$allow"; then continue; fi
  for n in $names; do
    if grep -nF "\"$n\"" "$root/$f" >/dev/null || grep -nwF "$n" "$root/$f" | grep -v '^[0-9]*: *\(/\*\|\*\)' >/dev/null; then
      echo "$f names the plugin result $n:" >&2
      grep -nwF "$n" "$root/$f" | head -3 >&2
      bad=1
    fi
  done
done
# an allowed file that no longer names a plugin must leave the list
if [ -f "$allow" ]; then
  for f in $(grep -v '^#' "$allow"); do
    hit=0
    for n in $names; do grep -qwF "$n" "$root/$f" 2>/dev/null && hit=1; done
    [ $hit = 1 ] || { echo "$f is in core_names.allow but names no plugin result: remove it" >&2; bad=1; }
  done
fi
[ $bad = 0 ] && echo "core/ names none of the $(echo "$names" | wc -l) plugin results"
exit $bad
