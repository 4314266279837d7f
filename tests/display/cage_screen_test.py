#!/usr/bin/env python3
"""The kiosk's display stack, started headless (docs/SCREEN.md, "On the kiosk").

Runs firmware/screen/display/chainslip-screen, the program chainslip-screen.service
starts, under wlroots' headless backend (WLR_BACKENDS=headless: no GPU, no
screen, no seat) against a probe page that reports what the browser gives it.
Checks that:
  - Chromium runs as cage's only window and the page fills the whole output
    (--kiosk: no address bar, no tabs, no window frame);
  - CHAINSLIP_SCREEN_ROTATE=90 turns the output upright (a landscape panel
    mounted as a portrait kiosk);
  - a bad setting exits 2 with a line naming the variable, without starting cage;
  - the unit restarts the display whenever it ends and runs the same program.

cage refuses to run as root, so as root the program runs as "nobody", the way
the unit runs it as its own user.
"""
import argparse
import configparser
import http.server
import json
import os
import pwd
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

WAIT_S = 60
PROBE_PAGE = b"""<!doctype html><html><body style="margin:0"><script>
// Reported at load and after every resize: the compositor sizes the window
// once Chromium has mapped it, so the first report can still be the default size.
const report = () => fetch('/report', {method: 'POST', body: JSON.stringify({
  innerWidth, innerHeight, screenWidth: screen.width, screenHeight: screen.height})});
report();
addEventListener('resize', report);
</script></body></html>"""


class Probe(http.server.BaseHTTPRequestHandler):
    reports = queue.Queue()

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(PROBE_PAGE)

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Probe.reports.put(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def run_user():
    """(uid, gid) the display runs as: ours, or nobody's when we are root."""
    if os.geteuid() != 0:
        return None
    nobody = pwd.getpwnam("nobody")
    return nobody.pw_uid, nobody.pw_gid


def start_display(program, url, rotate, workdir):
    user = run_user()
    runtime = tempfile.mkdtemp(dir=workdir)
    os.chmod(runtime, 0o700)
    if user:
        os.chown(runtime, *user)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": runtime,
        "XDG_RUNTIME_DIR": runtime,
        "WLR_BACKENDS": "headless",
        "WLR_RENDERER": "pixman",  # no GPU in a test machine
        "WLR_LIBINPUT_NO_DEVICES": "1",
        "CHAINSLIP_SCREEN_URL": url,
        "CHAINSLIP_SCREEN_ROTATE": rotate,
    }
    argv = [program]
    if user:
        argv = ["setpriv", "--reuid=%d" % user[0], "--regid=%d" % user[1], "--clear-groups"] + argv
    log = open(os.path.join(workdir, "display-%s.log" % rotate), "w+")
    proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    return proc, log


def stop_display(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def check(name, ok, detail=""):
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, (": " + detail) if detail and not ok else ""))
    return ok


def page_fills_output(program, url, rotate, workdir):
    """Starts the display, waits for the probe page's report, and checks its size."""
    while not Probe.reports.empty():
        Probe.reports.get_nowait()
    proc, log = start_display(program, url, rotate, workdir)
    deadline = time.monotonic() + WAIT_S
    report = None
    try:
        while time.monotonic() < deadline:
            try:
                report = Probe.reports.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            if report["innerWidth"] == report["screenWidth"] and report["innerHeight"] == report["screenHeight"]:
                break
    finally:
        stop_display(proc)
    if report is None:
        log.seek(0)
        return check("rotate %s: the page loads in the display" % rotate, False,
                     "no report in %d s; display log:\n%s" % (WAIT_S, log.read()[-3000:]))
    full = (report["innerWidth"] == report["screenWidth"] and report["innerHeight"] == report["screenHeight"])
    ok = check("rotate %s: the page fills the output, no browser chrome" % rotate, full,
               "last size the page saw: " + json.dumps(report))
    upright = report["screenHeight"] > report["screenWidth"]
    want_upright = rotate in ("90", "270")
    ok &= check("rotate %s: the output is %s" % (rotate, "portrait" if want_upright else "landscape"),
                upright == want_upright, json.dumps(report))
    return ok


def bad_setting_refused(program, variable, value):
    env = dict(os.environ, CHAINSLIP_SCREEN_URL="http://127.0.0.1:1/", CHAINSLIP_SCREEN_ROTATE="0")
    env[variable] = value
    p = subprocess.run([program], env=env, capture_output=True, text=True, timeout=WAIT_S)
    return check("%s=%s exits 2 naming the variable" % (variable, value),
                 p.returncode == 2 and variable in p.stderr, "exit %d, stderr %r" % (p.returncode, p.stderr))


def unit_runs_the_program(unit_path):
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(unit_path)
    service = unit["Service"]
    ok = check("the unit restarts the display whenever it ends",
               service.get("Restart") == "always", "Restart=%s" % service.get("Restart"))
    ok &= check("the unit runs the installed chainslip-screen",
                service.get("ExecStart") == "/usr/libexec/chainslip/chainslip-screen",
                "ExecStart=%s" % service.get("ExecStart"))
    ok &= check("the unit is not root", service.get("User", "root") != "root", "User=%s" % service.get("User"))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source-dir", required=True)
    args = ap.parse_args()
    program = os.path.join(args.source_dir, "firmware/screen/display/chainslip-screen")
    unit = os.path.join(args.source_dir, "firmware/systemd/chainslip-screen.service")
    for needed in ("cage", "chromium", "Xwayland"):
        if not shutil.which(needed):
            print("FAIL %s is not installed (scripts/install-deps.sh installs it)" % needed)
            return 1

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Probe)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d/" % server.server_address[1]
    workdir = tempfile.mkdtemp(prefix="chainslip-display-")
    os.chmod(workdir, 0o755)
    try:
        ok = unit_runs_the_program(unit)
        ok &= bad_setting_refused(program, "CHAINSLIP_SCREEN_ROTATE", "45")
        ok &= bad_setting_refused(program, "CHAINSLIP_SCREEN_URL", "file:///etc/passwd")
        ok &= page_fills_output(program, url, "0", workdir)
        ok &= page_fills_output(program, url, "90", workdir)
    finally:
        server.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
