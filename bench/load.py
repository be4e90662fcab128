#!/usr/bin/env python3
"""Load against a real Vigil process on loopback; see bench/load.sh and docs/benchmarks.md.

N clients for D seconds each loop: start a release run, fail its step, and now and then acknowledge an
incident, after the same load has run until the JIT settled (the first minute from a cold start is printed apart,
with no target). Prints requests per second, p50/p99 latency per kind of request, how long after its 200 each
failed step was named in a message to its team's channel (on its own or in a bundle), and what was lost.
Only 127.0.0.1 is contacted; the loop is bounded in time.
"""
import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chaos import TOKEN, FakeSlack, Vigil, workdir  # noqa: E402


class Connection:
    """One client's keep-alive connection to Vigil, as a load generator (wrk, k6) holds one: the figures are then
    Vigil's, not TCP set-up's on 2 shared cores. Reconnects after an error. HTTP/1.1 written and read by hand on a
    socket rather than with http.client: the client shares the 2 cores with what it measures (docs/benchmarks.md)."""

    def __init__(self, port):
        self.port = port
        self.sock = None
        self.buf = b""
        self.head = ("Host: 127.0.0.1:%d\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"
                     % (port, TOKEN)).encode()

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else b""
        try:
            if self.sock is None:
                self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self.buf = b""
            self.sock.sendall(b"%s %s HTTP/1.1\r\n%sContent-Length: %d\r\n\r\n%s"
                              % (method.encode(), path.encode(), self.head, len(data), data))
            status, headers = self.headers()
            payload = self.body(headers)
            if headers.get(b"connection") == b"close":
                self.close()
            return status, json.loads(payload or b"null") if status < 300 else None
        except (OSError, ValueError):
            self.close()
            raise OSError("connection to Vigil failed")

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = None

    def read(self, n):
        """At least n more bytes in the buffer, or OSError."""
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise OSError("closed")
            self.buf += chunk

    def line(self, end=b"\r\n"):
        while True:
            i = self.buf.find(end)
            if i >= 0:
                out, self.buf = self.buf[:i], self.buf[i + len(end):]
                return out
            self.read(len(self.buf) + 1)

    def headers(self):
        lines = self.line(b"\r\n\r\n").split(b"\r\n")
        fields = {}
        for h in lines[1:]:
            name, _, value = h.partition(b":")
            fields[name.strip().lower()] = value.strip()
        return int(lines[0].split()[1]), fields

    def body(self, headers):
        if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            out = b""
            while True:
                size = int(self.line().split(b";")[0], 16)
                if size == 0:
                    while self.line():  # trailers, up to the empty line
                        pass
                    return out
                self.read(size + 2)
                out, self.buf = out + self.buf[:size], self.buf[size + 2:]
        n = int(headers.get(b"content-length", b"0"))
        self.read(n)
        out, self.buf = self.buf[:n], self.buf[n:]
        return out


# The JIT has settled when the JVM's compile time grew by less than this in the last window (a twentieth of a core).
SETTLED_COMPILE_S = 0.5
SETTLE_WINDOW_S = 10
SETTLE_MIN_S = 15
SETTLE_MAX_S = 360
COLD_S = 60
# The measured time is also counted in windows of this length, to show how much the machine drifts within a run.
WINDOW_S = 10


def compile_seconds(port):
    """The JVM's compile time so far (client_java's jvm_compilation_time_seconds_total on /metrics), or None."""
    try:
        req = urllib.request.Request("http://127.0.0.1:%d/metrics" % port, headers={"Authorization": "Bearer " + TOKEN})
        with urllib.request.urlopen(req, timeout=5) as r:
            m = re.search(r"^jvm_compilation_time_seconds_total (\S+)$", r.read().decode(), re.M)
        return float(m.group(1)) if m else None
    except (OSError, ValueError):
        return None


def warmup_seconds(value):
    """--warmup: "jit" or a number of seconds."""
    if value != "jit":
        float(value)  # ValueError: argparse says "invalid warmup_seconds value"
    return value


