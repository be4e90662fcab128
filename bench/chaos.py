#!/usr/bin/env python3
"""kill -9 loop against a real Vigil process on loopback; see bench/chaos.sh and docs/operations.md.

Each round starts Vigil, sends release runs, failed step reports and acknowledgements from a few clients,
kills the process with SIGKILL at a random moment, and restarts it. After every restart each write the API
answered 2xx for must be in the database (read back through the API); at the end every failed step must
have been paged (team channel, then the on-call user, then the escalation's second step) exactly once,
as a fake Slack on loopback logged it. Prints lost, duplicated and late figures; exits 1 when any target
is missed. Only 127.0.0.1 is ever contacted, and every loop is bounded in count and time.
"""
import argparse
import json
import multiprocessing
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "chaos-admin-token"
ESCALATE_AFTER_S = 20
LATE_S = 15.0

RULES = """
users:
  - {id: alice, name: Alice, slack_id: UALICE}
  - {id: bob, name: Bob, slack_id: UBOB}
teams:
  - {id: ingestion, name: Ingestion, slack_channel: CINGEST, escalation_policy: ingestion-default}
schedules:
  - id: ingestion-primary
    time_zone: UTC
    layers:
      - {name: always, start: 2020-01-06T00:00, shift_length: 1w, members: [alice]}
escalation_policies:
  - id: ingestion-default
    steps:
      - {targets: ['schedule:ingestion-primary'], escalate_after: %ds}
      - {targets: ['user:bob'], escalate_after: 1h}
route:
  team: ingestion
  group_by: [alertname, release, run, step]
releases:
  - name: chaos
    channel: CRELEASES
    steps:
      - {id: ingest, team: ingestion, runbook: ingest}
""" % ESCALATE_AFTER_S


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeSlack:
    """Slack's Web API on loopback, in a process of its own (so the load's client threads cannot starve it):
    accepts the token, and logs every incident each chat.postMessage names, with when it came and which token sent
    it (each Vigil process is given its own, so a message sent twice is known to come from one process or two)."""

    def __init__(self):
        self.messages = []  # (time, channel, incident id, event)
        self.tokens = {}  # (channel, incident id, event) -> the token of each send, in order
        self.runs = {}  # run id -> incident id, from the titles
        self.incident_ids = []  # every incident named, in order of first mention
        self.lock = threading.Lock()
        self.port = free_port()
        self.queue = multiprocessing.Queue()
        self.process = multiprocessing.Process(target=FakeSlack.serve, args=(self.port, self.queue), daemon=True)
        self.process.start()
        threading.Thread(target=self.collect, daemon=True).start()

    def collect(self):
        while True:
            t, channel, iid, event, title, token = self.queue.get()
            r = re.search(r"\(run (\d+)\)", title)
            with self.lock:
                self.messages.append((t, channel, iid, event))
                self.tokens.setdefault((channel, iid, event), []).append((t, token))
                if r and int(r.group(1)) not in self.runs:
                    self.runs[int(r.group(1))] = iid
                    self.incident_ids.append(iid)

    @staticmethod
    def serve(port, queue):
        ts = [0]

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0)).decode()
                form = urllib.parse.parse_qs(body)
                answer = {"ok": True, "user": "vigil", "team": "Chaos"}
                if self.path.endswith("/chat.postMessage"):
                    channel = form.get("channel", [""])[0]
                    now = time.time()
                    token = (self.headers.get("Authorization", "").removeprefix("Bearer ")
                             or form.get("token", [""])[0])
                    for iid, event, title in FakeSlack.parse(form.get("text", [""])[0], form.get("blocks", ["[]"])[0]):
                        queue.put((now, channel, iid, event, title, token))
                    ts[0] += 1
                    answer = {"ok": True, "channel": channel, "ts": "1700000000.%06d" % ts[0]}
                data = json.dumps(answer).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # Vigil was killed mid-call

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                # A kill resets the connection Vigil kept open: expected here, not a traceback on the output.
                if not isinstance(sys.exc_info()[1], ConnectionError):
                    super().handle_error(request, client_address)

        Server(("127.0.0.1", port), Handler).serve_forever()

    @staticmethod
    def parse(text, blocks):
        """(incident id, event, title) for each incident a message is about: one, or each line of a bundle."""
        if re.match(r"\d+ updates", text):
            try:
                shown = " ".join(b.get("text", {}).get("text", "") for b in json.loads(blocks))
            except (ValueError, AttributeError):
                shown = text
            bundled = re.findall(r"#(\d+) \[[^\]]*\] (.*?) — (\w+)[^(]*\((\w+)\)", shown)
            return [(int(i), event, title) for i, title, event, _ in bundled]
        m = re.match(r"\[[^\]]*\] #(\d+) (.*?) — ", text)
        e = re.search(r"Vigil incident \d+ (?:\\u00b7|·) (\w+)", blocks)
        return [(int(m.group(1)), e.group(1) if e else "?", m.group(2))] if m else []

    def incidents_by_run(self):
        with self.lock:
            return dict(self.runs)

    def any_incident(self, rnd):
        """One incident named so far, chosen with rnd; None before the first."""
        with self.lock:
            return rnd.choice(self.incident_ids) if self.incident_ids else None

    def snapshot(self):
        with self.lock:
            return list(self.messages)

    def senders(self, channel, iid, event):
        """The token of each send of this message, in the order they came."""
        with self.lock:
            return [token for _, token in sorted(self.tokens.get((channel, iid, event), []))]


