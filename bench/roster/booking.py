#!/usr/bin/env python3
"""Desk booking under load (issue 7): the concurrency test's burst — 1,000
requests at once for the 100 desks of one office, one person each — against
`ploeg serve` on SQLite (one server) and on PostgreSQL (two servers on one
database), timed from outside: throughput and latency (p50, p99) of the
bookings, beside the same server's `GET /healthz` under the same burst (the
peer: what the server does with a request that touches no database).

    booking.py PLOEG WORKDIR

Prints the Markdown section on standard output."""
import concurrent.futures
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
REQUESTS = 1000
THREADS = 64


def sql_script(people):
    lines = ["INSERT INTO offices (code, name) VALUES ('load', 'Load office');",
             "INSERT INTO floors (office_id, name, level) SELECT id, 'Ground', 0 FROM offices WHERE code = 'load';",
             "INSERT INTO zones (floor_id, name) SELECT f.id, 'Open' FROM floors f JOIN offices o ON o.id = f.office_id "
             "WHERE o.code = 'load';"]
    for k in range(1, 101):
        lines.append("INSERT INTO desks (zone_id, code) SELECT z.id, 'L-%d' FROM zones z WHERE z.name = 'Open';" % k)
    for k in range(1, people + 1):
        lines.append("INSERT INTO people (email, name, fte_permille, home_postcode) SELECT 'load-%d@example.org', "
                     "'Load %d', 1000, (SELECT postcode FROM region_postcodes ORDER BY postcode LIMIT 1);" % (k, k))
    return "\n".join(lines) + "\n"


def start_server(ploeg, database, port):
    env = dict(os.environ, PLOEG_WEB_ROOT=str(ROOT / "web"))
    proc = subprocess.Popen([ploeg, "serve", "--database", database, "--listen", "127.0.0.1:%d" % port],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    for _ in range(200):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    sys.exit("booking.py: ploeg serve did not start")


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def make_demo(ploeg, database):
    """Runs `ploeg demo` on a fresh database; the logins it printed, user name -> password
    (random per database, printed once)."""
    out = subprocess.run([ploeg, "demo", "--people", "300", "--no-history", "--database", database],
                         check=True, capture_output=True, text=True).stdout
    return dict(re.findall(r"^  [a-z]+:\t([a-z0-9._-]+) / (\S+)", out, re.M))


def sign_in(port, password):
    """The admin's cookies and CSRF token, as a browser would get them."""
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("GET", "/login")
    r = c.getresponse()
    body = r.read().decode()
    cookies = {}
    for k, v in r.getheaders():
        if k.lower() == "set-cookie":
            name, value = v.split(";")[0].split("=", 1)
            cookies[name] = value
    token = re.search(r'name="_csrf" value="([^"]+)"', body).group(1)
    form = "_csrf=%s&username=admin&password=%s" % (token, urllib.parse.quote(password))
    c.request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded",
                                       "Cookie": "; ".join("%s=%s" % kv for kv in cookies.items())})
    r = c.getresponse()
    r.read()
    for k, v in r.getheaders():
        if k.lower() == "set-cookie":
            name, value = v.split(";")[0].split("=", 1)
            cookies[name] = value
    cookie = "; ".join("%s=%s" % kv for kv in cookies.items())
    c.request("GET", "/api/v1/session", headers={"Cookie": cookie})
    csrf = json.loads(c.getresponse().read())["csrf"]
    return {"Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json"}


def burst(ports, make_request):
    """REQUESTS requests from THREADS threads over the ports: (seconds, latencies, statuses)."""
    def one(i):
        port = ports[i % len(ports)]
        method, path, body, headers = make_request(i)
        started = time.perf_counter()
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        c.request(method, path, body, headers)
        r = c.getresponse()
        r.read()
        return time.perf_counter() - started, r.status
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(one, range(REQUESTS)))
    took = time.perf_counter() - started
    latencies = sorted(x[0] for x in results)
    statuses = {}
    for _, s in results:
        statuses[s] = statuses.get(s, 0) + 1
    return took, latencies, statuses


