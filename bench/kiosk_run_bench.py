#!/usr/bin/env python3
"""Whole-run figures of the kiosk service: the real chainslipd against a
`chainslip-sim node` and a `chainslip-sim printer`, driven through the screen
API as the kiosk's browser drives it (docs/PERFORMANCE.md, "The kiosk service
(chainslipd)"). Builds nothing: pass the build directory.

  bench/kiosk_run_bench.py [--build-dir build/ci] [--suite sm2-sm3 --suite p256-sha256]
                           [--exchanges 20] [--idle-seconds 60] [--emulator "qemu-aarch64 -L /"]

--emulator runs both programs of a cross build through qemu-user
(docs/CROSS.md): memory is then qemu's process, emulator and all, and the
times are qemu's, not the board's.

Per suite it measures, in one run:
  - scan to verified over the screen: POST {"action":"present"} until the
    SSE stream shows the receipt verified (cache miss, then the same receipts
    again: cache hit);
  - confirm to the first byte of the print job at the printer: a recording
    proxy sits between chainslipd and the virtual printer and timestamps
    every chunk; the job is the first chunk after the confirm that holds
    ESC @ (status polls are DLE EOT n / GS r only). The SSE progress steps
    split the time into signing+submit, the inclusion wait, and verify+layout;
  - N exchanges back to back (present, confirm, wait for done), as
    exchanges/min, against the print head's own limit: 60 / (ticket length in
    mm / head speed), the ticket length read from the printer's log;
  - chainslipd's VmHWM / VmRSS after start, after the lookups, after the
    exchanges (and smaps_rollup, threads at the end);
  - idle: CPU seconds (utime + stime) and context switches of every thread
    of chainslipd over --idle-seconds with nothing to do (the screen's SSE
    stream stays open, as the kiosk's browser keeps it).

The node seals a block every --block-interval-ms (default 10 ms: a
sealing-on-submit stand-in), so the inclusion wait is the kiosk's own
inclusion poll, not the chain.
"""

import argparse
import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEAD_SPEED_MM_S = 150.0  # chainslip-sim printer's default
DOTS_PER_MM = 8.0        # 203 dpi


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(pred, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.01)
    raise RuntimeError(f"timed out waiting for {what}")


class LogTail:
    """Collects a child's stderr lines (with arrival times) on a thread."""

    def __init__(self, stream, name):
        self.lines = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._read, args=(stream, name), daemon=True)
        self.thread.start()

    def _read(self, stream, name):
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self.lock:
                self.lines.append((time.monotonic(), line))
            if os.environ.get("KIOSK_BENCH_VERBOSE"):
                print(f"[{name}] {line}", file=sys.stderr)

    def find(self, pattern):
        with self.lock:
            return [(t, l) for t, l in self.lines if re.search(pattern, l)]


