#!/bin/sh
# Every workbook of the demo opens in LibreOffice (headless conversion to PDF succeeds: a damaged
# workbook is refused or needs repair). Skipped (exit 77) when soffice is not installed.
# usage: packs_soffice.sh FINOPS SOURCE_DIR TMP_DIR
set -u
FINOPS=$1
SRC=$2
T=$3
command -v soffice >/dev/null 2>&1 || {
  echo "soffice not found: skipped"
  exit 77
}
rm -rf "$T"
mkdir -p "$T/pdf"
"$FINOPS" run -c "$SRC/examples/demo/finops.yaml" --out "$T/out" -q || exit 1
pass=0
fail=0
i=0
(cd "$T/out/2026-11" && find nodes -name '*.xlsx' | sort) >"$T/list.txt"
while IFS= read -r f; do
  i=$((i + 1))
  cp "$T/out/2026-11/$f" "$T/pdf/w$i.xlsx"
  HOME="$T" soffice --headless --norestore --convert-to pdf --outdir "$T/pdf" "$T/pdf/w$i.xlsx" >"$T/soffice.txt" 2>&1
  if [ -s "$T/pdf/w$i.pdf" ] && ! grep -qi "error\|repair\|corrupt" "$T/soffice.txt"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: LibreOffice cannot open $f: $(cat "$T/soffice.txt")" >&2
  fi
done <"$T/list.txt"
echo "packs_soffice: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
