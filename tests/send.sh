#!/bin/sh
# `finops send` end to end against a real SMTP server on loopback: see send.cmake.
# usage: send.sh FINOPS SOURCE_DIR TMP_DIR
set -u
FINOPS=$(realpath "$1")
SRC=$(realpath "$2")
T=$3
PY=/usr/bin/python3
if ! $PY -c 'import aiosmtpd' 2>/dev/null || ! command -v openssl >/dev/null; then
  echo "SKIP: python3-aiosmtpd or openssl is not installed" >&2
  exit 77
fi
rm -rf "$T"
mkdir -p "$T/mail" "$T/demo"
T=$(realpath "$T")
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*" >&2
}
SERVER=""
PLAIN=""
cleanup() {
  for p in $SERVER $PLAIN; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
}
trap cleanup EXIT

# --- a throwaway certificate and the server ---
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 >"$T/openssl.txt" 2>&1 || {
  cat "$T/openssl.txt" >&2
  exit 1
}
$PY "$SRC/tests/send_server.py" "$T/mail" "$T/cert.pem" "$T/key.pem" finops 'pa$$ word' >"$T/server.txt" 2>&1 &
SERVER=$!
i=0
while [ ! -s "$T/mail/port" ] && [ $i -lt 300 ]; do
  sleep 0.1
  i=$((i + 1))
done
[ -s "$T/mail/port" ] || {
  cat "$T/server.txt" >&2
  exit 1
}
PORT=$(cat "$T/mail/port")

# --- the demo with an email: section ---
D="$T/demo"
cp "$SRC/examples/demo/finops.yaml" "$SRC/examples/demo/claims.yaml" "$D/"
ln -s "$SRC/examples/demo/cur" "$D/cur"
cat >>"$D/finops.yaml" <<EOC
email:
  from: "FinOps Center <finops@example.com>"
  reply_to: finops-team@example.com
  max_attachment_bytes: 5000000
  smtp:
    url: smtp://localhost:$PORT
    ca_file: $T/cert.pem
    username: finops
    password_env: FINOPS_TEST_SMTP_PASSWORD
    connect_timeout: 5
    timeout: 30
    retries: 1
    retry_delay_ms: 100
EOC
# a name and an organisation beyond ASCII: encoded words in To and Subject
sed -i -e 's|^organization: Example Corp|organization: Example Corp Zürich – Ærø|' \
  -e 's|name: Dana Hughes|name: Dána Hughes-Ørsted|' "$D/finops.yaml"
# someone scoped to two nodes gets one message with both packs
cat >"$D/extra.yaml" <<'EOC'
  - email: sam@example.com
    name: Sam Two-Scopes
    role: product_owner
    scope: [Enterprise/Enterprise_Applications/People_Technology/HR Portal, Digital/Digital_Research/Applied_ML/Doc Classifier]
EOC
sed -i "/^output:/e cat $D/extra.yaml" "$D/finops.yaml"
N=11
export FINOPS_TEST_SMTP_PASSWORD='pa$$ word'
"$FINOPS" run -c "$D/finops.yaml" -q --period 2026-10 >"$T/run10.txt" 2>&1 || bad "run 2026-10: $(cat "$T/run10.txt")"
"$FINOPS" run -c "$D/finops.yaml" -q >"$T/run11.txt" 2>&1 || bad "run 2026-11: $(cat "$T/run11.txt")"
OUT="$D/out/2026-11"
count() { ls "$T/mail" | grep -c '\.eml$'; }

# --- check: the email: section is valid here; a broken one is reported with positions ---
if "$FINOPS" check -c "$D/finops.yaml" -q >"$T/check.txt" 2>&1; then ok; else bad "check of a valid email section: $(cat "$T/check.txt")"; fi
sed -e 's|url: smtp://localhost|url: http://localhost|' -e 's|retries: 1|retries: lots|' \
  -e 's|password_env: FINOPS_TEST_SMTP_PASSWORD|password_env: 1BAD-NAME\n    password: hunter2|' \
  -e 's|from: "FinOps Center <finops@example.com>"|from: "FinOps Center <finops>"\n  colour: blue|' \
  "$D/finops.yaml" >"$D/bad.yaml"
