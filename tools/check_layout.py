#!/usr/bin/python3
"""check_layout.py ROOT: the core's folders follow the pipeline.

core/LAYERS lists each folder of core/ (one per line, lowest first) with the folders it may
include from. Every core source must live in a listed folder, include only headers of its own
folder, of the folders its line names, or outside core/; no file may be much over 800 lines.
"""
import os
import re
import sys

root = sys.argv[1]
core = os.path.join(root, "core")
MAX_LINES = 850
layers, order = {}, []
for ln, line in enumerate(open(os.path.join(core, "LAYERS")), 1):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, _, deps = line.partition(":")
    name = name.strip()
    deps = deps.split()
    for d in deps:
        if d not in layers:
            sys.exit(f"core/LAYERS:{ln}: {name} may use {d}, which is not listed above it")
    layers[name] = set(deps)
    order.append(name)

headers, sources, bad = {}, [], []
for dirpath, _, files in os.walk(core):
    for f in sorted(files):
        if not f.endswith((".c", ".h")):
            continue
        rel = os.path.relpath(os.path.join(dirpath, f), core)
        folder = rel.split(os.sep)[0] if os.sep in rel else ""
        if folder not in layers:
            bad.append(f"core/{rel}: not in a folder listed in core/LAYERS")
            continue
        if f.endswith(".h"):
            if f in headers:
                bad.append(f"core/{rel}: header name also used by core/{headers[f][1]}")
            headers[f] = (folder, rel)
        sources.append((folder, rel))

for folder, rel in sources:
    path = os.path.join(core, rel)
    text = open(path, encoding="utf-8").read().split("\n")
    if len(text) > MAX_LINES:
        bad.append(f"core/{rel}: {len(text)} lines (over {MAX_LINES})")
    for n, line in enumerate(text, 1):
        m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
        if not m:
            continue
        h = os.path.basename(m.group(1))
        if h not in headers:
            continue  # the public header or a plugin kit header
        hf = headers[h][0]
        if hf != folder and hf not in layers[folder]:
            bad.append(f"core/{rel}:{n}: {folder}/ may not include {hf}/{h} (core/LAYERS)")

for b in bad:
    print(b, file=sys.stderr)
if bad:
    sys.exit(1)
print(f"core/: {len(order)} folders in pipeline order ({' < '.join(order)}), {len(sources)} files, none over {MAX_LINES} lines")
