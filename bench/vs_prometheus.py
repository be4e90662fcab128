#!/usr/bin/env python3
"""Vigil and Debian's Prometheus 2.42 side by side on the same work (docs/benchmarks.md): one generated exporter
(about 70,500 series), one rule file (1,000 rules in 100 per-service groups, plus fleet-wide ones), both scraping
every 15 s and evaluating every 15 s, for the same minutes. Reports per process: CPU per minute, the summed
duration of one round of rule groups, RSS and RSS per series, scrape regularity, and whether their answers agree.
Python 3 stdlib only. Usage: bench/vs-prometheus.sh [minutes=5]."""
import argparse, http.server, json, os, re, shutil, signal, socket, subprocess, sys, tempfile, threading, time
import urllib.parse, urllib.request

SERVICES, INSTANCES = 100, 50
LE = ["0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Exporter(http.server.BaseHTTPRequestHandler):
    start = time.time()
    instances = INSTANCES  # per service; --instances

    def do_GET(self):
        t = time.time() - Exporter.start
        out = []
        for s in range(SERVICES):
            for i in range(Exporter.instances):
                base = 'service="s%02d",instance="i%02d"' % (s, i)
                n = int(t * (1 + (s * 7 + i) % 13))
                out.append('http_requests_total{%s,code="200"} %d' % (base, n))
                out.append('http_requests_total{%s,code="500"} %d' % (base, n // 50))
                c = 0
                for k, le in enumerate(LE):
                    c += n // (2 + k)
                    out.append('http_request_duration_seconds_bucket{%s,le="%s"} %d' % (base, le, c))
                out.append('http_request_duration_seconds_count{%s} %d' % (base, c))
                out.append('queue_depth{%s} %d' % (base, (n * 31) % 97))
        body = ("\n".join(out) + "\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


def rule_file():
    groups = []
    for s in range(SERVICES):
        sel = 'service="s%02d"' % s
        rules = [
            {"record": "service:http_requests:rate5m", "expr": "sum by (service) (rate(http_requests_total{%s}[5m]))" % sel},
            {"record": "service:http_errors:rate5m", "expr": 'sum by (service) (rate(http_requests_total{%s,code="500"}[5m]))' % sel},
            {"record": "service:http_error_ratio:rate5m", "expr": 'service:http_errors:rate5m{%s} / service:http_requests:rate5m{%s}' % (sel, sel)},
            {"record": "service:latency_p99:5m", "expr": "histogram_quantile(0.99, sum by (service, le) (rate(http_request_duration_seconds_bucket{%s}[5m])))" % sel},
            {"record": "service:latency_p50:5m", "expr": "histogram_quantile(0.5, sum by (service, le) (rate(http_request_duration_seconds_bucket{%s}[5m])))" % sel},
            {"record": "instance:queue_depth:max5m", "expr": "max_over_time(queue_depth{%s}[5m])" % sel},
            {"alert": "HighErrorRatio", "expr": "service:http_error_ratio:rate5m{%s} > 0.5" % sel, "for": "5m"},
            {"alert": "SlowRequests", "expr": "service:latency_p99:5m{%s} > 20" % sel},
            {"alert": "QueueBacklog", "expr": "instance:queue_depth:max5m{%s} > 200" % sel},
            {"alert": "InstanceDown", "expr": 'up{job="fleet",%s} == 0' % sel},
        ]
        groups.append({"name": "service-s%02d" % s, "interval": "15s", "rules": rules})
    groups.append({"name": "fleet", "interval": "15s", "rules": [
        {"record": "fleet:http_requests:rate5m", "expr": "sum(rate(http_requests_total[5m]))"},
        {"record": "fleet:queue_depth:avg", "expr": "avg(queue_depth)"},
        {"record": "fleet:instances:count", "expr": "count(up)"},
        {"alert": "FleetErrors", "expr": 'sum(rate(http_requests_total{code="500"}[5m])) / sum(rate(http_requests_total[5m])) > 0.5'},
    ]})
    return {"groups": groups}


def get(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())


def query(base, q):
    return get(base + "/api/v1/query?" + urllib.parse.urlencode({"query": q}))["data"]["result"]


def value(base, q):
    r = query(base, q)
    return float(r[0]["value"][1]) if r else float("nan")


def metric(base, name):
    """The sum of a metric's samples on a /metrics page (a process's own, not scraped by anyone)."""
    total, found = 0.0, False
    for line in urllib.request.urlopen(base + "/metrics", timeout=30).read().decode().splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            total += float(line.rsplit(" ", 1)[1])
            found = True
    return total if found else float("nan")


def cpu_seconds(pid):
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(f[11]) + int(f[12])) / tick


def rss_bytes(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def wait_ready(url, what, seconds=120):
    end = time.time() + seconds
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.5)
    sys.exit(what + " did not start: " + url)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jar", required=True)
    p.add_argument("--minutes", type=float, default=5)
    p.add_argument("--heap", default="1g")
    p.add_argument("--warmup", type=float, default=6)
    p.add_argument("--without-prometheus", action="store_true",
                   help="Vigil alone on the same work: the server's own figures (bench/rules.sh)")
    p.add_argument("--saturate", type=int, default=0,
                   help="busy loops (one core each) running through the measured minutes: scrapes under saturation")
    p.add_argument("--instances", type=int, default=INSTANCES,
                   help="instances per service (50: about 70,500 series); two sizes give the RSS each added series costs")
    args = p.parse_args()
    Exporter.instances = args.instances
    work = tempfile.mkdtemp(prefix="vs-prometheus-")
    exporter_port, prom_port, vigil_port, vigil_admin = free_port(), free_port(), free_port(), free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", exporter_port), Exporter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    target = "127.0.0.1:%d" % exporter_port

    rules = os.path.join(work, "rules")
    os.makedirs(os.path.join(rules, "alerts"))
    json.dump(rule_file(), open(os.path.join(rules, "alerts", "bench.yml"), "w"))  # JSON is YAML
    with open(os.path.join(rules, "org.yml"), "w") as f:
        f.write("users: [{id: bench}]\nteams: [{id: bench, slack_channel: C0, escalation_policy: p}]\n"
                "escalation_policies: [{id: p, steps: [{targets: [user:bench], escalate_after: 5m}]}]\n"
                "route: {team: bench, group_by: [alertname, service]}\n")
    os.makedirs(os.path.join(work, "runbooks"))
    with open(os.path.join(work, "prometheus.yml"), "w") as f:
        f.write("global: {scrape_interval: 15s, evaluation_interval: 15s}\n"
                "rule_files: [%s]\n"
                "scrape_configs:\n  - job_name: fleet\n    static_configs: [{targets: ['%s']}]\n"
                % (os.path.join(rules, "alerts", "bench.yml"), target))
    with open(os.path.join(work, "config.yml"), "w") as f:
        f.write("server:\n  applicationConnectors: [{type: http, port: %d}]\n"
                "  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: %d}]\n  requestLog: {appenders: []}\n"
                "rulesPath: %s\nrunbooksPath: %s\nrunbookBaseUrl: http://localhost/runbooks/\n"
                "evaluationInterval: 15s\nretention: 1h\n"
                "database: {driverClass: org.postgresql.Driver, url: 'embedded-postgresql:%s', user: postgres, password: ''}\n"
                "auth: {tokens: [{token: bench-token, role: admin, name: bench}]}\n"
                "scrape_configs:\n  - job_name: fleet\n    scrape_interval: 15s\n    static_configs: [{targets: ['%s']}]\n"
                "logging: {level: WARN}\n"
                % (vigil_port, vigil_admin, rules, os.path.join(work, "runbooks"), os.path.join(work, "pg"), target))

    prom = None if args.without_prometheus else subprocess.Popen(["prometheus", "--config.file=" + os.path.join(work, "prometheus.yml"),
                             "--storage.tsdb.path=" + os.path.join(work, "tsdb"),
                             "--web.listen-address=127.0.0.1:%d" % prom_port],
                            stdout=open(os.path.join(work, "prometheus.log"), "w"), stderr=subprocess.STDOUT)
    # Vigil runs as documented (bin/vigil, docs/operations.md): its JVM settings are the ones measured. The heap is
    # VIGIL_HEAP; VIGIL_BENCH_JAVA_OPTS adds JVM options (a profiler agent, another collector: docs/benchmarks.md).
    # Without the launcher's class-data archive, as the figures were measured: whether one was left in the
    # repository's data/ would otherwise change the RSS measured, and the bench's stop would write one there.
    env = dict(os.environ, VIGIL_JAR=args.jar, VIGIL_HEAP=args.heap, VIGIL_CDS="off",
               VIGIL_JAVA_OPTS=os.environ.get("VIGIL_BENCH_JAVA_OPTS", ""))
    launcher = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bin", "vigil")
    vigil = subprocess.Popen([launcher, "server", os.path.join(work, "config.yml")], env=env,
                             stdout=open(os.path.join(work, "vigil.log"), "w"), stderr=subprocess.STDOUT)
    pbase, vbase = "http://127.0.0.1:%d" % prom_port, "http://127.0.0.1:%d" % vigil_port
    busy = []
    names = ("vigil",) if prom is None else ("prometheus", "vigil")
    procs = {"vigil": vigil} if prom is None else {"prometheus": prom, "vigil": vigil}
    try:
        if prom is not None:
            wait_ready(pbase + "/-/ready", "prometheus")
        wait_ready("http://127.0.0.1:%d/healthcheck" % vigil_admin, "vigil")
        warm = args.warmup * 60  # the JIT, and rate(...[5m]) filling its window
        print("vs-prometheus: %s; warming up %d s, then measuring %.1f min (work in %s)"
              % (" and ".join(names), warm, args.minutes, work), flush=True)
        time.sleep(warm)
        busy.extend(subprocess.Popen(["sh", "-c", "while :; do :; done"]) for _ in range(args.saturate))
        if busy:
            print("vs-prometheus: %d busy loops saturate the cores while measuring" % len(busy), flush=True)
        c0 = {k: cpu_seconds(p.pid) for k, p in procs.items()}
        t0 = time.time()
        peak = {k: 0 for k in names}
        rounds = {k: [] for k in names}
        bases = {"prometheus": pbase, "vigil": vbase}
        while time.time() - t0 < args.minutes * 60:
            time.sleep(15)
            for k, p in procs.items():
                peak[k] = max(peak[k], rss_bytes(p.pid))
                rounds[k].append(metric(bases[k], k + "_rule_group_last_duration_seconds"))
        elapsed = time.time() - t0
        cpu = {k: (cpu_seconds(p.pid) - c0[k]) / elapsed * 60 for k, p in procs.items()}
        series = {"vigil": value(vbase, 'count({__name__=~".+"})')}
        scrapes = {"vigil": value(vbase, 'count_over_time(up{job="fleet"}[5m])')}
        if prom is not None:
            series["prometheus"] = metric(pbase, "prometheus_tsdb_head_series")
            scrapes["prometheus"] = value(pbase, 'count_over_time(up{job="fleet"}[5m])')
        missed_scrapes = metric(vbase, "vigil_scrapes_missed_total")
        missed_rounds = metric(vbase, "vigil_rule_group_iterations_missed_total")
        med = lambda xs: sorted(xs)[len(xs) // 2] if xs else float("nan")
        print("vs-prometheus: %.0f s measured, %s" % (elapsed, ", ".join(
            "%.0f series in %s" % (series[k], k) for k in names)))
        for k in names:
            print("  %-10s CPU %6.1f s/min  rule round (sum of groups' last durations, median) %7.3f s  "
                  "RSS peak %5d MB = %5.1f KB/series" % (k, cpu[k], med(rounds[k]), peak[k] // 2**20,
                                                       peak[k] / 1024 / series[k]))
        if prom is not None:
            print("  ratio vigil/prometheus: CPU %.2f, rule round %.2f, RSS %.2f" % (
                cpu["vigil"] / cpu["prometheus"], med(rounds["vigil"]) / med(rounds["prometheus"]),
                peak["vigil"] / peak["prometheus"]))
        print("  scrapes in the last 5 min (20 expected at 15 s): %s; vigil missed %.0f scrapes and %.0f group "
              "evaluations" % (", ".join("%s %.0f" % (k, scrapes[k]) for k in names), missed_scrapes, missed_rounds))
        for q in ["fleet:http_requests:rate5m", "sum(service:http_requests:rate5m)", "fleet:instances:count",
                  'service:latency_p99:5m{service="s07"}']:
            b = value(vbase, q)
            if prom is None:
                print("  %-45s vigil %.6g" % (q, b))
            else:
                a = value(pbase, q)
                print("  %-45s prometheus %.6g  vigil %.6g  (%.2g%% apart)" % (q, a, b, abs(a - b) / max(abs(a), 1e-12) * 100))
    finally:
        for proc in busy:
            proc.kill()
        for proc in procs.values():
            proc.send_signal(signal.SIGTERM)
        for proc in procs.values():
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
