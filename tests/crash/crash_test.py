#!/usr/bin/env python3
"""Crash test of the exactly-once paper exchange (docs/CRASH_TEST.md).

Starts the simulated chain node, the virtual printer and the virtual serial
scanner once, then runs chainslipd again and again: each run presents a fresh
receipt to the kiosk's scanner, confirms the exchange on its screen and kills the service with SIGKILL at a journal
step (CHAINSLIP_KILL_AFTER, also during boot recovery), at a random moment,
or while the printer or the node fails. The service is restarted until boot
recovery has finished the exchange. At the end a last recovery runs and the
invariants are checked against the chain (the node's status endpoint), the
exchange journal (read-only SQLite) and the paper (the virtual printer's
tickets and their text layer):

  - no receipt has two active paper copies;
  - every accepted conversion on chain has its paper printed or voided;
  - no journal entry is lost: every exchange the screen showed as started,
    and every step a kill was armed on, is in the journal;
  - every printed paper serial is on exactly one cut ticket.

Python 3 standard library only. Exit 0 when every invariant holds, 1 on a
violation, 2 when the test could not run.
"""

import argparse
import collections
import http.client
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib

# Kill chains: the steps the successive chainslipd processes of one run are
# killed after (the first process runs the exchange, the others recover it).
# Together they reach every journal step.
STEP_CHAINS = [
    ["requested"],
    ["requested", "abandoned"],
    ["submitted"],
    ["accepted"],
    ["printing"],
    ["printed"],
    ["printing", "voiding"],
    ["printing", "voided"],
    ["printing", "reissued"],
    ["printing", "reissued", "submitted", "accepted"],
    ["printing", "voiding", "voided", "reissued", "printing", "printed"],
    ["printing", "printing", "printing"],  # three interrupted prints: recovery gives up
    ["printing", "printing", "printing", "given_up"],
    ["refused"],  # the receipt is posted between verification and confirmation
]

RUN_KINDS = ["steps", "random", "printer", "node"]
ACTIVE_VIEW_STATES = ("exchanging", "printing", "paper_out", "done")
PAPER_SERIAL_LABEL = "纸质票据: "  # drivers/printer/layout/receipt_layout.cpp
VOID_SLIP_MARK = "作废"  # the first line of a void slip (docs/PRINTING.md)
RECEIPT_NUMBER_LABEL = "票据号码: "
PNG_TEXT_KEY = b"chainslip-text"


class TestError(Exception):
    """The test itself could not go on (exit 2)."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_json(url, body=None, timeout=5.0):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method="GET" if body is None else "POST")
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def wait_for(predicate, timeout, interval=0.02):
    end = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= end:
            return None
        time.sleep(interval)


class LogReader:
    """Collects a process's output lines on a thread (and appends them to a file)."""

    def __init__(self, stream, path):
        self.lines = []
        self.lock = threading.Lock()
        self.file = open(path, "a", encoding="utf-8", errors="replace")
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream):
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self.lock:
                self.lines.append(line)
            self.file.write(line + "\n")
        self.file.flush()

    def has(self, text):
        with self.lock:
            return any(text in line for line in self.lines)

    def close(self):
        self.thread.join(timeout=5)
        self.file.close()