def workdir(name):
    """A fresh directory to run Vigil in: the repository's config.yml, the bench's team and pipeline (named
    `name`) in rules/, its runbook."""
    work = tempfile.mkdtemp(prefix="vigil-%s-" % name)
    os.makedirs(os.path.join(work, "rules"))
    os.makedirs(os.path.join(work, "runbooks"))
    with open(os.path.join(work, "rules", name + ".yml"), "w") as f:
        f.write(RULES.replace("name: chaos", "name: " + name))
    with open(os.path.join(work, "runbooks", "ingest.md"), "w") as f:
        f.write("# Ingest failed\n\nRerun it.\n")
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shutil.copy(os.path.join(repo, "config.yml"), work)
    return work


class Vigil:
    """The real jar in its own process, on loopback ports, killed with SIGKILL."""

    def __init__(self, args, workdir, slack, heap="512m"):
        self.args, self.workdir, self.slack, self.heap = args, workdir, slack, heap
        self.port, self.admin = free_port(), free_port()
        self.proc = None
        self.starts = 0  # each process gets its own Slack token, xoxb-chaos-<start>, for FakeSlack.senders
        self.log = open(os.path.join(workdir, "vigil.log"), "ab")

    def start(self):
        self.starts += 1
        env = dict(os.environ, VIGIL_PORT=str(self.port), VIGIL_ADMIN_PORT=str(self.admin), VIGIL_TLS_PORT="0",
                   VIGIL_ADMIN_TOKEN=TOKEN, SLACK_BOT_TOKEN="xoxb-chaos-%d" % self.starts,
                   SLACK_API_URL="http://127.0.0.1:%d/api/" % self.slack.port, VIGIL_DB_URL=self.args.db_url,
                   VIGIL_DB_DRIVER=self.args.db_driver, VIGIL_DB_USER=self.args.db_user,
                   VIGIL_DB_PASSWORD=self.args.db_password)
        # VIGIL_BENCH_JAVA_OPTS: extra JVM options, e.g. a profiler agent (docs/benchmarks.md)
        cmd = (["java", "-Xms" + self.heap, "-Xmx" + self.heap, os.environ.get("VIGIL_BENCH_GC", "-XX:+UseG1GC")]
               + os.environ.get("VIGIL_BENCH_JAVA_OPTS", "").split() + ["-jar", self.args.jar, "server", "config.yml"])
        self.proc = subprocess.Popen(cmd, cwd=self.workdir, env=env, stdout=self.log, stderr=self.log,
                                     stdin=subprocess.DEVNULL)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit("vigil exited with %d while starting; see %s/vigil.log"
                                 % (self.proc.returncode, self.workdir))
            try:
                status, _ = self.call("GET", "/api/v1/incidents?limit=1", timeout=2)
                if status == 200:
                    return time.time()
            except OSError:
                pass
            time.sleep(0.05)
        raise SystemExit("vigil did not answer within 120 s")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        """SIGTERM, as at the end of a bench: Vigil stops its embedded PostgreSQL too (a SIGKILL would leave it)."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.kill()

    def call(self, method, path, body=None, timeout=10):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (self.port, path), data=data, method=method,
                                     headers={"Authorization": "Bearer " + TOKEN,
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, None


class Problems(list):
    """Each problem once, however many restarts find it again."""

    def append(self, line):
        if line not in self:
            super().append(line)


class Ledger:
    """Every write the API acknowledged, with when."""

    def __init__(self):
        self.lock = threading.Lock()
        self.runs = {}        # run id -> version
        self.reused = []      # (run id, version already given that id)
        self.failed = {}      # run id -> time of the 200
        self.started = {}     # run id -> time of the 201
        self.acks = {}        # incident id -> time of the 200
        self.requests = 0
        self.errors = 0       # connection errors and 5xx while up (a kill cuts some: those are not counted)


def worker(vigil, ledger, stop, rnd, seen_escalated, incident_of):
    while not stop.is_set():
        try:
            with ledger.lock:
                version = "v%d-%d" % (os.getpid(), ledger.requests)
                ledger.requests += 1
            status, run = vigil.call("POST", "/api/v1/releases", {"pipeline": "chaos", "version": version})
            if status != 201:
                continue
            with ledger.lock:
                if run["id"] in ledger.runs:
                    ledger.reused.append((run["id"], ledger.runs[run["id"]]))
                ledger.runs[run["id"]] = version
                ledger.started[run["id"]] = time.time()
            status, _ = vigil.call("POST", "/api/v1/releases/%d/steps/ingest" % run["id"],
                                   {"status": "failed", "message": "chaos"})
            if status == 200:
                with ledger.lock:
                    ledger.failed[run["id"]] = time.time()
            # Acknowledge an incident whose second step has been paged, so every escalation is still checked.
            with ledger.lock:
                candidates = [i for i in seen_escalated() if i not in ledger.acks]
            if candidates and rnd.random() < 0.5:
                iid = rnd.choice(candidates)
                status, _ = vigil.call("POST", "/api/v1/incidents/%d/acknowledge" % iid)
                if status == 200:
                    with ledger.lock:
                        ledger.acks[iid] = time.time()
            time.sleep(rnd.uniform(0, 0.1))
        except (OSError, ValueError):
            if stop.is_set():
                return
            time.sleep(0.05)


def verify_writes(vigil, ledger, problems, slack, since=None, rnd=None):
    """After a restart: what was answered 2xx must read back; {@code since} limits it to recent writes plus a sample."""
    with ledger.lock:
        runs, failed, acks = dict(ledger.runs), dict(ledger.failed), dict(ledger.acks)
    if since is not None:
        older = [r for r in runs if ledger.started.get(r, 0) < since]
        keep = set(r for r in runs if ledger.started.get(r, 0) >= since) | set(rnd.sample(older, min(30, len(older))))
        runs = {r: v for r, v in runs.items() if r in keep}
    incidents = incident_index(vigil, slack, runs)
    for run_id, version in runs.items():
        status, run = vigil.call("GET", "/api/v1/releases/%d" % run_id)
        if status != 200 or run.get("version") != version:
            problems.append("lost: run %d (%s) answered 201, now %s %s" % (run_id, version, status,
                                                                           run and run.get("version")))
            continue
        if run_id in failed:
            step = [s for s in run["steps"] if s["id"] == "ingest"][0]
            if step["state"] != "failed":
                problems.append("lost: step report of run %d answered 200, step now %s" % (run_id, step["state"]))
            if run_id not in incidents:
                problems.append("lost: the incident of run %d's failed step" % run_id)
    by_id = {i["id"]: i for i in incidents.values()}
    for iid in acks:
        if iid not in by_id or by_id[iid]["status"] == "triggered":
            problems.append("lost: acknowledgement of incident %d answered 200" % iid)
    return incidents


def incident_index(vigil, slack, runs):
    """run id -> incident, every incident read through the API a page at a time."""
    out = {}
    before = None
    while True:
        status, page = vigil.call("GET", "/api/v1/incidents?limit=1000" + ("&before=%d" % before if before else ""),
                                  timeout=60)
        if status != 200 or not page:
            return out
        for i in page:
            run = i.get("labels", {}).get("run")
            if run:
                out[int(run)] = i
        before = page[-1]["id"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jar", default="service/target/vigil.jar")
    p.add_argument("--kills", type=int, default=100)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--db-url", default="embedded-postgresql:./data/postgres",
                   help="e.g. jdbc:h2:file:./data/vigil (with --db-driver org.h2.Driver --db-user sa)")
    p.add_argument("--db-driver", default="org.postgresql.Driver")
    p.add_argument("--db-user", default="postgres")
    p.add_argument("--db-password", default="")
    p.add_argument("--seed", type=int, default=int(time.time()))
    p.add_argument("--keep", action="store_true", help="keep the work directory")
    args = p.parse_args()
    args.jar = os.path.abspath(args.jar)
    rnd = random.Random(args.seed)

    work = workdir("chaos")

    slack = FakeSlack()
    vigil = Vigil(args, work, slack)
    ledger = Ledger()
    problems = Problems()
    ups = []  # (launch time, ready time, kill time or None), one per process started
    incident_by_run = {}

    def seen_escalated():
        return {m[2] for m in slack.snapshot() if m[1] == "UBOB" and m[2] is not None}

    print("chaos: %d kills, %d clients, seed %d, %s, work dir %s" % (args.kills, args.clients, args.seed,
                                                                    args.db_url, work), flush=True)
    started = time.time()
    for k in range(args.kills + 1):
        launched = time.time()
        ready = vigil.start()
        recent = ups[-3][1] if len(ups) >= 3 else 0
        incidents = verify_writes(vigil, ledger, problems, slack, since=recent, rnd=rnd)
        incident_by_run.update({r: i["id"] for r, i in incidents.items()})
        if k == args.kills:
            ups.append([launched, ready, None])
            break
        stop = threading.Event()
        threads = [threading.Thread(target=worker, args=(vigil, ledger, stop, random.Random(rnd.random()),
                                                         seen_escalated, incident_by_run)) for _ in range(args.clients)]
        for t in threads:
            t.start()
        time.sleep(rnd.uniform(0.3, 3.0))
        vigil.kill()
        ups.append([launched, ready, time.time()])
        stop.set()
        for t in threads:
            t.join(30)
        if k % 10 == 9:
            print("  %d kills, %d runs, %d failed steps, %d acks, %d problems" % (
                k + 1, len(ledger.runs), len(ledger.failed), len(ledger.acks), len(problems)), flush=True)

    # Let every page and every escalation that is due go out, then read the incidents once more.
    settle = ESCALATE_AFTER_S + LATE_S + 5
    deadline = time.time() + settle
    while time.time() < deadline:
        time.sleep(1)
    incidents = verify_writes(vigil, ledger, problems, slack)
    messages = slack.snapshot()
    vigil.stop()

    def down_between(a, b):
        """If Vigil was down at some point between a and b (down at a, or killed before b), the time the process
        started after the last such time first answered the API, else None. That time can come after b: a restarted
        process's sender can deliver what was waiting before its API answers."""
        last = None
        for (_, _, killed), (_, ready, _) in zip(ups, ups[1:]):
            if killed is not None and killed < b and ready > a:
                last = ready
        return last

    delays, late, lost_pages, dups, by_delay = [], [], [], [], []
    sent = {}
    for t, channel, iid, event in messages:
        sent.setdefault((channel, iid, event), []).append(t)
    for run_id, t200 in sorted(ledger.failed.items()):
        inc = incidents.get(run_id)
        if inc is None:
            continue  # already reported as a lost write
        iid = inc["id"]
        expected = [("CINGEST", "opened", t200), ("UALICE", "opened", t200),
                    ("UBOB", "escalated", t200 + ESCALATE_AFTER_S)]
        for channel, event, due in expected:
            times = sent.get((channel, iid, event), [])
            if not times:
                if channel == "UBOB" and iid in ledger.acks:
                    continue
                lost_pages.append("incident %d (run %d): no %s message to %s" % (iid, run_id, event, channel))
                continue
            if len(times) > 1:
                ts = sorted(times)
                # Sent by two processes: the one killed before it marked the message sent, and the restart that sent
                # it again (at least once). Told apart by token, not by times: a request written just before the
                # kill can be logged here just after it.
                tokens = slack.senders(channel, iid, event)
                why = ("sent twice by one process, %.2f s apart" % (ts[1] - ts[0]) if len(set(tokens)) < len(tokens)
                       else "resent after a kill, %.2f s after the first" % (ts[1] - ts[0]))
                dups.append("incident %d: %d %s messages to %s (%s)" % (iid, len(times), event, channel, why))
            first = min(times)
            restart = down_between(due, first)
            # A restarted process's sender can go before its API answers: such a page waited 0 s after the restart.
            delay = max(0.0, first - (due if restart is None else restart))
            delays.append(delay)
            line = "incident %d: %s to %s %.1f s after %s" % (
                iid, event, channel, delay, "it was due" if restart is None else "the restart")
            by_delay.append((delay, line))
            if delay > LATE_S:
                late.append(line)

    for r in ledger.reused:
        problems.append("reused id: run %d given again (was %s)" % r)
    print("chaos: %d kills in %.0f s: %d runs, %d failed steps, %d acknowledgements answered 2xx"
          % (args.kills, time.time() - started, len(ledger.runs), len(ledger.failed), len(ledger.acks)))
    print("  acknowledged writes lost: %d" % len([p for p in problems if p.startswith(("lost", "reused"))]))
    print("  pages lost: %d" % len(lost_pages))
    print("  pages duplicated: %d (%d resent after a kill, %d sent twice by one process)"
          % (len(dups), len([d for d in dups if "resent after" in d]), len([d for d in dups if "twice by" in d])))
    starts = sorted(ready - launched for launched, ready, _ in ups[1:])
    if starts:
        print("  a restart, from launch to its API's first answer: p50 %.1f s, max %.1f s (pages due while it was down "
              "count from that answer)" % (starts[len(starts) // 2], starts[-1]))
    if delays:
        q = statistics.quantiles(delays, n=100) if len(delays) > 1 else [delays[0]] * 99
        print("  page delay after due (or after the restart): p50 %.2f s, p99 %.2f s, max %.2f s; over %.0f s: %d"
              % (q[49], q[98], max(delays), LATE_S, len(late)))
    # The slowest pages, late or not: which kind of page comes nearest the target, and after what.
    slowest = [line for _, line in sorted(by_delay, reverse=True)[:5]]
    # Those sent twice with no kill between are not at-least-once re-sends: all of them are listed first.
    twice = [d for d in dups if "twice by" in d]
    for name, lines in (("lost writes", problems), ("lost pages", lost_pages), ("late pages", late),
                        ("slowest pages", slowest), ("sent twice by one process", twice),
                        ("duplicates", [d for d in dups if d not in twice])):
        if lines:
            shown = lines if name == "sent twice by one process" else lines[:10]
            print("  %s (%s%d):" % (name, "" if len(shown) == len(lines) else "first 10 of ", len(lines)))
            for line in shown:
                print("    " + line)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    # Duplicates are reported, not failed on: a kill after Slack took a message and before it was marked
    # sent resends it (at-least-once delivery, docs/operations.md).
    sys.exit(1 if problems or lost_pages or late else 0)


if __name__ == "__main__":
    main()