def quantile(xs, q):
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def measure(label, ploeg, database, servers, people_ids, headers_of):
    ports = [free_port() for _ in range(servers)]
    procs = [start_server(ploeg, database, p) for p in ports]
    try:
        headers = headers_of(ports[0])
        day = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 86400))
        took, lat, statuses = burst(ports, lambda i: (
            "POST", "/api/v1/desk-bookings",
            json.dumps({"office": "load", "day": day, "part": "day", "person": people_ids[i]}), headers))
        peer_took, peer_lat, _ = burst(ports, lambda i: ("GET", "/healthz", None, {}))
    finally:
        for p in procs:
            p.terminate()
            p.wait()
    return {"label": label, "took": took, "p50": quantile(lat, 0.5), "p99": quantile(lat, 0.99),
            "booked": statuses.get(201, 0), "full": statuses.get(409, 0),
            "other": sum(v for k, v in statuses.items() if k not in (201, 409)),
            "peer_took": peer_took, "peer_p50": quantile(peer_lat, 0.5), "peer_p99": quantile(peer_lat, 0.99)}


def main():
    ploeg, work = sys.argv[1], Path(sys.argv[2])
    rows = []
    # SQLite, one server.
    db_file = work / "booking.db"
    database = "sqlite:%s" % db_file
    admin = make_demo(ploeg, database)["admin"]
    subprocess.run(["sqlite3", str(db_file)], input=sql_script(REQUESTS), text=True, check=True)
    ids = [int(x) for x in subprocess.run(
        ["sqlite3", str(db_file), "SELECT id FROM people WHERE email LIKE 'load-%' ORDER BY id"],
        capture_output=True, text=True, check=True).stdout.split()]
    rows.append(measure("SQLite, 1 server", ploeg, database, 1, ids, lambda port: sign_in(port, admin)))
    # PostgreSQL, two servers on one database.
    pg_dir = work / "pg"
    pg_dir.mkdir()
    url = subprocess.run([str(ROOT / "scripts" / "pg-throwaway"), "start", str(pg_dir)],
                         capture_output=True, text=True, check=True).stdout.strip()
    try:
        admin = make_demo(ploeg, url)["admin"]
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url], input=sql_script(REQUESTS), text=True,
                       check=True, stdout=subprocess.DEVNULL)
        ids = [int(x) for x in subprocess.run(
            ["psql", "-At", url, "-c", "SELECT id FROM people WHERE email LIKE 'load-%' ORDER BY id"],
            capture_output=True, text=True, check=True).stdout.split()]
        rows.append(measure("PostgreSQL, 2 servers", ploeg, url, 2, ids,
                            lambda port: sign_in(port, admin)))
    finally:
        subprocess.run([str(ROOT / "scripts" / "pg-throwaway"), "stop", str(pg_dir)], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    print("## Desk booking under load (issue 7)\n")
    print("Written by `bench/roster/run`; command: `bench/roster/run`. %d concurrent requests (%d threads) "
          "for the 100 desks of one office, one person each, timed from outside; the peer is the same burst "
          "of `GET /healthz` on the same servers (no database)." % (REQUESTS, THREADS))
    print()
    print("| database | booked | full (waiting list) | other | bookings/s | p50 | p99 | healthz/s (peer) | "
          "peer p50 | peer p99 | bookings/s against the peer |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        rate, peer = REQUESTS / r["took"], REQUESTS / r["peer_took"]
        print("| %s | %d | %d | %d | %.0f | %.1f ms | %.1f ms | %.0f | %.1f ms | %.1f ms | %.2f |" % (
            r["label"], r["booked"], r["full"], r["other"], rate, 1000 * r["p50"], 1000 * r["p99"], peer,
            1000 * r["peer_p50"], 1000 * r["peer_p99"], rate / peer))


if __name__ == "__main__":
    main()