"$FINOPS" check -c "$D/bad.yaml" -q >"$T/badcheck.txt" 2>&1
rc=$?
if [ $rc -eq 2 ]; then ok; else bad "check of a broken email section exited $rc, not 2"; fi
for pat in 'bad.yaml:[0-9]*:[0-9]*: error: email.from:' "bad.yaml:[0-9]*:[0-9]*: error: unknown key 'colour' in email" \
  'bad.yaml:[0-9]*:[0-9]*: error: email.smtp.url:' 'bad.yaml:[0-9]*:[0-9]*: error: email.smtp.retries:' \
  'bad.yaml:[0-9]*:[0-9]*: error: email.smtp.password_env:' 'bad.yaml:[0-9]*:[0-9]*: error: email.smtp.password:'; do
  if grep -q "$pat" "$T/badcheck.txt"; then ok; else bad "check output lacks '$pat': $(cat "$T/badcheck.txt")"; fi
done
# a password must never cross the network in clear text
sed 's|    username: finops|    starttls: false\n    username: finops|' "$D/finops.yaml" >"$D/clear.yaml"
"$FINOPS" check -c "$D/clear.yaml" -q >"$T/clearcheck.txt" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -q 'clear.yaml:[0-9]*:[0-9]*: error: email.smtp.starttls: false would send the password' "$T/clearcheck.txt"; then
  ok
else bad "starttls: false with a username: exit $rc, $(cat "$T/clearcheck.txt")"; fi
if "$FINOPS" send -c "$D/bad.yaml" -q >/dev/null 2>&1; then bad "send with a broken email section succeeded"; else
  [ $? -eq 2 ] && ok || bad "send with a broken email section did not exit 2"
fi
# no password in the environment: refused before anything is sent
if env -u FINOPS_TEST_SMTP_PASSWORD "$FINOPS" send -c "$D/finops.yaml" >"$T/nopw.txt" 2>&1; then
  bad "send without the password variable succeeded"
elif grep -q FINOPS_TEST_SMTP_PASSWORD "$T/nopw.txt" && [ "$(count)" -eq 0 ]; then ok; else
  bad "send without the password: $(cat "$T/nopw.txt")"
fi

# --- dry run: .eml files, nothing sent, nothing in the ledger ---
"$FINOPS" send -c "$D/finops.yaml" -q --dry-run "$T/eml" >"$T/dry.txt" 2>&1 || bad "dry run: $(cat "$T/dry.txt")"
n=$(ls "$T/eml" | grep -c '\.eml$')
if [ "$n" -eq $N ] && [ "$(count)" -eq 0 ] && [ ! -e "$D/out/send-ledger.jsonl" ]; then ok; else
  bad "dry run wrote $n files, sent $(count), ledger: $(ls "$D/out")"
fi

# --- size: attachments past the limit are left out and named in the body; the message still goes ---
sed 's|max_attachment_bytes: 5000000|max_attachment_bytes: 20000|' "$D/finops.yaml" >"$D/small.yaml"
"$FINOPS" send -c "$D/small.yaml" -q --dry-run "$T/eml-small" >"$T/small.txt" 2>&1 || bad "small: $(cat "$T/small.txt")"
$PY - "$T/eml-small/2026-11-morgan@example.com.eml" <<'EOP' && ok || bad "size limit not honoured"
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
names = [p.get_filename() for p in m.iter_attachments()]
plain = m.get_body(("plain",)).get_content()
assert "tasks.csv" in names and not any(n.endswith(".xlsx") for n in names), names
assert "Files left out" in plain and "portfolio_manager.xlsx" in plain and "20000-byte limit" in plain, plain
EOP

# --- STARTTLS is required: a server without it gets nothing, the batch stops, exit 1 ---
mkdir -p "$T/mail-plain"
$PY "$SRC/tests/send_server.py" "$T/mail-plain" none none x x >"$T/server-plain.txt" 2>&1 &
PLAIN=$!
i=0
while [ ! -s "$T/mail-plain/port" ] && [ $i -lt 300 ]; do
  sleep 0.1
  i=$((i + 1))
