# A loopback SMTP server for the tests (aiosmtpd, installed in the reference venv by
# scripts/install-reference-server). Prints one JSON line with its port, then one JSON
# line per received mail, parsed by Python's email package (headers decoded, text and
# HTML parts); refuses recipients whose local part starts with "refused";
# with SMTP_SINK_AUTH=user:password, requires that login; with SMTP_SINK_TLS=implicit or
# starttls (and SMTP_SINK_CERT / SMTP_SINK_KEY, PEM files), requires TLS. Stops when stdin
# closes.
import asyncio
import email
import json
import os
import ssl
import sys
from email import policy

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@", 1)[0].startswith("refused"):
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        text = message.get_body(("plain",))
        html = message.get_body(("html",))
        login = session.auth_data
        if isinstance(login, bytes):
            login = login.decode()
        print(
            json.dumps(
                {
                    "mail_from": envelope.mail_from,
                    "rcpt_tos": envelope.rcpt_tos,
                    "login": login,
                    "subject": message["Subject"],
                    "from": message["From"],
                    "to": message["To"],
                    "reply_to": message["Reply-To"],
                    "content_type": message.get_content_type(),
                    "text": text.get_content() if text else None,
                    "html": html.get_content() if html else None,
                }
            ),
            flush=True,
        )
        return "250 Message accepted for delivery"


def tls_context():
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(os.environ["SMTP_SINK_CERT"], os.environ["SMTP_SINK_KEY"])
    return context


TLS = os.environ.get("SMTP_SINK_TLS")


def make_smtp():
    credentials = os.environ.get("SMTP_SINK_AUTH")
    if TLS == "starttls":
        return SMTP(Handler(), tls_context=tls_context(), require_starttls=True)
    if not credentials:
        return SMTP(Handler())
    user, password = credentials.split(":", 1)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        )
        return AuthResult(success=ok, handled=False, auth_data=user if ok else None)

    return SMTP(
        Handler(),
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=False,
    )


async def main():
    loop = asyncio.get_running_loop()
    implicit = tls_context() if TLS == "implicit" else None
    server = await loop.create_server(make_smtp, "127.0.0.1", 0, ssl=implicit)
    print(json.dumps({"port": server.sockets[0].getsockname()[1]}), flush=True)
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


asyncio.run(main())
