#!/usr/bin/python3
"""The mail benchmark (bench/mail/run): N mails queued in the outbox of a
fresh SQLite database, sent by `ploeg serve`'s sender to a local aiosmtpd
server; the peer sends the same N mails with Python's smtplib (one
connection, as ploeg's libcurl handle keeps one) to another such server.
Prints the section for bench/RESULTS.md.

    outbox.py PLOEG_BINARY WORK_DIR N
"""
import datetime
import email.message
import json
import os
import platform
import secrets
import smtplib
import sqlite3
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SINK = os.path.join(ROOT, "tests", "support", "smtp_sink.py")


def start_sink(out):
    sink = subprocess.Popen(["/usr/bin/python3", SINK, "--port", "0", "--out", out],
                            stdout=subprocess.PIPE, text=True)
    line = sink.stdout.readline()
    if not line.startswith("listening on "):
        sys.exit("bench/mail: the SMTP server did not start")
    return sink, int(line.split()[-1])


def lines(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(l) for l in f if l.strip()]
    except FileNotFoundError:
        return []


def wait_for(path, n, limit=600):
    start = time.monotonic()
    while True:
        count = len(lines(path))
        if count >= n:
            return
        if time.monotonic() - start > limit:
            sys.exit(f"bench/mail: only {count} of {n} mails arrived in {limit} s")
        time.sleep(0.02)


def mails(n):
    """The same N mails for both: recipient, language, values."""
    out = []
    for i in range(n):
        language = ("nl", "fr", "en")[i % 3]
        out.append((f"citizen{i}@example.be", language, {
            "reference": f"2026-BNCH-{i:04d}",
            "type": "Parking card",
            "link": "/status/" + secrets.token_urlsafe(32),
        }))
    return out


def stop(process):
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


def run_ploeg(binary, work, queued):
    database = os.path.join(work, "ploeg.db")
    subprocess.run([binary, "migrate", "--database", "sqlite:" + database], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    now = int(time.time())
    with sqlite3.connect(database) as db:
        db.executemany(
            "INSERT INTO mail_outbox (created_at, kind, about, recipient, language, payload, "
            "state, attempts, next_attempt_at, last_error) VALUES (?, 'request_received', ?, ?, "
            "?, ?, 'queued', 0, ?, '')",
            [(now, "request:" + v["reference"], to, lang, json.dumps(v), now)
             for to, lang, v in queued])
    out = os.path.join(work, "ploeg-mails.jsonl")
    sink, port = start_sink(out)
    env = dict(os.environ, PLOEG_SMTP_URL=f"smtp://127.0.0.1:{port}", PLOEG_SMTP_TLS="none",
               PLOEG_MAIL_FROM="noreply@agency.example.be", PLOEG_LOG_LEVEL="warn")
    start = time.monotonic()
    server = subprocess.Popen([binary, "serve", "--database", "sqlite:" + database, "--listen",
                               "127.0.0.1:0"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    wait_for(out, len(queued))
    seconds = time.monotonic() - start
    time.sleep(0.5)  # anything sent twice would arrive now
    stop(server)
    stop(sink)
    received = lines(out)
    with sqlite3.connect(database) as db:
        sent = db.execute("SELECT count(*) FROM mail_outbox WHERE state = 'sent'").fetchone()[0]
    ids = {m["message_id"] for m in received}
    if len(received) != len(queued) or len(ids) != len(queued) or sent != len(queued):
        sys.exit(f"bench/mail: {len(received)} received, {len(ids)} distinct, {sent} marked sent")
    return seconds


def run_smtplib(work, queued):
    out = os.path.join(work, "smtplib-mails.jsonl")
    sink, port = start_sink(out)
    start = time.monotonic()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for i, (to, language, v) in enumerate(queued):
            m = email.message.EmailMessage()
            m["From"] = "noreply@agency.example.be"
            m["To"] = to
            m["Subject"] = f"We received your request {v['reference']}"
            m["Message-ID"] = f"<outbox-{i + 1}.0@agency.example.be>"
            m["Content-Language"] = language
            m.set_content(f"Hello,\n\nWe received your request for {v['type']}. Its reference is "
                          f"{v['reference']}.\n\nFollow it on your private page:\n"
                          f"http://127.0.0.1:8080{v['link']}\n", cte="base64")
            smtp.send_message(m)
    wait_for(out, len(queued))
    seconds = time.monotonic() - start
    stop(sink)
    return seconds


def main():
    binary, work, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    queued = mails(n)
    ploeg_s = run_ploeg(binary, work, queued)
    peer_s = run_smtplib(work, queued)
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, cwd=ROOT).stdout.strip()
    except OSError:
        commit = "?"
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    per_minute = lambda s: n / s * 60
    print("## Mail: the outbox's sender against Python's smtplib\n")
    print("Written by `bench/mail/run`.\n")
    print(f"- command: `{os.environ.get('BENCH_COMMAND', 'bench/mail/outbox.py')}`")
    print(f"- date: {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC")
    print(f"- machine: {os.cpu_count()} cores, {platform.machine()}")
    print(f"- ploeg: {version}, commit {commit}, `{binary}`, SQLite database")
    print(f"- SMTP server: `tests/support/smtp_sink.py` (python3-aiosmtpd) on 127.0.0.1, "
          f"one per sender, writing each mail to a file\n")
    print(f"{n} mails queued in the outbox (the texts of \"request received\" in nl, fr and en) "
          "before `ploeg serve` starts; timed from the start of the process until the server "
          "has received the last one, each checked to arrive once (distinct Message-IDs) and "
          "marked sent. The peer composes the same mails with `email.message` and sends them "
          "with `smtplib` over one connection, no database.\n")
    print("| sender | mails | seconds | mails/minute | time / smtplib |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| ploeg outbox sender | {n} | {ploeg_s:.2f} | {per_minute(ploeg_s):.0f} | "
          f"{ploeg_s / peer_s:.2f} |")
    print(f"| Python smtplib | {n} | {peer_s:.2f} | {per_minute(peer_s):.0f} | 1.00 |")
    print(f"\nThe target is 1,000 mails a minute: ploeg sent {per_minute(ploeg_s):.0f}. "
          "Above 1 in the last column is slower than smtplib.")


if __name__ == "__main__":
    main()