done
sed -e "s|url: smtp://localhost:$PORT|url: smtp://localhost:$(cat "$T/mail-plain/port")|" "$D/finops.yaml" >"$D/plain.yaml"
"$FINOPS" send -c "$D/plain.yaml" >"$T/plain.txt" 2>&1
rc=$?
nplain=$(ls "$T/mail-plain" | grep -c '\.eml$')
if [ $rc -eq 1 ] && [ "$nplain" -eq 0 ] && grep -q 'stopping' "$T/plain.txt" &&
  [ "$(grep -c '"status":"failed"' "$D/out/send-ledger.jsonl")" -eq 1 ]; then ok; else
  bad "a server without STARTTLS: exit $rc, $nplain delivered: $(cat "$T/plain.txt")"
fi
kill "$PLAIN" && wait "$PLAIN" 2>/dev/null
PLAIN=""

# --- a server that accepts connections but never answers: timeouts, one retry, the batch stops ---
$PY -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(50)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
' "$T/silent-port" >/dev/null 2>&1 &
PLAIN=$!
i=0
while [ ! -s "$T/silent-port" ] && [ $i -lt 300 ]; do
  sleep 0.1
  i=$((i + 1))
done
sed -e "s|url: smtp://localhost:$PORT|url: smtp://localhost:$(cat "$T/silent-port")|" -e 's|timeout: 30|timeout: 1|' \
  "$D/finops.yaml" >"$D/silent.yaml"
t0=$(date +%s)
"$FINOPS" send -c "$D/silent.yaml" >"$T/silent.txt" 2>&1
rc=$?
t1=$(date +%s)
if [ $rc -eq 1 ] && [ $((t1 - t0)) -lt 30 ] && grep -q 'Timeout\|timed out' "$T/silent.txt" && grep -q stopping "$T/silent.txt" &&
  [ "$(grep -c '"status":"failed"' "$D/out/send-ledger.jsonl")" -eq 2 ]; then ok; else
  bad "a silent server: exit $rc after $((t1 - t0)) s: $(cat "$T/silent.txt")"
fi
kill "$PLAIN" && wait "$PLAIN" 2>/dev/null
PLAIN=""

# --- send: every person once ---
"$FINOPS" send -c "$D/finops.yaml" >"$T/send1.txt" 2>&1 || bad "send: $(cat "$T/send1.txt")"
checks() { # checks.py MODE ...
  $PY "$SRC/tests/send_checks.py" "$D/finops.yaml" "$OUT" "$T/mail" "$D/out/send-ledger.jsonl" "$@" || fail=$((fail + 1))
}
checks all-once
checks eml-dir "$T/eml"

# --- rerun: nothing ---
"$FINOPS" send -c "$D/finops.yaml" >"$T/send2.txt" 2>&1 || bad "rerun: $(cat "$T/send2.txt")"
if [ "$(count)" -eq $N ] && grep -q "^0 sent, $N unchanged" "$T/send2.txt"; then ok; else
  bad "rerun sent again: $(count) messages; $(tail -1 "$T/send2.txt")"
fi

# --- a restated report: only the restated person's message goes out, saying what it replaces ---
"$FINOPS" run -c "$D/finops.yaml" -q --as-of 2026-11-20 >"$T/run11b.txt" 2>&1 || bad "restating run failed"
"$FINOPS" send -c "$D/finops.yaml" --only pat@example.com >"$T/send3.txt" 2>&1 || bad "restated send: $(cat "$T/send3.txt")"
if [ "$(count)" -eq $((N + 1)) ] && grep -q 'replaces an earlier message' "$T/send3.txt"; then ok; else
  bad "restated send: $(count) messages; $(cat "$T/send3.txt")"
fi
checks replaces pat@example.com "$(printf %04d $((N + 1)))"
"$FINOPS" send -c "$D/finops.yaml" --only pat@example.com -q >/dev/null 2>&1
if [ "$(count)" -eq $((N + 1)) ]; then ok; else bad "restated message sent twice"; fi
# --resend forces
"$FINOPS" send -c "$D/finops.yaml" --only pat@example.com --resend -q >/dev/null 2>&1
if [ "$(count)" -eq $((N + 2)) ]; then ok; else bad "--resend did not send"; fi

# --- a temporary failure (451) is retried after a backoff and then delivered ---
echo kim@example.com >"$T/mail/tempfail"
"$FINOPS" send -c "$D/finops.yaml" --only kim@example.com --resend >"$T/send451.txt" 2>&1
rc=$?
if [ $rc -eq 0 ] && [ "$(count)" -eq $((N + 3)) ] && grep -q kim@example.com "$T/mail/tempfailed" && [ ! -e "$T/mail/tempfail" ]; then
  ok
