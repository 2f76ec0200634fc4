#!/usr/bin/python3
"""An SMTP server for the notification tests, on Debian's python3-aiosmtpd.

It listens on 127.0.0.1 (--port, 0 picks a free one), prints the port on stdout once it accepts
connections, and stores every message it accepts in a Maildir (--maildir), with the envelope in
X-MailFrom and X-RcptTo headers. With --cert and --key it requires STARTTLS before any mail; with
--user and --password it requires that login (after STARTTLS). --refuse-first N answers the first N
messages with a temporary failure (451), as a busy mail server does, so senders must retry.
"""
import argparse
import asyncio
import ssl

from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink(Mailbox):
    def __init__(self, mail_dir, refuse_first):
        super().__init__(mail_dir)
        self.refuse_first = refuse_first

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_first > 0:
            self.refuse_first -= 1
            return "451 4.3.0 Try again later (the test sink refuses this one)"
        return await super().handle_DATA(server, session, envelope)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--refuse-first", type=int, default=0)
    args = parser.parse_args()

    handler = Sink(args.maildir, args.refuse_first)
    options = {}
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        options.update(tls_context=context, require_starttls=True)
    if args.user:
        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login == args.user.encode()
                  and auth_data.password == args.password.encode())
            return AuthResult(success=ok, handled=False)
        options.update(authenticator=authenticator, auth_required=True, auth_require_tls=bool(args.cert))

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(handler, hostname="sink.test", **options), host="127.0.0.1", port=args.port))
    print(server.sockets[0].getsockname()[1], flush=True)
    loop.run_forever()


if __name__ == "__main__":
    main()
