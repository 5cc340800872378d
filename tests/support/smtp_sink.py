#!/usr/bin/python3
"""A mail server for the tests (Debian's python3-aiosmtpd): listens on
127.0.0.1 on the port it is given (0: one it picks), writes
"listening on PORT" to standard output once it accepts connections, and
appends every message it receives to a file as one JSON line: envelope
sender and recipients, Message-ID, decoded Subject, To, Content-Language and
the decoded text body (LF line ends); each attached file is written next
to that file (NAME.N.FILENAME) and listed with its type and path. Stops on
SIGTERM or SIGINT.

    smtp_sink.py --port 2525 --out mails.jsonl
"""
import argparse
import email
import email.policy
import json
import os
import signal
import socket
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out):
        self.out = out

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "message_id": str(message.get("Message-ID", "")),
            "subject": str(message.get("Subject", "")),
            "to": str(message.get("To", "")),
            "language": str(message.get("Content-Language", "")),
            "body": body.get_content().replace("\r\n", "\n") if body is not None else "",
        }
        record["attachments"] = []
        for part in message.iter_attachments():
            index = sum(1 for _ in open(self.out, encoding="utf-8")) if os.path.exists(self.out) else 0
            name = os.path.basename(part.get_filename() or "file")
            path = f"{self.out}.{index}.{len(record['attachments'])}.{name}"
            with open(path, "wb") as f:
                f.write(part.get_payload(decode=True))
            record["attachments"].append(
                {"filename": name, "content_type": part.get_content_type(), "path": path})
        with open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    port = args.port
    if port == 0:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    controller = Controller(Sink(args.out), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"listening on {port}", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()
    return 0


if __name__ == "__main__":
    # Blocked before any thread starts, so that sigwait receives them.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    sys.exit(main())