class Simulator:
    """The chain node, the virtual printer and the virtual serial scanner, up for the whole test."""

    def __init__(self, sim, work, receipts, block_ms, head_speed):
        self.work = work
        self.node_port, self.admin_port, self.printer_port = free_port(), free_port(), free_port()
        self.panel_port = free_port()
        self.paper_dir = os.path.join(work, "paper")
        self.scanner_link = os.path.join(work, "scanner")
        self.node = subprocess.Popen(
            [sim, "node", "--out", work, "--suite", "p256-sha256", "--receipts", str(receipts),
             "--port", str(self.node_port), "--admin-port", str(self.admin_port),
             "--block-interval-ms", str(block_ms), "--rate", "0"],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "node.log"), "w"))
        self.printer = subprocess.Popen(
            [sim, "printer", "--port", str(self.printer_port), "--out", self.paper_dir,
             "--head-speed-mm-s", str(head_speed)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "printer.log"), "w"))
        # The kiosk reads its codes from this serial port, as from a real scanner; the test presents them
        # through the scanner's panel.
        self.scanner = subprocess.Popen(
            [sim, "scanner", "--port", str(self.panel_port), "--link", self.scanner_link],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "scanner.log"), "w"))
        if not wait_for(lambda: self._up(), 30, 0.1):
            raise TestError("the simulator did not come up; see node.log, printer.log and scanner.log in " + work)

    def _up(self):
        try:
            socket.create_connection(("127.0.0.1", self.printer_port), timeout=1).close()
            socket.create_connection(("127.0.0.1", self.panel_port), timeout=1).close()
            return os.path.islink(self.scanner_link) and http_json(self.admin_url("/sim/faults"))[0] == 200
        except OSError:
            return False

    def present(self, payload):
        """Holds a code to the virtual scanner; True when the scanner sent it."""
        status, _ = http_json("http://127.0.0.1:%d/present" % self.panel_port, {"payload": payload})
        return status == 202

    def admin_url(self, path):
        return "http://127.0.0.1:%d%s" % (self.admin_port, path)

    def node_url(self, path):
        return "http://127.0.0.1:%d%s" % (self.node_port, path)

    def payloads(self, limit):
        status, body = http_json(self.admin_url("/sim/receipts?limit=%d" % limit))
        if status != 200:
            raise TestError("GET /sim/receipts: %s" % body)
        return body["payloads"]

    def node_fault(self, mode):
        status, body = http_json(self.admin_url("/sim/faults"), {"mode": mode})
        if status != 200:
            raise TestError("POST /sim/faults %s: %s" % (mode, body))

    def printer_fault(self, line):
        self.printer.stdin.write((line + "\n").encode())
        self.printer.stdin.flush()

    def post(self, code, number):
        return http_json(self.admin_url("/sim/post"), {"code": code, "number": number})

    def status(self, code, number, check_code):
        status, body = http_json(self.node_url("/v1/receipts/%s/%s/status?check_code=%s" % (code, number, check_code)))
        if status != 200:
            raise TestError("status of %s-%s: %s %s" % (code, number, status, body))
        return body

    def stop_printer(self):
        """Stops the printer, which first writes out the tickets it has cut."""
        stop_process(self.printer)

    def stop(self):
        stop_process(self.scanner)
        stop_process(self.printer)
        stop_process(self.node)