def settle(port, started):
    """Waits under load until the JIT has settled (see SETTLED_COMPILE_S) or SETTLE_MAX_S have passed; returns the
    compile time of the last window and the whole compile time so far (None when /metrics did not say)."""
    seen = []  # (time, compile seconds)
    while True:
        time.sleep(1)
        now, c = time.time(), compile_seconds(port)
        if c is not None:
            seen.append((now, c))
        past = [v for t, v in seen if t <= now - SETTLE_WINDOW_S]
        recent = c - past[-1] if c is not None and past else None
        if now - started >= SETTLE_MAX_S or (
                now - started >= SETTLE_MIN_S and recent is not None and recent < SETTLED_COMPILE_S):
            return recent, c


def pct(values, p):
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def server_side(log, since):
    """Request durations (ms) as Jetty's request log recorded them, by kind, for requests from {since} on."""
    out = {"start a run": [], "fail a step": []}
    with open(log, errors="replace") as f:
        for line in f:
            m = re.search(r'\[([^\]]+)\] "POST (/api/v1/releases(/\d+/steps/ingest)?) HTTP/1.1" (\d+) \S+ '
                          r'"[^"]*" "[^"]*" (\d+)', line)
            if m and time.mktime(time.strptime(m.group(1), "%d/%b/%Y:%H:%M:%S %z")) >= since:
                out["fail a step" if m.group(3) else "start a run"].append(float(m.group(5)))
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jar", default="service/target/vigil.jar")
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--seconds", type=int, default=60)
    p.add_argument("--warmup", default="jit", type=warmup_seconds,
                   help="the same load first, its latencies not counted (its pages and losses are): 'jit' (the "
                        "default) until the JIT has settled, the JVM's compile time on /metrics growing by under "
                        "%.1f s in %d s, at least %d s and at most %d s; or a number of seconds"
                        % (SETTLED_COMPILE_S, SETTLE_WINDOW_S, SETTLE_MIN_S, SETTLE_MAX_S))
    p.add_argument("--db-url", default="embedded-postgresql:./data/postgres")
    p.add_argument("--db-driver", default="org.postgresql.Driver")
    p.add_argument("--db-user", default="postgres")
    p.add_argument("--db-password", default="")
    p.add_argument("--heap", default="512m")
    args = p.parse_args()
    args.jar = os.path.abspath(args.jar)
    work = workdir("load")

    slack = FakeSlack()
    vigil = Vigil(args, work, slack, heap=args.heap)
    vigil.start()
    lock = threading.Lock()
    latency = {"start": [], "fail": [], "ack": []}
    errors = {"start": 0, "fail": 0, "ack": 0}
    cold = {"start": [], "fail": [], "ack": []}  # latencies of the first COLD_S seconds, warm-up or not
    failed_at = {}  # run id -> time of the 200
    started = measure_from = stop = float("inf")  # set when the clients start and when the warm-up ends

    windows = {}  # 10 s window of the measured time -> requests started in it

    def record(kind, t0, t1):
        if t0 >= measure_from:
            latency[kind].append(t1 - t0)
            w = int((t0 - measure_from) // WINDOW_S)
            windows[w] = windows.get(w, 0) + 1
        if t0 < started + COLD_S:
            cold[kind].append(t1 - t0)

    def client(seed):
        rnd = random.Random(seed)
        conn = Connection(vigil.port)
        while time.time() < stop:
            t0 = time.time()
            try:
                status, run = conn.call("POST", "/api/v1/releases", {"pipeline": "load", "version": "v%d" % seed})
            except OSError:
                status = 0
            t1 = time.time()
            with lock:
                record("start", t0, t1)
                if status != 201:
                    errors["start"] += 1
                    continue
            try:
                status, _ = conn.call("POST", "/api/v1/releases/%d/steps/ingest" % run["id"],
                                       {"status": "failed", "message": "load"})
            except OSError:
                status = 0
            t2 = time.time()
            with lock:
                record("fail", t1, t2)
                if status == 200:
                    failed_at[run["id"]] = t2
                else:
                    errors["fail"] += 1
            if rnd.random() < 0.3:
                iid = slack.any_incident(rnd)
                if iid is not None:
                    t3 = time.time()
                    try:
                        status, _ = conn.call("POST", "/api/v1/incidents/%d/acknowledge" % iid)
                    except OSError:
                        status = 0
                    with lock:
                        record("ack", t3, time.time())
                        if status != 200:
                            errors["ack"] += 1

    rss = [0]

    def sample_rss():
        while time.time() < stop:
            try:
                with open("/proc/%d/status" % vigil.proc.pid) as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            rss[0] = max(rss[0], int(line.split()[1]) // 1024)
            except OSError:
                pass
            time.sleep(1)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    started = time.time()
    threading.Thread(target=sample_rss, daemon=True).start()
    for t in threads:
        t.start()
    if args.warmup == "jit":
        recent, compiled = settle(vigil.port, started)
        how = "until the JIT settled: %s s of compiling in its last %d s, %s s in all" % (
            "?" if recent is None else "%.2f" % recent, SETTLE_WINDOW_S,
            "?" if compiled is None else "%.0f" % compiled)
        if recent is None or recent >= SETTLED_COMPILE_S:
            how += "; NOT settled, the warm-up ran out"
    else:
        time.sleep(float(args.warmup))
        how = "fixed"
    warmup = time.time() - started
    measure_from = time.time()
    stop = measure_from + args.seconds
    for t in threads:
        t.join()
    elapsed = time.time() - measure_from

    # Every failed step must be named in a message to its team's channel; wait for the last ones.
    deadline = time.time() + 60
    while time.time() < deadline:
        first = {}
        for t, channel, iid, event in slack.snapshot():
            if channel == "CINGEST" and event == "opened":
                first.setdefault(iid, t)
        by_run = slack.incidents_by_run()
        missing = [r for r in failed_at if by_run.get(r) not in first]
        if not missing:
            break
        time.sleep(1)
    delays = sorted(first[by_run[r]] - t for r, t in failed_at.items() if by_run.get(r) in first)
    messages = [m for m in slack.snapshot() if m[1] == "CINGEST"]
    sends = len({m[0] for m in messages})
    vigil.stop()
    server = server_side(os.path.join(work, "vigil.log"), int(measure_from) + 1)
    if os.environ.get("KEEP"):
        print("  work directory kept: %s" % work)
    else:
        shutil.rmtree(work, ignore_errors=True)

    total = sum(len(v) for v in latency.values())
    print("load: %d clients for %.0f s (after %.0f s of warm-up, %s) against %s" % (
        args.clients, elapsed, warmup, how, args.db_url))
    print("  requests: %d (%.0f/s), errors: %s; Vigil's largest RSS: %d MB (heap %s; PostgreSQL apart)"
          % (total, total / elapsed, errors, rss[0], args.heap))
    rates = [windows.get(w, 0) / WINDOW_S for w in range(int(elapsed // WINDOW_S))]
    if rates:
        print("  requests a second in each %d s of it: %s (lowest %.0f, highest %.0f)"
              % (WINDOW_S, " ".join("%.0f" % r for r in rates), min(rates), max(rates)))
    for kind, name in (("start", "start a run"), ("fail", "fail a step"), ("ack", "acknowledge")):
        v = [x * 1000 for x in latency[kind]]
        print("  %-12s n=%-6d p50 %6.1f ms   p99 %6.1f ms   max %6.1f ms" % (
            name, len(v), pct(v, 50), pct(v, 99), max(v) if v else float("nan")))
    for name, v in server.items():
        print("  server-side %-12s p50 %6.1f ms   p99 %6.1f ms (Jetty's request log, without the client's own time)"
              % (name, pct(v, 50), pct(v, 99)))
    v = [x * 1000 for x in cold["fail"]]
    print("  the first %d s from a cold start, warm-up or not (no target): fail a step n=%d p50 %.1f ms p99 %.1f ms"
          % (COLD_S, len(v), pct(v, 50), pct(v, 99)))
    print("  failed steps: %d; named in a channel message: %d; lost: %d" % (
        len(failed_at), len(delays), len(failed_at) - len(delays)))
    print("  page delay after the 200: p50 %.2f s, p99 %.2f s, max %.2f s (%d channel posts for %d incidents)" % (
        pct(delays, 50), pct(delays, 99), delays[-1] if delays else float("nan"), sends, len(delays)))
    fail_p99 = pct([x * 1000 for x in latency["fail"]], 99)
    ok = fail_p99 < 100 and pct(delays, 99) < 2 and len(delays) == len(failed_at)
    print("  targets (fail p99 < 100 ms, page p99 < 2 s, 0 lost): %s" % ("met" if ok else "NOT met"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