else bad "451 then retry: exit $rc, $(count) messages: $(cat "$T/send451.txt")"; fi

# --- a 550 recipient: exit 1, the others delivered, the ledger says so, the next run retries it only ---
"$FINOPS" run -c "$D/finops.yaml" -q >/dev/null 2>&1 # back to the published as-of
rm -f "$D/out/send-ledger.jsonl"
rm -f "$T/mail/"*.eml "$T/mail/"*.json
echo dana@example.com >"$T/mail/reject"
"$FINOPS" send -c "$D/finops.yaml" >"$T/send4.txt" 2>&1
rc=$?
if [ $rc -eq 1 ]; then ok; else bad "a 550 recipient: exit $rc, not 1"; fi
if [ "$(count)" -eq $((N - 1)) ]; then ok; else bad "a 550 recipient: $(count) delivered, not $((N - 1))"; fi
if grep -q '"email":"dana@example.com","status":"failed".*"reply":"550' "$D/out/send-ledger.jsonl"; then ok; else
  bad "ledger lacks the 550 failure: $(grep dana "$D/out/send-ledger.jsonl")"
fi
rm -f "$T/mail/reject"
"$FINOPS" send -c "$D/finops.yaml" >"$T/send5.txt" 2>&1 || bad "retry run: $(cat "$T/send5.txt")"
if [ "$(count)" -eq $N ] && grep -q '^dana@example.com: sent' "$T/send5.txt" && grep -q "^1 sent, $((N - 1)) unchanged" "$T/send5.txt"; then
  ok
else bad "retry run: $(cat "$T/send5.txt")"; fi
checks all-once

# --- a kill in the middle of a batch re-sends at most the message in flight ---
rm -f "$D/out/send-ledger.jsonl" "$T/mail/"*.eml "$T/mail/"*.json
echo 0.4 >"$T/mail/delay"
"$FINOPS" send -c "$D/finops.yaml" -q >/dev/null 2>&1 &
S=$!
i=0
while [ "$(count)" -lt 3 ] && [ $i -lt 600 ]; do
  sleep 0.05
  i=$((i + 1))
done
kill -9 $S 2>/dev/null
wait $S 2>/dev/null
rm -f "$T/mail/delay"
before=$(count)
if [ "$before" -lt $N ]; then ok; else bad "the kill came after the batch ($before delivered)"; fi
"$FINOPS" send -c "$D/finops.yaml" -q >"$T/send6.txt" 2>&1 || bad "send after a kill: $(cat "$T/send6.txt")"
checks at-most-one-extra
# --- a ledger line cut short (a kill while writing it) is skipped; the next entry is a line of its own ---
printf '{"period":"2026-11","email":"pat@exa' >>"$D/out/send-ledger.jsonl"
"$FINOPS" send -c "$D/finops.yaml" --only pat@example.com --resend -q >"$T/send8.txt" 2>&1 || bad "send after a cut line: $(cat "$T/send8.txt")"
"$FINOPS" send -c "$D/finops.yaml" >"$T/send9.txt" 2>&1 || bad "send after a cut line: $(cat "$T/send9.txt")"
if grep -q "send-ledger.jsonl:[0-9]*: warning: unreadable send ledger line skipped" "$T/send9.txt" &&
  grep -q "^0 sent, $N unchanged" "$T/send9.txt"; then ok; else bad "a cut ledger line: $(cat "$T/send9.txt")"; fi

# --- a pack file changed after publication is not sent ---
PAT="$OUT/nodes/Enterprise/Enterprise_Operations/Enterprise_Operations_Technology/FinOpsCenter_DemoApp"
echo "tampered" >>"$PAT/tasks.csv"
before=$(count)
"$FINOPS" send -c "$D/finops.yaml" --only pat@example.com --resend >"$T/send7.txt" 2>&1
rc=$?
if [ $rc -eq 1 ] && [ "$(count)" -eq "$before" ] && grep -q 'tasks.csv: error: changed since it was published' "$T/send7.txt"; then
  ok
else bad "a tampered pack file: exit $rc, $(cat "$T/send7.txt")"; fi
echo "send: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
