#!/bin/sh
# model_policy.sh: the cloud engineer's IAM policy documents on the demo: valid JSON, listed in the
# manifest, byte-identical on a second run, and denying exactly the models outside the demo's
# approved lists (foundation-model and system inference-profile ARNs as CUR shows them).
# usage: model_policy.sh FINOPS_BINARY SOURCE_DIR PLUGINS_DIR SCRATCH_DIR
set -u
FINOPS=$1
SRC=$2
PLUGINS=$3
T=$4
rm -rf "$T" && mkdir -p "$T"
cp -r "$SRC/examples/demo" "$T/demo" && rm -rf "$T/demo/out"
for o in a b; do
  "$FINOPS" run -c "$T/demo/finops.yaml" --plugins "$PLUGINS" --out "$T/out-$o" -q >"$T/run.txt" 2>&1 ||
    { echo "FAIL: run"; cat "$T/run.txt"; exit 1; }
done
exec /usr/bin/python3 - "$T/out-a/2026-11" "$T/out-b/2026-11" <<'PY'
import fnmatch, json, os, sys
a, b = sys.argv[1], sys.argv[2]
fails = []
def check(cond, what):
    if not cond:
        fails.append(what)
docs = sorted(os.path.relpath(os.path.join(d, f), a) for d, _, fs in os.walk(a) for f in fs
              if os.path.basename(d) == "model-policy")
# the demo: "*" approves Claude Sonnet 4*, Claude Haiku 4*, Nova *, Titan *; Digital/Digital_Research
# approves everything (nothing to deny). Cloud engineers are scoped to three nodes outside it.
want = ["nodes/Digital/Digital_Commerce/model-policy/all-nodes.json",
        "nodes/Enterprise/Enterprise_Applications/model-policy/all-nodes.json",
        "nodes/Enterprise/Enterprise_Operations/Enterprise_Operations_Technology/model-policy/all-nodes.json"]
check(docs == want, "documents: %s" % docs)
manifest = open(os.path.join(a, "manifest.json")).read()
for d in docs:
    check(d in manifest, "%s not in manifest.json" % d)
    check(open(os.path.join(a, d), "rb").read() == open(os.path.join(b, d), "rb").read(), "%s differs between runs" % d)
doc = json.load(open(os.path.join(a, want[0])))
check(doc["Version"] == "2012-10-17", "version")
st = doc["Statement"]
check(len(st) == 1 and st[0]["Effect"] == "Deny", "one deny statement")
check(st[0]["Action"] == ["bedrock:InvokeModel*", "bedrock:Converse*"], "actions")
nres = st[0]["NotResource"]
def denied(arn):
    return not any(fnmatch.fnmatchcase(arn, p) for p in nres)
for action in ("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:Converse",
               "bedrock:ConverseStream"):
    check(any(fnmatch.fnmatchcase(action, p) for p in st[0]["Action"]), "%s not covered" % action)
cases = {
    "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-6": False,
    "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0": False,
    "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0": False,
    "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0": False,
    "arn:aws:bedrock:us-east-1:736008242383:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0": False,
    "arn:aws:bedrock:us-east-1:736008242383:inference-profile/global.anthropic.claude-sonnet-4-6": False,
    "arn:aws:bedrock:us-east-1:736008242383:application-inference-profile/k3v9q2m7x1pd": False,
    "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-opus-4-8": True,
    "arn:aws:bedrock:us-east-1:736008242383:inference-profile/us.anthropic.claude-opus-4-8": True,
    "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0": True,
    "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0": True,
    "arn:aws:bedrock:us-west-2::foundation-model/meta.llama3-1-70b-instruct-v1:0": True,
    "arn:aws:bedrock:us-west-2::foundation-model/deepseek.r1-v1:0": True,
}
for arn, want_denied in cases.items():
    check(denied(arn) == want_denied, "%s: denied %s, want %s" % (arn, denied(arn), want_denied))
for f in fails:
    print("FAIL:", f)
print("model_policy: %d documents, %d cases, %d failed" % (len(docs), len(cases), len(fails)))
sys.exit(1 if fails else 0)
PY
