#!/usr/bin/python3
"""A real SMTP server on loopback for the `finops send` tests (aiosmtpd): STARTTLS required, AUTH
(PLAIN/LOGIN) required, every accepted message stored as DIR/NNNN.eml with its envelope in
DIR/NNNN.json. Recipients listed in DIR/reject (one address a line, read at every RCPT) get
"550 5.1.1"; the one in DIR/tempfail gets "451 4.3.0" once (the file is then removed); DIR/delay (seconds, read at every DATA) slows each delivery down.

usage: send_server.py DIR CERT KEY USER PASSWORD   (prints the port to DIR/port when listening)
CERT "none": a plain server without STARTTLS or AUTH.
"""
import asyncio
import json
import os
import signal
import socket
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

DIR, CERT, KEY, USER, PASSWORD = sys.argv[1:6]


def read_lines(name):
    try:
        with open(os.path.join(DIR, name)) as f:
            return [line.strip() for line in f if line.strip()]
    except FileNotFoundError:
        return []


class Handler:
    def __init__(self):
        self.n = len([f for f in os.listdir(DIR) if f.endswith(".eml")])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in [a.lower() for a in read_lines("tempfail")]:
            os.remove(os.path.join(DIR, "tempfail"))  # once: the client's retry goes through
            with open(os.path.join(DIR, "tempfailed"), "a") as f:
                f.write(address + "\n")
            return "451 4.3.0 <%s>: Temporary lookup failure, try again later" % address
        if address.lower() in [a.lower() for a in read_lines("reject")]:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        delay = read_lines("delay")
        if delay:
            await asyncio.sleep(float(delay[0]))
        self.n += 1
        base = os.path.join(DIR, "%04d" % self.n)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "tls": session.ssl is not None, "auth": session.authenticated}, f)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Ok: queued as %04d" % self.n


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER and \
        auth_data.password.decode() == PASSWORD
    return AuthResult(success=ok, handled=False)


class TLSController(Controller):
    def factory(self):
        if CERT == "none":  # a server that offers no STARTTLS (and so no AUTH)
            return SMTP(self.handler, hostname="localhost")
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(CERT, KEY)
        return SMTP(self.handler, hostname="localhost", tls_context=ctx, require_starttls=True,
                    auth_required=True, auth_require_tls=True, authenticator=authenticator)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# The controller's readiness check connects without TLS: it only needs the banner.
port = free_port()
ctl = TLSController(Handler(), hostname="127.0.0.1", port=port, ready_timeout=30)
ctl.start()
with open(os.path.join(DIR, "port.tmp"), "w") as f:
    f.write(str(port))
os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
stop = []
signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
while not stop:
    time.sleep(0.1)
ctl.stop()
