#!/usr/bin/env python3
"""Dashboard latency: signs in to a running `ploeg serve` and requests each
given page ROUNDS times over one kept-alive connection, after one warm-up
request; prints one line per page: name, p50 and p99 in milliseconds.

    bench/casework/dashboard.py PORT USER PASSWORD ROUNDS NAME=TARGET...
"""
import http.client
import re
import sys
import time
import urllib.parse


class Visitor:
    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies = {}
        self.csrf = ""

    def send(self, method, target, body=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, target, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() != "set-cookie":
                continue
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            if not val or "Max-Age=0" in value:
                self.cookies.pop(key, None)
            else:
                self.cookies[key] = val
        found = re.search(rb'name="_csrf" value="([^"]+)"', data)
        if found:
            self.csrf = found.group(1).decode()
        return response.status, data

    def sign_in(self, user, password):
        self.send("GET", "/login")
        form = urllib.parse.urlencode({"username": user, "password": password, "_csrf": self.csrf})
        status, _ = self.send("POST", "/login", form)
        return status == 303


def percentile(sorted_ms, p):
    # Nearest rank: the smallest value with at least p% of them at or below it.
    rank = max(1, -(-len(sorted_ms) * p // 100))
    return sorted_ms[int(rank) - 1]


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    port, user, password, rounds = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    visitor = Visitor(port)
    if not visitor.sign_in(user, password):
        sys.exit(f"dashboard.py: could not sign in as {user}")
    for spec in sys.argv[5:]:
        name, _, target = spec.partition("=")
        status, body = visitor.send("GET", target)  # warm-up, not counted
        if status != 200:
            print(f"page={name} status={status}")
            continue
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            status, body = visitor.send("GET", target)
            times.append((time.perf_counter() - start) * 1000)
            if status != 200:
                sys.exit(f"dashboard.py: {target} answered {status}")
        times.sort()
        print(f"page={name} status=200 n={rounds} bytes={len(body)} "
              f"p50_ms={percentile(times, 50):.3f} p99_ms={percentile(times, 99):.3f}")


if __name__ == "__main__":
    main()