class PrinterProxy:
    """TCP relay chainslipd -> virtual printer that timestamps what the kiosk sends."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.port = self.listener.getsockname()[1]
        self.chunks = []  # (monotonic time, bytes) sent by the kiosk
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            for s in (client, upstream):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, src, dst, record):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if record:
                    with self.lock:
                        self.chunks.append((time.monotonic(), data))
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def first_job_byte_after(self, t0):
        with self.lock:
            for t, data in self.chunks:
                if t >= t0 and b"\x1b@" in data:
                    return t
        return None


class Screen:
    """The kiosk screen's API: actions, and the SSE state stream on a thread."""

    def __init__(self, port):
        self.port = port
        self.views = queue.Queue()
        threading.Thread(target=self._stream, daemon=True).start()

    def _stream(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        conn.request("GET", "/events", headers={"Accept": "text/event-stream"})
        resp = conn.getresponse()
        event = None
        while True:
            line = resp.fp.readline()
            if not line:
                return
            line = line.decode("utf-8").rstrip("\r\n")
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event == "state":
                self.views.put((time.monotonic(), json.loads(line[5:])))
            elif not line:
                event = None

    def action(self, body):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request("POST", "/actions", body=json.dumps(body), headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        resp.read()
        conn.close()
        if resp.status != 202:
            raise RuntimeError(f"action {body} refused: HTTP {resp.status}")

    def drain(self):
        while not self.views.empty():
            self.views.get_nowait()

    def wait_state(self, states, number=None, timeout=120, seen=None):
        """The first view in one of `states` (for receipt `number` if given); every view on the way goes to `seen`."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError(f"timed out waiting for state {states}")
            try:
                t, view = self.views.get(timeout=left)
            except queue.Empty:
                continue
            if seen is not None:
                seen.append((t, view))
            receipt = view.get("receipt") or {}
            if view.get("state") in states and (number is None or receipt.get("number") == number):
                return t, view


def proc_status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            out[k] = v.strip()
    return out


def memory(pid):
    s = proc_status(pid)
    kib = lambda k: int(s[k].split()[0])
    return {"VmHWM": kib("VmHWM"), "VmRSS": kib("VmRSS"), "RssAnon": kib("RssAnon"),
            "RssFile": kib("RssFile"), "Threads": int(s["Threads"])}


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15)


def ctxt_switches(pid, only_main=False):
    vol = invol = 0
    for tid in ([str(pid)] if only_main else os.listdir(f"/proc/{pid}/task")):
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches"):
                        vol += int(line.split()[1])
                    elif line.startswith("nonvoluntary_ctxt_switches"):
                        invol += int(line.split()[1])
        except FileNotFoundError:
            pass
    return vol, invol


def smaps_rollup(pid):
    out = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            m = re.match(r"(\w+):\s+(\d+) kB", line)
            if m:
                out[m.group(1)] = int(m.group(2))
    return out


def write_config(path, d, node_port, printer_port, screen_port):
    text = open(os.path.join(ROOT, "firmware/config/chainslip.toml"), encoding="utf-8").read()
    text = text.replace("/tmp/chainslip-sim", d)
    text = text.replace("http://127.0.0.1:8645", f"http://127.0.0.1:{node_port}")
    text = text.replace("tcp:127.0.0.1:9100", f"tcp:127.0.0.1:{printer_port}")
    text = text.replace('listen = "127.0.0.1:8080"', f'listen = "127.0.0.1:{screen_port}"')
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return (xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2) if xs else float("nan")


def run_suite(args, suite):
    build = os.path.abspath(args.build_dir)
    emulator = args.emulator.split()
    sim = emulator + [os.path.join(build, "sim/chainslip-sim")]
    daemon = emulator + [os.path.join(build, "firmware/chainslipd")]
    d = tempfile.mkdtemp(prefix=f"kiosk_run_bench.{suite}.")
    procs = []
    r = {"suite": suite}
    try:
        node_port, admin_port, printer_port, screen_port = free_port(), free_port(), free_port(), free_port()
        node = subprocess.Popen(sim + ["node", "--out", d, "--suite", suite, "--receipts", str(args.receipts),
                                 "--rate", "0", "--block-interval-ms", str(args.block_interval_ms),
                                 "--port", str(node_port), "--admin-port", str(admin_port)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        procs.append(node)
        node_log = LogTail(node.stderr, "node")
        wait_for(lambda: node_log.find("serving the node API"), 120, "the sim node")

        os.makedirs(os.path.join(d, "paper"), exist_ok=True)
        printer = subprocess.Popen(sim + ["printer", "--port", str(printer_port), "--out", os.path.join(d, "paper")],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        procs.append(printer)
        printer_log = LogTail(printer.stderr, "printer")
        wait_for(lambda: printer_log.find("virtual printer"), 30, "the sim printer")
        proxy = PrinterProxy(printer_port)

        config = os.path.join(d, "chainslip.toml")
        write_config(config, d, node_port, proxy.port, screen_port)
        kiosk = subprocess.Popen(daemon + ["--config", config], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        procs.append(kiosk)
        kiosk_log = LogTail(kiosk.stderr, "chainslipd")
        wait_for(lambda: kiosk_log.find("boot recovery finished"), 30, "chainslipd to finish boot recovery")
        pid = kiosk.pid
        screen = Screen(screen_port)
        wait_for(lambda: not screen.views.empty(), 10, "the first view")
        time.sleep(1.0)
        r["mem_start"] = memory(pid)

        payloads = [l.strip() for l in open(os.path.join(d, "qr-payloads.txt"), encoding="utf-8") if l.strip()]
        number_of = lambda p: urllib.parse.parse_qs(urllib.parse.urlsplit(p).query)["d"][0].split("_")[1]
        lookups = payloads[:args.lookups // 2]
        exchanges = payloads[args.lookups // 2: args.lookups // 2 + args.exchanges]
        if len(exchanges) < args.exchanges:
            raise RuntimeError(f"only {len(payloads)} payloads for {args.lookups // 2} lookups + {args.exchanges} exchanges")

        def scan(p):
            screen.drain()
            t0 = time.monotonic()
            screen.action({"action": "present", "payload": p})
            t1, view = screen.wait_state(("verified", "rejected"), number_of(p))
            if view["state"] != "verified":
                raise RuntimeError(f"{p} rejected: {view.get('message_en')}")
            return t1 - t0, view["receipt"]["from_cache"]

        miss, hit = [], []
        for p in lookups:  # first time: cache misses
            ms, cached = scan(p)
            (hit if cached else miss).append(ms * 1e3)
        for p in lookups:  # again: cache hits
            ms, cached = scan(p)
            (hit if cached else miss).append(ms * 1e3)
        r["lookup_miss_ms"], r["lookup_hit_ms"] = miss, hit
        screen.action({"action": "start_over"})
        screen.wait_state(("idle",))
        time.sleep(0.5)
        r["mem_lookups"] = memory(pid)

        steps = []
        t_run = time.monotonic()
        for p in exchanges:
            screen.drain()
            t_scan = time.monotonic()
            screen.action({"action": "present", "payload": p})
            t_verified, _ = screen.wait_state(("verified",), number_of(p))
            seen = []
            t_confirm = time.monotonic()
            screen.action({"action": "choose", "reason": "refund"})
            screen.action({"action": "confirm", "reason": "refund"})
            t_done, view = screen.wait_state(("done", "error"), seen=seen)
            if view["state"] != "done":
                raise RuntimeError(f"exchange of {p} failed: {view.get('message_en')}")
            first_byte = proxy.first_job_byte_after(t_confirm)
            progress = {}
            for t, v in seen:
                step = (v.get("progress") or {}).get("step_en")
                if step and step not in progress:
                    progress[step] = t - t_confirm
            steps.append({"lookup": t_verified - t_scan, "first_byte": first_byte - t_confirm,
                          "done": t_done - t_confirm, "progress": progress})
        r["run_s"] = time.monotonic() - t_run
        r["exchanges"] = steps
        screen.action({"action": "start_over"})
        screen.wait_state(("idle",))
        time.sleep(0.5)
        r["mem_exchanges"] = memory(pid)

        tickets = printer_log.find(r"ticket \d+ \((\d+) rows")
        r["ticket_rows"] = [int(re.search(r"\((\d+) rows", l).group(1)) for _, l in tickets]

        hz = os.sysconf("SC_CLK_TCK")
        screen.drain()
        with proxy.lock:
            sent0 = len(proxy.chunks)
        c0, s0, m0, t0 = cpu_ticks(pid), ctxt_switches(pid), ctxt_switches(pid, True), time.monotonic()
        time.sleep(args.idle_seconds)
        c1, s1, m1, t1 = cpu_ticks(pid), ctxt_switches(pid), ctxt_switches(pid, True), time.monotonic()
        with proxy.lock:
            sent1 = len(proxy.chunks)
        r["idle"] = {"seconds": t1 - t0, "cpu_s": (c1 - c0) / hz, "voluntary": s1[0] - s0[0],
                     "involuntary": s1[1] - s0[1], "main_voluntary": m1[0] - m0[0],
                     "views": screen.views.qsize(), "printer_writes": sent1 - sent0}
        r["mem_idle"] = memory(pid)
        r["smaps_rollup"] = smaps_rollup(pid)
        return r
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in reversed(procs):
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(d, ignore_errors=True)


def report(results, args):
    out = []
    emit = out.append
    emit(f"kiosk_run_bench: {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}, "
         f"load average {' '.join(open('/proc/loadavg').read().split()[:3])}, nproc {os.cpu_count()}")
    emit(f"node: --receipts {args.receipts}, block interval {args.block_interval_ms} ms; printer head "
         f"{HEAD_SPEED_MM_S:.0f} mm/s; {args.lookups} lookups, {args.exchanges} exchanges, idle {args.idle_seconds} s")
    emit("")
    emit("| figure | " + " | ".join(r["suite"] for r in results) + " |")
    emit("|---|" + "---:|" * len(results))

    def row(label, f):
        emit(f"| {label} | " + " | ".join(f(r) for r in results) + " |")

    row("scan to verified, cache miss, median ms (n)",
        lambda r: f"{median(r['lookup_miss_ms']):.1f} ({len(r['lookup_miss_ms'])})")
    row("scan to verified, cache miss, max ms", lambda r: f"{max(r['lookup_miss_ms']):.1f}")
    row("scan to verified, cache hit, median ms (n)",
        lambda r: f"{median(r['lookup_hit_ms']):.1f} ({len(r['lookup_hit_ms'])})")
    row("scan to verified, cache hit, max ms", lambda r: f"{max(r['lookup_hit_ms']):.1f}")
    step_names = []
    for r in results:
        for e in r["exchanges"]:
            for s in e["progress"]:
                if s not in step_names:
                    step_names.append(s)
    for s in step_names:
        row(f"confirm to progress \"{s}\", median ms",
            lambda r, s=s: f"{median([e['progress'][s] * 1e3 for e in r['exchanges'] if s in e['progress']]):.1f}")
    row("**confirm to first job byte at the printer, median ms**",
        lambda r: f"**{median([e['first_byte'] * 1e3 for e in r['exchanges']]):.1f}**")
    row("confirm to first job byte, min / max ms",
        lambda r: f"{min(e['first_byte'] for e in r['exchanges']) * 1e3:.1f} / "
                  f"{max(e['first_byte'] for e in r['exchanges']) * 1e3:.1f}")
    row("confirm to done (ticket printed and cut), median ms",
        lambda r: f"{median([e['done'] * 1e3 for e in r['exchanges']]):.1f}")
    row("ticket length, mm (rows / 8)",
        lambda r: f"{median(r['ticket_rows']) / DOTS_PER_MM:.1f}" if r["ticket_rows"] else "n/a")
    row("head time per ticket, s (length / 150 mm/s)",
        lambda r: f"{median(r['ticket_rows']) / DOTS_PER_MM / HEAD_SPEED_MM_S:.2f}" if r["ticket_rows"] else "n/a")
    row("head-speed limit, exchanges/min",
        lambda r: f"{60 / (median(r['ticket_rows']) / DOTS_PER_MM / HEAD_SPEED_MM_S):.1f}" if r["ticket_rows"] else "n/a")
    row("measured, exchanges/min (N back to back)",
        lambda r: f"{len(r['exchanges']) / r['run_s'] * 60:.1f} ({len(r['exchanges'])} in {r['run_s']:.1f} s)")
    row("**ratio measured / head-speed limit**",
        lambda r: f"**{(len(r['exchanges']) / r['run_s'] * 60) / (60 / (median(r['ticket_rows']) / DOTS_PER_MM / HEAD_SPEED_MM_S)):.2f}**"
        if r["ticket_rows"] else "n/a")
    for key, label in (("mem_start", "after start"), ("mem_lookups", f"after {args.lookups} lookups"),
                       ("mem_exchanges", f"after {args.exchanges} exchanges"), ("mem_idle", "after idle")):
        row(f"VmHWM / VmRSS {label}, MiB",
            lambda r, key=key: f"{r[key]['VmHWM'] / 1024:.1f} / {r[key]['VmRSS'] / 1024:.1f}")
    row("RssAnon / RssFile at the end, MiB",
        lambda r: f"{r['mem_idle']['RssAnon'] / 1024:.1f} / {r['mem_idle']['RssFile'] / 1024:.1f}")
    row("smaps_rollup Pss / Private_Dirty at the end, MiB",
        lambda r: f"{r['smaps_rollup'].get('Pss', 0) / 1024:.1f} / {r['smaps_rollup'].get('Private_Dirty', 0) / 1024:.1f}")
    row("threads", lambda r: str(r["mem_idle"]["Threads"]))
    row("idle CPU, s per minute", lambda r: f"{r['idle']['cpu_s'] * 60 / r['idle']['seconds']:.3f}")
    row("idle CPU, % of one core", lambda r: f"{r['idle']['cpu_s'] / r['idle']['seconds'] * 100:.2f}")
    row("idle context switches per minute, all threads (voluntary + involuntary)",
        lambda r: f"{r['idle']['voluntary'] * 60 / r['idle']['seconds']:.0f} + "
                  f"{r['idle']['involuntary'] * 60 / r['idle']['seconds']:.0f}")
    row("of which the main thread (the event loop), voluntary per minute",
        lambda r: f"{r['idle']['main_voluntary'] * 60 / r['idle']['seconds']:.0f}")
    row("idle: views sent on the SSE stream / writes to the printer, per minute",
        lambda r: f"{r['idle']['views'] * 60 / r['idle']['seconds']:.0f} / "
                  f"{r['idle']['printer_writes'] * 60 / r['idle']['seconds']:.0f}")
    print("\n".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build/ci"),
                    help="CMake build directory holding sim/chainslip-sim and firmware/chainslipd")
    ap.add_argument("--suite", action="append", choices=("sm2-sm3", "p256-sha256"),
                    help="crypto suite (repeatable; default both)")
    ap.add_argument("--receipts", type=int, default=200, help="receipts on the sim chain")
    ap.add_argument("--block-interval-ms", type=int, default=10, help="the sim node's block interval")
    ap.add_argument("--lookups", type=int, default=100, help="lookups: half misses, then the same half again as hits")
    ap.add_argument("--exchanges", type=int, default=20, help="exchanges back to back")
    ap.add_argument("--idle-seconds", type=float, default=60.0)
    ap.add_argument("--json", help="also write the raw results here")
    ap.add_argument("--emulator", default="", help="words to start the programs with, e.g. \"qemu-aarch64 -L /\"")
    args = ap.parse_args()
    if args.lookups // 2 + args.exchanges > 100:
        ap.error("the sim node writes 100 payloads: lookups / 2 + exchanges must be at most 100")
    results = [run_suite(args, s) for s in (args.suite or ["sm2-sm3", "p256-sha256"])]
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)
    report(results, args)


if __name__ == "__main__":
    main()
