#!/usr/bin/env python3
"""Many probes against a local target; see bench/probes.sh and docs/benchmarks.md.

Half the runs are http probes of a small threaded HTTP server on loopback, half tcp probes of the same port, all
at a 30 s interval, so that --per-minute runs fall due each minute, spread by Vigil over the interval. After a
warm-up, the difference of Vigil's own histogram vigil_probe_start_delay_seconds and counter
vigil_probe_runs_missed_total over the measured minutes gives how late runs started and how many were missed.
Only 127.0.0.1 is contacted; the run is bounded in time.
"""
import argparse
import http.server
import os
import re
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chaos import FakeSlack, Vigil, workdir  # noqa: E402

INTERVAL_S = 30


class Target(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def metrics(vigil):
    text = urllib.request.urlopen("http://127.0.0.1:%d/metrics" % vigil.port, timeout=10).read().decode()
    buckets, count, missed = {}, 0.0, 0.0
    for line in text.splitlines():
        m = re.match(r'vigil_probe_start_delay_seconds_bucket\{le="([^"]+)"\} (\S+)', line)
        if m:
            buckets[m.group(1)] = float(m.group(2))
        m = re.match(r'vigil_probe_start_delay_seconds_count (\S+)', line)
        if m:
            count = float(m.group(1))
        m = re.match(r'vigil_probe_runs_missed_total\{[^}]*\} (\S+)', line)
        if m:
            missed += float(m.group(1))
    return buckets, count, missed


def quantile(q, before, after):
    """The upper bound of the histogram bucket holding quantile q of the runs between two scrapes."""
    total = after[1] - before[1]
    if total <= 0:
        return float("nan")
    for le in sorted(after[0], key=lambda b: float("inf") if b == "+Inf" else float(b)):
        if after[0][le] - before[0].get(le, 0.0) >= q * total:
            return float("inf") if le == "+Inf" else float(le)
    return float("inf")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jar", default="service/target/vigil.jar")
    p.add_argument("--minutes", type=float, default=3)
    p.add_argument("--per-minute", type=int, default=5000)
    p.add_argument("--warmup", type=int, default=45)
    p.add_argument("--heap", default="512m")
    args = p.parse_args()
    args.jar = os.path.abspath(args.jar)
    args.db_url, args.db_driver, args.db_user, args.db_password = (
        "embedded-postgresql:./data/postgres", "org.postgresql.Driver", "postgres", "")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Target)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    probes = args.per_minute * INTERVAL_S // 60
    work = workdir("probes")
    with open(os.path.join(work, "rules", "many-probes.yml"), "w") as f:
        f.write("probes:\n")
        for i in range(probes):
            if i % 2 == 0:
                f.write("  - {name: http-%d, type: http, url: 'http://127.0.0.1:%d/health/%d', interval: %ds, "
                        "timeout: 5s, labels: {team: ingestion}}\n" % (i, port, i, INTERVAL_S))
            else:
                f.write("  - {name: tcp-%d, type: tcp, target: '127.0.0.1:%d', interval: %ds, timeout: 5s, "
                        "labels: {team: ingestion}}\n" % (i, port, INTERVAL_S))

    slack = FakeSlack()
    vigil = Vigil(args, work, slack, heap=args.heap)
    vigil.start()
    try:
        print("probes: %d (%d http, %d tcp) every %d s = %d runs a minute against 127.0.0.1:%d"
              % (probes, (probes + 1) // 2, probes // 2, INTERVAL_S, probes * 60 // INTERVAL_S, port))
        time.sleep(args.warmup)
        before = metrics(vigil)
        t0 = time.time()
        time.sleep(args.minutes * 60)
        after = metrics(vigil)
        seconds = time.time() - t0
        runs = after[1] - before[1]
        expected = probes * seconds / INTERVAL_S
        missed = after[2] - before[2]
        p50, p99, pmax = (quantile(q, before, after) for q in (0.5, 0.99, 1.0))
        print("  measured %.0f s after %d s of warm-up: %d runs started (%.0f due), %d missed"
              % (seconds, args.warmup, runs, expected, missed))
        print("  start delay after the due time: p50 <= %s, p99 <= %s, max <= %s (histogram bucket bounds)"
              % tuple("%.0f ms" % (v * 1000) if v != float("inf") else "> 10 s" for v in (p50, p99, pmax)))
        ok = p99 <= 0.1 and missed == 0 and runs >= expected * 0.99
        print("  targets (start delay p99 < 100 ms, no missed runs, every due run started): %s"
              % ("met" if ok else "NOT met"))
    finally:
        vigil.stop()
        server.shutdown()


if __name__ == "__main__":
    main()