def stop_process(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Kiosk:
    """One chainslipd process."""

    def __init__(self, daemon, config, screen_port, log_path, kill_after=None):
        env = dict(os.environ)
        env.pop("CHAINSLIP_KILL_AFTER", None)
        if kill_after:
            env["CHAINSLIP_KILL_AFTER"] = kill_after
        self.kill_after = kill_after
        self.screen = "http://127.0.0.1:%d" % screen_port
        self.started = time.monotonic()
        self.proc = subprocess.Popen([daemon, "--config", config], env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.log = LogReader(self.proc.stderr, log_path)
        self.killed_by_us = False
        self.ready_s = None      # start to the screen serving ("chainslipd: ready")
        self.recovered_s = None  # start to the end of boot recovery

    def alive(self):
        return self.proc.poll() is None

    def died_at_step(self):
        """True when the armed failpoint killed it (SIGKILL we did not send)."""
        return self.proc.poll() == -signal.SIGKILL and not self.killed_by_us

    def wait_recovered(self, timeout):
        """Until boot recovery has ended (or the process died); the seconds it took."""
        def ready():
            if self.ready_s is None and self.log.has("chainslipd: ready"):
                self.ready_s = time.monotonic() - self.started
            return (self.ready_s is not None and self.log.has("service: boot recovery")) or not self.alive()
        done = wait_for(ready, timeout, 0.005)
        if done and self.alive():
            self.recovered_s = time.monotonic() - self.started
        return done

    def view(self):
        try:
            return http_json(self.screen + "/view", timeout=2)[1]
        except (OSError, http.client.HTTPException, ValueError):
            return None  # not up yet, or killed mid-answer

    def state(self):
        v = self.view()
        return v["state"] if v else None

    def act(self, action):
        """False when the screen refused the action; True when it took it, or the process died answering
        (a failpoint may fire before the answer is out: the journal tells what happened)."""
        try:
            status, _ = http_json(self.screen + "/actions", action)
        except (OSError, http.client.HTTPException, ValueError):
            try:
                self.proc.wait(timeout=5)
                return True
            except subprocess.TimeoutExpired:
                return False
        return 200 <= status < 300

    def kill(self):
        if self.alive():
            self.killed_by_us = True
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.log.close()

    def stop(self):
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.proc.wait()
        self.log.close()


def devices_ok(view):
    return bool(view) and view["devices"]["printer"]["ok"] and view["devices"]["node"]["ok"]


def write_config(path, work, sim, screen_port, poll_ms):
    with open(path, "w") as f:
        f.write(f"""[kiosk]
id = "KIOSK-DEMO-01"
paper_code = "33010199"
data_dir = "{work}/kiosk"
idle_timeout_s = 3600

[chain]
anchor = "{work}/anchor.json"
nodes = ["http://127.0.0.1:{sim.node_port}"]
request_timeout_ms = 2000
inclusion_timeout_s = 20
inclusion_poll_ms = {poll_ms}

[device]
identity = "{work}/device.json"

[printer]
address = "tcp:127.0.0.1:{sim.printer_port}"
profile = "generic-80mm"

[scanner]
kind = "serial"
device = "{sim.scanner_link}"

[screen]
listen = "127.0.0.1:{screen_port}"

[metrics]
listen = "127.0.0.1:0"

[log]
level = "info"
""")


class Receipt:
    def __init__(self, payload):
        # The simulator mints the national platform's short form, whose d
        # parameter is CODE_NUMBER_CHECK_AMOUNT_DATE (docs/PROTOCOL.md 6.1).
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(payload).query)
        fields = query["d"][0].split("_")
        self.payload = payload
        self.code, self.number, self.check_code = fields[0], fields[1], fields[2]

    @property
    def key(self):
        return self.code + "-" + self.number


class Run:
    """What the harness saw in one run, checked against the journal at the end."""

    def __init__(self, index, kind, receipt):
        self.index = index
        self.kind = kind
        self.receipt = receipt
        self.plan = []          # kill points, for the summary
        self.step_kills = []    # journal steps a failpoint killed a process at
        self.started = False    # the screen showed the exchange started
        self.done_serial = None  # the screen said this paper was printed
        self.restarts = 0
        self.seconds = 0.0
        self.kiosks = []


class Harness:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.work = args.work or tempfile.mkdtemp(prefix="chainslip-crash-")
        os.makedirs(self.work, exist_ok=True)
        self.logs = os.path.join(self.work, "logs")
        os.makedirs(self.logs, exist_ok=True)
        self.journal_path = os.path.join(self.work, "kiosk", "journal.db")
        self.config = os.path.join(self.work, "kiosk.toml")
        self.sim = None
        self.screen_port = 0
        self.receipts = []
        self.runs = []
        self.ready_times = []
        self.recovered_times = []
        self.kill_points = collections.Counter()
        self.kiosks = []  # every chainslipd process started
        self.wall_s = 0.0
        self.summary = {}

    def set_up(self):
        self.sim = Simulator(self.args.sim, self.work, self.args.runs + 50, self.args.block_ms,
                             self.args.head_speed)
        self.screen_port = free_port()
        write_config(self.config, self.work, self.sim, self.screen_port, self.args.poll_ms)
        self.receipts = [Receipt(p) for p in self.sim.payloads(self.args.runs + 20)]
        if len(self.receipts) < self.args.runs:
            raise TestError("the node has %d receipts for %d runs" % (len(self.receipts), self.args.runs))

    def tear_down(self):
        for k in self.kiosks:
            if k.alive():
                k.kill()
        if self.sim:
            self.sim.stop()

    # -- processes -------------------------------------------------------------

    def start_kiosk(self, run, kill_after=None):
        log = os.path.join(self.logs, "run-%04d.log" % run.index)
        with open(log, "a") as f:
            f.write("--- chainslipd #%d, kill after %s\n" % (len(self.kiosks) + 1, kill_after or "-"))
        k = Kiosk(self.args.daemon, self.config, self.screen_port, log, kill_after)
        self.kiosks.append(k)
        run.kiosks.append(k)
        # The longest legitimate recovery waits for the printer (printer_ready_timeout, 3 min).
        if not k.wait_recovered(240):
            k.kill()
            raise TestError("chainslipd did not finish boot recovery in 240 s; see " + log)
        if k.recovered_s is not None:
            self.ready_times.append(k.ready_s)
            self.recovered_times.append(k.recovered_s)
        return k

    def open_exchanges(self):
        if not os.path.exists(self.journal_path):
            return 0
        db = sqlite3.connect("file:%s?mode=ro" % self.journal_path, uri=True, timeout=5)
        try:
            return db.execute("SELECT count(*) FROM exchanges WHERE state = 'open'").fetchone()[0]
        finally:
            db.close()

    def watch(self, kiosk, run, seconds, until_dead=False):
        """Waits `seconds` (or, with until_dead, until the process dies), noting what the screen shows."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if not kiosk.alive():
                if until_dead:
                    return
                time.sleep(max(0.0, end - time.monotonic()))
                return
            self.note_view(kiosk, run)
            time.sleep(0.03)

    def note_view(self, kiosk, run):
        v = kiosk.view()
        if not v:
            return
        if v["state"] in ACTIVE_VIEW_STATES:
            run.started = True
        if v["state"] == "done":
            text = v.get("message_en", "")
            if "paper copy " in text:
                run.done_serial = text.split("paper copy ")[1].rstrip(")")

    def present_and_confirm(self, kiosk, run, before_confirm=None):
        # The kiosk refuses to confirm while its printer is not connected (it connects just after start).
        if not wait_for(lambda: devices_ok(kiosk.view()), 20):
            raise TestError("run %d: the kiosk's printer or node is not ok: %s" % (run.index, kiosk.view()))
        if not self.sim.present(run.receipt.payload):
            raise TestError("run %d: the virtual scanner did not send the code" % run.index)
        if not wait_for(lambda: kiosk.state() in ("verified", "rejected"), 20):
            raise TestError("run %d: the receipt was not verified within 20 s (state %s)" % (run.index, kiosk.state()))
        if kiosk.state() == "rejected":
            raise TestError("run %d: the kiosk rejected %s: %s" % (run.index, run.receipt.payload,
                                                                   kiosk.view().get("message_en")))
        if before_confirm:
            before_confirm()
        if not kiosk.act({"action": "choose", "reason": "refund"}):
            raise TestError("run %d: the screen refused the choice" % run.index)
        if not kiosk.act({"action": "confirm", "reason": "refund"}):
            raise TestError("run %d: the screen refused confirm" % run.index)

    def finish(self, kiosk, run):
        """Lets the process (if alive) finish, then restarts until nothing is open."""
        if kiosk.alive():
            wait_for(lambda: (self.note_view(kiosk, run) or True) and self.open_exchanges() == 0
                     and kiosk.state() not in ("confirming", "exchanging", "printing", "paper_out"), 90, 0.05)
            kiosk.stop()
        for _ in range(5):
            if self.open_exchanges() == 0:
                return
            run.restarts += 1
            kiosk = self.start_kiosk(run)
            wait_for(lambda: self.open_exchanges() == 0, 90, 0.05)
            kiosk.stop()
        raise TestError("run %d: exchanges still open after 5 recoveries; see logs/run-%04d.log"
                        % (run.index, run.index))

    # -- the kinds of run ------------------------------------------------------

    def run_steps(self, run, chain):
        run.plan = list(chain)
        post = None
        if chain[0] == "refused":
            def post():
                status, body = self.sim.post(run.receipt.code, run.receipt.number)
                if status != 202:
                    raise TestError("run %d: /sim/post: %s" % (run.index, body))
                http_json(self.sim.admin_url("/sim/blocks"), {})  # sealed now: the chain says posted
        kiosk = self.start_kiosk(run, chain[0])
        self.present_and_confirm(kiosk, run, post)
        for i, step in enumerate(chain):
            if i > 0:
                run.restarts += 1
                kiosk = self.start_kiosk(run, step)
            self.watch(kiosk, run, self.args.step_timeout, until_dead=True)
            if not kiosk.alive() and kiosk.died_at_step():
                kiosk.log.close()
                run.step_kills.append(step)
                self.kill_points["step:" + step] += 1
            else:
                self.kill_points["step:%s (not reached)" % step] += 1
                break
        self.finish(kiosk, run)

    def run_random(self, run):
        delay = self.rng.uniform(0, self.args.exchange_s)
        run.plan = ["random %.2fs" % delay]
        kiosk = self.start_kiosk(run)
        self.present_and_confirm(kiosk, run)
        self.watch(kiosk, run, delay)
        kiosk.kill()
        self.kill_points["random"] += 1
        # Half of the time, recovery is killed at a random moment as well.
        while self.rng.random() < 0.5:
            run.restarts += 1
            delay = self.rng.uniform(0, self.args.exchange_s)
            run.plan.append("random recovery %.2fs" % delay)
            kiosk = self.start_kiosk(run)
            self.watch(kiosk, run, delay)
            kiosk.kill()
            self.kill_points["random during recovery"] += 1
        self.finish(kiosk, run)

    def run_printer_fault(self, run):
        fault, clear = self.rng.choice([("paper-out", "paper-in"), ("unplug", "replug")])
        at, hold = self.rng.uniform(0, self.args.exchange_s), self.rng.uniform(0.3, 2.5)
        kill_at = self.rng.uniform(0, at + hold) if self.rng.random() < 0.5 else None
        run.plan = ["printer %s at %.2fs for %.2fs" % (fault, at, hold)]
        kiosk = self.start_kiosk(run)
        self.present_and_confirm(kiosk, run)
        self.timeline(kiosk, run, [(at, lambda: self.sim.printer_fault(fault)),
                                   (at + hold, lambda: self.sim.printer_fault(clear))], kill_at)
        self.kill_points["printer " + fault + (" + kill" if kill_at is not None else "")] += 1
        self.finish(kiosk, run)

    def run_node_fault(self, run):
        mode = self.rng.choice(["down", "drop"])
        at, hold = self.rng.uniform(0, self.args.exchange_s / 2), self.rng.uniform(0.3, 3.0)
        kill_at = self.rng.uniform(0, at + hold) if self.rng.random() < 0.5 else None
        run.plan = ["node %s at %.2fs for %.2fs" % (mode, at, hold)]
        kiosk = self.start_kiosk(run)
        self.present_and_confirm(kiosk, run)
        self.timeline(kiosk, run, [(at, lambda: self.sim.node_fault(mode)),
                                   (at + hold, lambda: self.sim.node_fault("none"))], kill_at)
        self.kill_points["node " + mode + (" + kill" if kill_at is not None else "")] += 1
        self.finish(kiosk, run)

    def timeline(self, kiosk, run, events, kill_at):
        """Runs `events` (seconds after confirm, action) and maybe a kill, watching the screen."""
        t0 = time.monotonic()
        pending = sorted(events, key=lambda e: e[0])
        if kill_at is not None:
            pending = sorted(pending + [(kill_at, kiosk.kill)], key=lambda e: e[0])
            run.plan.append("kill at %.2fs" % kill_at)
        for at, action in pending:
            self.watch(kiosk, run, max(0.0, t0 + at - time.monotonic()))
            action()

    # -- the loop --------------------------------------------------------------

    def schedule(self):
        """Every step chain once first, then a seeded mix of run kinds."""
        plan = [("steps", c) for c in STEP_CHAINS]
        while len(plan) < self.args.runs:
            kind = self.rng.choices(RUN_KINDS, weights=[4, 3, 2, 2])[0]
            plan.append((kind, self.rng.choice(STEP_CHAINS) if kind == "steps" else None))
        return plan[:self.args.runs]

    def run_all(self):
        t0 = time.monotonic()
        for index, (kind, chain) in enumerate(self.schedule(), start=1):
            run = Run(index, kind, self.receipts[index - 1])
            started = time.monotonic()
            if kind == "steps":
                self.run_steps(run, chain)
            elif kind == "random":
                self.run_random(run)
            elif kind == "printer":
                self.run_printer_fault(run)
            else:
                self.run_node_fault(run)
            run.seconds = time.monotonic() - started
            self.runs.append(run)
            with open(os.path.join(self.work, "runs.jsonl"), "a") as f:
                f.write(json.dumps({"run": index, "kind": kind, "receipt": run.receipt.key, "plan": run.plan,
                                    "step_kills": run.step_kills, "restarts": run.restarts,
                                    "seconds": round(run.seconds, 2)}) + "\n")
            if self.args.verbose or index % 50 == 0:
                print("run %d/%d %-7s %-60s %.1fs" % (index, self.args.runs, kind, " > ".join(run.plan)[:60],
                                                      run.seconds), flush=True)
        # The final recovery: one more boot with nothing armed.
        final = Run(len(self.runs) + 1, "final", None)
        kiosk = self.start_kiosk(final)
        wait_for(lambda: self.open_exchanges() == 0, 60, 0.05)
        kiosk.stop()
        self.wall_s = time.monotonic() - t0

    # -- the invariants ----------------------------------------------------------

    def check(self):
        v = Violations()
        db = sqlite3.connect("file:%s?mode=ro" % self.journal_path, uri=True)
        db.row_factory = sqlite3.Row
        exchanges = {r["id"]: r for r in db.execute("SELECT * FROM exchanges")}
        papers = list(db.execute("SELECT * FROM papers ORDER BY id"))
        steps = collections.defaultdict(list)
        for s in db.execute("SELECT exchange_id, step FROM steps ORDER BY seq"):
            steps[s["exchange_id"]].append(s["step"])
        db.close()
        by_receipt = collections.defaultdict(list)
        for e in exchanges.values():
            by_receipt[e["code"] + "-" + e["number"]].append(e["id"])
        papers_of = collections.defaultdict(list)
        for p in papers:
            papers_of[p["exchange_id"]].append(p)
        by_convert = {hexhash(p["convert_tx_hash"]): p for p in papers if p["convert_tx_hash"]}

        # Every process ended as planned: by SIGTERM (0), by us, or at its armed step.
        for k in self.kiosks:
            code = k.proc.returncode
            v.check(code == 0 or (code == -signal.SIGKILL and (k.killed_by_us or k.kill_after)),
                    "unexpected_exit", "chainslipd (kill after %s) exited with %s; see %s"
                    % (k.kill_after, code, k.log.file.name))

        # The journal: every exchange ended.
        for e in exchanges.values():
            v.check(e["state"] != "open", "open_exchanges",
                    "exchange %d (%s-%s) is still open" % (e["id"], e["code"], e["number"]))

        # No journal entry lost.
        for run in self.runs:
            ids = by_receipt.get(run.receipt.key, [])
            if run.started or run.step_kills:
                v.check(len(ids) >= 1, "journal_entries_lost",
                        "run %d started an exchange of %s, the journal has none" % (run.index, run.receipt.key))
            recorded = collections.Counter(s for i in ids for s in steps[i])
            for step, n in collections.Counter(run.step_kills).items():
                v.check(recorded[step] >= n, "journal_entries_lost",
                        "run %d was killed after %d x %s of %s, the journal has %d"
                        % (run.index, n, step, run.receipt.key, recorded[step]))
            if run.done_serial:
                v.check(any(serial(p) == run.done_serial and p["state"] == "printed"
                            for i in ids for p in papers_of[i]), "journal_entries_lost",
                        "run %d showed paper %s printed, the journal does not" % (run.index, run.done_serial))

        # The chain against the journal.
        chain = collections.Counter()
        chain_converts = set()
        for run in self.runs:
            r = run.receipt
            st = self.sim.status(r.code, r.number, r.check_code)
            converts = [h for h in st["history"] if h["type"] == "convert"]
            voids = [h for h in st["history"] if h["type"] == "void"]
            chain_converts.update(h["tx_hash"] for h in converts)
            active = len(converts) - len(voids)
            chain["receipts"] += 1
            chain["converts"] += len(converts)
            chain["voids"] += len(voids)
            chain["active_copies"] += active
            chain["posted"] += st["status"] == "posted"
            v.check(active in (0, 1), "two_active_copies",
                    "%s has %d converts and %d voids on chain" % (r.key, len(converts), len(voids)))
            v.check((st["paper"] is not None) == (active == 1), "chain_journal_mismatch",
                    "%s has active paper %s with %d active copies" % (r.key, st["paper"], active))
            void_hashes = {h["tx_hash"] for h in voids}
            printed = []
            for c in converts:
                p = by_convert.get(c["tx_hash"])
                if not v.check(p is not None, "chain_journal_mismatch",
                               "convert %s of %s is not in the journal" % (c["tx_hash"], r.key)):
                    continue
                v.check(p["state"] in ("printed", "voided"), "accepted_without_printed_or_voided",
                        "the accepted conversion of paper %s (%s) is %s" % (serial(p), r.key, p["state"]))
                if p["state"] == "voided":
                    v.check(hexhash(p["void_tx_hash"]) in void_hashes, "chain_journal_mismatch",
                            "paper %s is voided in the journal, its void is not on chain" % serial(p))
                if p["state"] == "printed":
                    printed.append(p)
            v.check(len(printed) <= 1, "two_active_copies",
                    "%s has printed papers %s" % (r.key, [serial(p) for p in printed]))
            if printed:
                v.check(st["paper"] is not None and st["paper"]["paper_number"] == printed[0]["paper_number"],
                        "chain_journal_mismatch", "%s's active paper on chain is %s, the journal printed %s"
                        % (r.key, st["paper"], serial(printed[0])))
        for p in papers:
            if p["state"] in ("refused", "abandoned"):
                v.check(hexhash(p["convert_tx_hash"]) not in chain_converts, "chain_journal_mismatch",
                        "paper %s is %s but its convert is on chain" % (serial(p), p["state"]))

        # The paper, once the printer has written out every ticket it cut.
        self.sim.stop_printer()
        tickets = read_tickets(self.sim.paper_dir)
        on_paper = collections.defaultdict(list)  # serial -> [(ticket, receipt number printed above it)]
        merged = 0
        slips = collections.defaultdict(list)  # serial -> [ticket]: 作废 slips (docs/PRINTING.md)
        for name, lines in tickets:
            if any(line.strip() == VOID_SLIP_MARK for line in lines):
                for line in lines:
                    if line.startswith(PAPER_SERIAL_LABEL):
                        slips[line[len(PAPER_SERIAL_LABEL):]].append(name)
                continue
            copies = 0
            number = None
            for line in lines:
                if line.startswith(RECEIPT_NUMBER_LABEL):
                    number = line[len(RECEIPT_NUMBER_LABEL):]
                if line.startswith(PAPER_SERIAL_LABEL):
                    copies += 1
                    on_paper[line[len(PAPER_SERIAL_LABEL):]].append((name, number))
            merged += copies > 1
        paper_by_serial = {serial(p): p for p in papers}
        for p in papers:
            if p["state"] == "printed":
                found = on_paper.get(serial(p), [])
                v.check(len(found) == 1, "paper", "printed paper %s is on %d tickets %s"
                        % (serial(p), len(found), [t for t, _ in found]))
                number = exchanges[p["exchange_id"]]["number"]
                v.check(all(n == number for _, n in found), "paper",
                        "the ticket of %s shows receipt number %s, the journal %s"
                        % (serial(p), [n for _, n in found], number))
        void_on_paper = 0
        for s, found in on_paper.items():
            p = paper_by_serial.get(s)
            if not v.check(p is not None, "paper", "tickets %s show serial %s unknown to the journal" % (found, s)):
                continue
            v.check(len(found) == 1, "paper", "serial %s is on %d tickets %s" % (s, len(found), found))
            v.check(p["state"] in ("printed", "voided"), "paper", "serial %s is on a ticket but %s" % (s, p["state"]))
            void_on_paper += p["state"] == "voided"
        for s, found in slips.items():
            p = paper_by_serial.get(s)
            v.check(p is not None and p["state"] == "voided", "paper",
                    "a void slip %s names serial %s, which is %s" % (found, s, p["state"] if p else "unknown"))

        self.summary = {
            "runs": len(self.runs),
            "seed": self.args.seed,
            "chainslipd_processes": len(self.kiosks),
            "wall_s": round(self.wall_s, 1),
            "s_per_run": round(self.wall_s / len(self.runs), 2),
            "start_to_ready_s": spread(self.ready_times),
            "start_to_recovered_s": spread(self.recovered_times),
            "runs_by_kind": dict(collections.Counter(r.kind for r in self.runs)),
            # The kiosk refused to start them (e.g. its printer not connected yet): they tested nothing.
            "runs_without_an_exchange": sum(1 for r in self.runs if not by_receipt.get(r.receipt.key)),
            "kill_points": dict(sorted(self.kill_points.items())),
            "journal": {
                "exchanges": len(exchanges),
                "exchanges_by_state": dict(collections.Counter(e["state"] for e in exchanges.values())),
                "papers": len(papers),
                "papers_by_state": dict(collections.Counter(p["state"] for p in papers)),
            },
            "chain": dict(chain),
            "paper": {"tickets": len(tickets), "serials_on_tickets": len(on_paper),
                      "voided_serials_on_tickets": void_on_paper, "void_slips": sum(map(len, slips.values())),
                      "tickets_with_two_copies": merged},
            "violations": dict(v.counts),
        }
        return v


def spread(seconds):
    return {"mean": round(statistics.mean(seconds), 3), "median": round(statistics.median(seconds), 3),
            "max": round(max(seconds), 3)}


def serial(paper):
    return paper["paper_code"] + "-" + paper["paper_number"]


def hexhash(blob):
    return blob.hex() if blob else ""


class Violations:
    """Broken invariants, by kind."""

    KINDS = ("two_active_copies", "accepted_without_printed_or_voided", "journal_entries_lost", "open_exchanges",
             "chain_journal_mismatch", "paper", "unexpected_exit")

    def __init__(self):
        self.messages = []
        self.counts = collections.Counter({k: 0 for k in self.KINDS})

    def check(self, ok, kind, message):
        assert kind in self.KINDS
        if not ok:
            self.counts[kind] += 1
            self.messages.append(kind + ": " + message)
        return ok


def read_png_text(path):
    """The text layer (iTXt chainslip-text) of a ticket PNG, as lines without the left margin."""
    with open(path, "rb") as f:
        data = f.read()
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind != b"iTXt":
            continue
        key, rest = body.split(b"\0", 1)
        if key != PNG_TEXT_KEY:
            continue
        compressed = rest[0]
        rest = rest[2:]
        _, rest = rest.split(b"\0", 1)  # language tag
        _, text = rest.split(b"\0", 1)  # translated keyword
        if compressed:
            text = zlib.decompress(text)
        return [line.strip() for line in text.decode("utf-8").split("\n")]
    return []


def read_tickets(paper_dir):
    if not os.path.isdir(paper_dir):
        return []
    names = sorted(n for n in os.listdir(paper_dir) if n.startswith("ticket-") and n.endswith(".png"))
    return [(n, read_png_text(os.path.join(paper_dir, n))) for n in names]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="runs (the first %d cover every kill chain)"
                        % len(STEP_CHAINS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sim", required=True, help="chainslip-sim")
    parser.add_argument("--daemon", required=True, help="chainslipd")
    parser.add_argument("--work", help="working folder (default: a new one under $TMPDIR, removed on success)")
    parser.add_argument("--keep", action="store_true", help="keep the working folder on success")
    parser.add_argument("--block-ms", type=int, default=200, help="the node's block interval")
    parser.add_argument("--head-speed", type=int, default=200, help="the virtual printer's speed in mm/s")
    parser.add_argument("--poll-ms", type=int, default=100, help="chain.inclusion_poll_ms of the kiosk")
    # An exchange takes about 4 s: chainslipd's printer driver holds the first job for 3 s after it connects
    # (drivers/printer/job/escpos_job_engine.h, sync_timeout), then the paper takes under a second.
    parser.add_argument("--exchange-s", type=float, default=5.0,
                        help="random kill points and faults fall within this many seconds after confirm")
    parser.add_argument("--step-timeout", type=float, default=20.0,
                        help="how long a process may take to reach its armed step")
    parser.add_argument("--json", help="also write the summary here")
    parser.add_argument("-v", "--verbose", action="store_true", help="a line per run")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    harness = Harness(args)
    try:
        harness.set_up()
        harness.run_all()
        violations = harness.check()
    except TestError as e:
        print("crash test: cannot run: %s (work folder %s)" % (e, harness.work), file=sys.stderr)
        return 2
    finally:
        harness.tear_down()
    print(json.dumps(harness.summary, indent=2, ensure_ascii=False))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(harness.summary, f, indent=2, ensure_ascii=False)
    for m in violations.messages[:50]:
        print("VIOLATION: " + m)
    if violations.messages:
        print("crash test: %d violation(s); logs in %s" % (len(violations.messages), harness.work))
        return 1
    print("crash test: every invariant holds")
    if not args.keep and not args.work:
        shutil.rmtree(harness.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
