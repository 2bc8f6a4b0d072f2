#!/bin/sh
# usage: xlsx_zip.sh FINOPS DEMO_CONFIG TMP_DIR (see xlsx_zip.cmake)
set -u
FINOPS=$1
CFG=$2
T=$3
rm -rf "$T"
mkdir -p "$T"
"$FINOPS" run -q -c "$CFG" --out "$T/out" >"$T/run.txt" 2>&1 || {
  cat "$T/run.txt" >&2
  exit 1
}
/usr/bin/python3 - "$T/out" <<'PY'
import glob, os, sys, zipfile, zlib
root = sys.argv[1]
books = sorted(glob.glob(os.path.join(root, "*", "nodes", "**", "*.xlsx"), recursive=True))
fail = []
images = palette = charts = 0
for book in books:
    node = os.path.dirname(book)
    files = {open(p, "rb").read() for p in glob.glob(os.path.join(node, "charts", "*.png"))}
    with zipfile.ZipFile(book) as z:
        bad = z.testzip()
        if bad:
            fail.append(f"{book}: {bad}: CRC differs")
        for i in z.infolist():
            data = z.read(i)
            if i.filename.startswith("xl/media/"):
                images += 1
                if i.compress_type != zipfile.ZIP_STORED:
                    fail.append(f"{book}: {i.filename} deflated again (method {i.compress_type})")
                if data not in files:
                    fail.append(f"{book}: {i.filename} is none of the pack's chart files")
            elif i.filename.endswith((".xml", ".rels")) and i.compress_type != zipfile.ZIP_DEFLATED:
                fail.append(f"{book}: {i.filename} not deflated")
for p in glob.glob(os.path.join(root, "*", "nodes", "**", "charts", "*.png"), recursive=True):
    b = open(p, "rb").read()
    charts += 1
    palette += b[25] == 3  # IHDR colour type
if not books or not images:
    fail.append(f"{len(books)} workbooks, {images} embedded images: nothing checked")
if palette * 2 < charts:
    fail.append(f"only {palette} of {charts} charts are palette images")
for f in fail[:20]:
    print("FAIL:", f)
print(f"xlsx_zip: {len(books)} workbooks, {images} embedded images, {palette} of {charts} charts palette")
sys.exit(1 if fail else 0)
PY
