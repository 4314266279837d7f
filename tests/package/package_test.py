#!/usr/bin/env python3
"""The installed Debian package, started as a kiosk operator would (docs/PACKAGING.md).

Run by scripts/package-test.sh after it has installed chainslip_*.deb on this
machine, as root. It checks what postinst made, enrols the kiosk against the
simulator (the installed chainslip-sim) with the installed `chainslip device`
commands, starts chainslipd the way the installed unit file says (systemctl
where systemd runs; otherwise the unit's ExecStart as its User and Group, with
its UMask, and a notify socket that checks READY=1 and watchdog pings), makes
one exchange through the kiosk screen's API, reads the ticket the virtual
printer cut, and stops the service with SIGTERM.

Before that it checks the installed unit's hardening (`systemd-analyze
security` under 3.0) and that the installed conffile is a production kiosk's,
not the simulator's; the service then runs on the simulator's config, which
the package installs beside its scenarios, put in place of the conffile as an
operator would edit it. Without systemd, chainslipd runs under the unit's
system call filter, applied here with libseccomp.

Exit 0 when everything held, 1 on a failed check (each one printed), 2 when
the test could not run.
"""

import argparse
import errno
import functools
import grp
import ipaddress
import json
import os
import pwd
import re
import shlex
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crash"))
from crash_test import http_json, read_png_text, wait_for  # noqa: E402  (the same helpers, one place)

USER = "chainslip"
STATE = "/var/lib/chainslip"
ETC = "/etc/chainslip"
CONFIG = ETC + "/chainslip.toml"
SIM_CONFIG = "/usr/share/chainslip/chainslip-sim.toml"  # the simulator's config, an example
UNIT = "/usr/lib/systemd/system/chainslipd.service"
SCREEN_USER = "chainslip-screen"  # the display's user (chainslip-screen.service)
SCREEN_UNIT = "/usr/lib/systemd/system/chainslip-screen.service"
SCREEN_LAUNCHER = "/usr/libexec/chainslip/chainslip-screen"
EXPOSURE_LIMIT = 3.0  # systemd-analyze security's overall exposure the unit must stay under (docs/PACKAGING.md)
SIM_DIR = STATE + "/sim"  # where the simulator's config (SIM_CONFIG) looks for the simulator's files
SCREEN = "http://127.0.0.1:8080"  # the configs' screen.listen
PANEL = "http://127.0.0.1:8090"  # chainslip-sim scanner's panel (default port)
ADMIN = "http://127.0.0.1:8646"  # chainslip-sim node's control API (default port)
KIOSK_ID = "KIOSK-DEMO-01"  # the simulator's config's kiosk.id


class Checks:
    def __init__(self):
        self.failed = []

    def expect(self, ok, what):
        print(("ok    " if ok else "FAIL  ") + what, flush=True)
        if not ok:
            self.failed.append(what)
        return ok


def mode_owner(path):
    st = os.stat(path)
    return stat.S_IMODE(st.st_mode), pwd.getpwuid(st.st_uid).pw_name, grp.getgrgid(st.st_gid).gr_name


def as_service_user(argv):
    """argv run as the service user, the way the unit's User=/Group= would."""
    return ["setpriv", "--reuid", USER, "--regid", USER, "--init-groups", "--"] + argv


def run_as_user(argv, check=True):
    p = subprocess.run(as_service_user(argv), capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError("%s exited %d: %s%s" % (" ".join(argv), p.returncode, p.stdout, p.stderr))
    return p


def unit_entries(path):
    """The [Service] (key, value) lines of a unit file, in order."""
    entries, section = [], None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith(("#", ";")):
                continue
            if line.startswith("["):
                section = line.strip("[]")
            elif section == "Service" and "=" in line:
                key, value = line.split("=", 1)
                entries.append((key.strip(), value.strip()))
    return entries


def unit_settings(path):
    """The [Service] keys of a unit file (last value wins, as systemd reads them)."""
    return dict(unit_entries(path))


def check_unit_hardening(c):
    """systemd-analyze security's overall exposure of the installed unit is under EXPOSURE_LIMIT."""
    # --threshold is in tenths and fails only above it: 29 fails at 3.0.
    threshold = round(EXPOSURE_LIMIT * 10) - 1
    p = subprocess.run(["systemd-analyze", "security", "--offline=true", "--threshold=%d" % threshold, UNIT],
                       capture_output=True, text=True)
    m = re.search(r"Overall exposure level for \S+: (\d+\.\d+) (\S+)", p.stdout)
    if not m:
        raise RuntimeError("systemd-analyze security printed no exposure level (exit %d): %s"
                           % (p.returncode, p.stderr.strip()))
    exposure = float(m.group(1))
    if not c.expect(exposure < EXPOSURE_LIMIT and p.returncode == 0,
                    "systemd-analyze security rates the unit %s %s, under %.1f (exit %d)"
                    % (m.group(1), m.group(2), EXPOSURE_LIMIT, p.returncode)):
        print("".join(line + "\n" for line in p.stdout.splitlines() if line.startswith("\u2717")), end="")


# The device classes (names in /proc/devices) the kiosk's printers and scanners are in, and the
# access each needs (docs/PACKAGING.md). Dropping one lowers the exposure figure and breaks a device.
DEVICE_CLASSES = {"char-usb_device": "rw", "char-usb": "rw", "char-input": "r", "char-hidraw": "rw",
                  "char-video4linux": "rw", "char-ttyACM": "rw", "char-ttyUSB": "rw"}


def check_unit_devices(c):
    """The hardened unit still lets through the printer and scanner device classes."""
    entries = unit_entries(UNIT)
    settings = dict(entries)
    allowed = dict(value.split(None, 1) for key, value in entries if key == "DeviceAllow" and " " in value)
    missing = sorted(name for name, access in DEVICE_CLASSES.items() if not set(access) <= set(allowed.get(name, "")))
    c.expect(settings.get("DevicePolicy") == "closed" and not missing,
             "the unit's device cgroup is closed but for the printer and scanner classes (missing: %s)"
             % (", ".join(missing) or "none"))
    # PrivateDevices=yes would leave a /dev without the printer and scanner nodes.
    c.expect(settings.get("PrivateDevices", "no") == "no", "the unit keeps the real /dev (PrivateDevices=no)")


def is_loopback(host):
    if host is None:
        return False
    host = host.strip("[]")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def simulator_settings(config):
    """What in a parsed chainslipd config runs the kiosk on the simulator; empty when nothing does.

    A key left out has the loader's default, a real kiosk's (firmware/config/kiosk_config.h).
    The simulator's devices are a serial scanner in its folder, a printer and node on 127.0.0.1."""
    found = []
    scanner = config.get("scanner", {})
    if scanner.get("kind") == "serial" and "/sim/" in scanner.get("device", ""):
        found.append("scanner.device %s is the virtual scanner's" % scanner["device"])
    address = config.get("printer", {}).get("address", "usb")
    if address.startswith("tcp:"):
        hostport = address[len("tcp:"):]
        host = hostport.split("]")[0] + "]" if hostport.startswith("[") else hostport.split(":")[0]
        if is_loopback(host):
            found.append("printer.address %s is the virtual printer's" % address)
    for node in config.get("chain", {}).get("nodes", []):
        if is_loopback(urllib.parse.urlsplit(node).hostname):
            found.append("chain.nodes has %s, the simulated node's" % node)
    return found


def check_packaged_config(c):
    """The installed conffile is a production kiosk's: no simulated scanner, printer or node."""
    with open(CONFIG, "rb") as f:
        config = tomllib.load(f)
    found = simulator_settings(config)
    c.expect(not found, "the packaged config selects no simulator (%s)" % ("; ".join(found) or "none"))


def use_simulator_config():
    """The simulator's config in place of the conffile, as an operator edits it (sudoedit)."""
    subprocess.run(["install", "-m", "0644", "-o", "root", "-g", "root", SIM_CONFIG, CONFIG], check=True)


@functools.lru_cache(maxsize=None)
def syscall_group(name):
    """The system calls of a systemd filter group (@name), its nested groups expanded."""
    out = subprocess.run(["systemd-analyze", "syscall-filter", name], capture_output=True, text=True,
                         check=True).stdout
    calls = set()
    for line in out.splitlines()[1:]:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        calls |= syscall_group(line) if line.startswith("@") else {line}
    return frozenset(calls)


def unit_seccomp_filter(path):
    """The unit's SystemCallFilter=, SystemCallErrorNumber=, RestrictAddressFamilies= and
    MemoryDenyWriteExecute= as one libseccomp filter, the way systemd builds them (an allow
    list, "~" lines taken out of it), for a service started without systemd. Loading it
    sets no_new_privs, as NoNewPrivileges=yes does."""
    try:
        import seccomp
    except ImportError:
        raise RuntimeError("no python3-seccomp here (scripts/install-deps.sh installs it)") from None
    entries = unit_entries(path)
    allowed = set(syscall_group("@default"))  # systemd adds @default to every allow list
    for key, value in entries:
        if key != "SystemCallFilter":
            continue
        names = set()
        for item in value.lstrip("~").split():
            names |= syscall_group(item) if item.startswith("@") else {item.split(":")[0]}
        if value.startswith("~"):
            allowed -= names
        else:
            allowed |= names
    settings = dict(entries)
    number = settings.get("SystemCallErrorNumber")
    f = seccomp.SyscallFilter(defaction=seccomp.ERRNO(getattr(errno, number)) if number else seccomp.KILL_PROCESS)
    families = [getattr(socket, name) for name in settings.get("RestrictAddressFamilies", "").split()]
    mdwe = settings.get("MemoryDenyWriteExecute") == "yes"
    prot_w, prot_x, shm_exec = 0x2, 0x4, 0o100000
    for name in sorted(allowed):
        try:
            if name == "socket" and families:
                for family in families:
                    f.add_rule(seccomp.ALLOW, name, seccomp.Arg(0, seccomp.EQ, family))
            elif mdwe and name in ("mmap", "mmap2"):  # not writable and executable at once
                f.add_rule(seccomp.ALLOW, name, seccomp.Arg(2, seccomp.MASKED_EQ, prot_x, 0))
                f.add_rule(seccomp.ALLOW, name, seccomp.Arg(2, seccomp.MASKED_EQ, prot_w, 0))
            elif mdwe and name in ("mprotect", "pkey_mprotect"):  # never made executable later
                f.add_rule(seccomp.ALLOW, name, seccomp.Arg(2, seccomp.MASKED_EQ, prot_x, 0))
            elif mdwe and name == "shmat":
                f.add_rule(seccomp.ALLOW, name, seccomp.Arg(2, seccomp.MASKED_EQ, shm_exec, 0))
            else:
                f.add_rule(seccomp.ALLOW, name)
        except (RuntimeError, ValueError, OSError):
            pass  # a call this architecture does not have (systemd skips those too)
    return f


def check_installed_data(c, hidden_source):
    """The programs read the profiles, scenarios and screen page the package installed, not a build's."""
    if hidden_source:
        c.expect(os.path.isdir(hidden_source) and not os.listdir(hidden_source),
                 "the source tree %s is hidden from the installed programs" % hidden_source)
    p = subprocess.run(["chainslip-sim", "run", "--help"], capture_output=True, text=True)
    c.expect("/usr/share/chainslip/scenarios" in p.stdout, "chainslip-sim run reads /usr/share/chainslip/scenarios")
    # A whole scripted session: the installed printer profile, scenarios and screen page.
    p = run_as_user(["chainslip-sim", "run", "happy_path", "--quiet"], check=False)
    c.expect(p.returncode == 0, "the installed chainslip-sim runs the happy_path scenario (%s)"
             % (p.stdout + p.stderr).strip().splitlines()[-1:])


def check_install(c):
    c.expect(pwd.getpwnam(USER).pw_shell in ("/usr/sbin/nologin", "/bin/false"),
             "postinst made the system user %s, without a login shell" % USER)
    c.expect(pwd.getpwnam(SCREEN_USER).pw_shell in ("/usr/sbin/nologin", "/bin/false"),
             "postinst made the display's system user %s, without a login shell" % SCREEN_USER)
    c.expect(mode_owner(STATE) == (0o700, USER, USER), "%s is 0700 %s:%s" % (STATE, USER, USER))
    c.expect(mode_owner(ETC) == (0o750, "root", USER), "%s is 0750 root:%s" % (ETC, USER))
    for path in ("/usr/bin/chainslipd", "/usr/bin/chainslip", "/usr/bin/chainslip-sim", UNIT,
                 "/usr/lib/udev/rules.d/60-chainslip-printer.rules", CONFIG,
                 "/usr/share/chainslip/profiles/generic-80mm.json", "/usr/share/chainslip/screen/index.html",
                 "/usr/share/chainslip/voice/idle.wav",
                 SIM_CONFIG, SCREEN_UNIT):
        c.expect(os.path.exists(path), "installed: " + path)
    conffiles = subprocess.run(["dpkg-query", "--control-show", "chainslip", "conffiles"],
                               capture_output=True, text=True).stdout
    c.expect(CONFIG in conffiles.split(), "%s is a conffile (upgrades keep local edits)" % CONFIG)
    c.expect(os.access(SCREEN_LAUNCHER, os.X_OK), "installed, executable: " + SCREEN_LAUNCHER)
    # The kiosk's programs carry no forging code (a name only sim/chain/forgery.cpp writes)
    # and no failpoint (only chainslipd-failpoints, a test program, reads CHAINSLIP_KILL_AFTER).
    for program in ("/usr/bin/chainslip", "/usr/bin/chainslipd"):
        with open(program, "rb") as f:
            binary = f.read()
        c.expect(b"forged-validator-signature" not in binary, program + " holds no forgery code")
        c.expect(b"CHAINSLIP_KILL_AFTER" not in binary, program + " holds no crash-test failpoint")
    p = subprocess.run(["/usr/bin/chainslipd", "--check-config", "--config", CONFIG], capture_output=True, text=True)
    c.expect(p.returncode == 0, "chainslipd --check-config accepts the packaged config (%s)" % p.stderr.strip())


class Simulator:
    """chainslip-sim node and printer as the service user, writing where the simulator's config looks."""

    def __init__(self, log_dir):
        self.procs = []
        self.log_dir = log_dir

    def start(self, name, argv, ready_text):
        log = open(os.path.join(self.log_dir, name + ".log"), "w+")
        proc = subprocess.Popen(as_service_user(argv), stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
        self.procs.append(proc)

        def ready():
            if proc.poll() is not None:
                raise RuntimeError("%s exited with %d; see %s" % (name, proc.returncode, log.name))
            with open(log.name) as f:
                return ready_text in f.read()
        if not wait_for(ready, 120, 0.1):
            raise RuntimeError("%s did not start within 120 s; see %s" % (name, log.name))

    def stop(self):
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()


def enrol(c, work):
    """anchor.json into /etc, a device key made and certified through the operator's commands."""
    subprocess.run(["install", "-m", "0644", SIM_DIR + "/anchor.json", ETC + "/anchor.json"], check=True)
    enrol_dir = STATE + "/enrol"
    run_as_user(["chainslip", "device", "keygen", "--kiosk-id", KIOSK_ID, "--place", "package test 包测试",
                 "--out", enrol_dir])
    c.expect(mode_owner(enrol_dir + "/device-key.json")[0] == 0o600, "device keygen wrote the private key 0600")
    with open(enrol_dir + "/device-request.json", "rb") as f:
        req = json.load(f)
    status, certificate = http_json(ADMIN + "/sim/devices", req)
    if status != 200:
        raise RuntimeError("POST /sim/devices answered %d: %s" % (status, certificate))
    cert_path = os.path.join(work, "certificate.json")
    with open(cert_path, "w") as f:
        json.dump(certificate, f)
    os.chmod(cert_path, 0o644)
    run_as_user(["chainslip", "device", "install", "--key", enrol_dir + "/device-key.json", "--certificate", cert_path,
                 "--anchor", ETC + "/anchor.json", "--out", STATE + "/device.json"])
    c.expect(mode_owner(STATE + "/device.json") == (0o600, USER, USER), "device install wrote device.json 0600")


class NotifySocket:
    """The service manager's end of sd_notify: records every datagram the service sends."""

    def __init__(self, path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        os.chmod(path, 0o666)  # the service runs as another user
        self.messages = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                data = self.sock.recv(4096)
            except OSError:
                return
            self.messages.extend(data.decode("utf-8", "replace").split("\n"))

    def count(self, line):
        return self.messages.count(line)


class Service:
    """chainslipd as the installed unit starts it."""

    def __init__(self, work):
        self.work = work
        self.proc = None
        self.systemd = os.path.isdir("/run/systemd/system")
        self.notify = None

    def start(self, c):
        unit = unit_settings(UNIT)
        c.expect(unit.get("Type") == "notify" and unit.get("WatchdogSec") == "30" and unit.get("User") == USER,
                 "the unit is Type=notify, WatchdogSec=30, User=%s" % USER)
        if self.systemd:
            # The virtual scanner is a pseudo-terminal, a device class no real kiosk's unit lets through.
            dropin = "/etc/systemd/system/chainslipd.service.d"
            os.makedirs(dropin, exist_ok=True)
            with open(dropin + "/simulator.conf", "w") as f:
                f.write("[Service]\nDeviceAllow=char-pts rw\n")
            subprocess.run(["systemctl", "daemon-reload"], check=True)
            p = subprocess.run(["systemctl", "start", "chainslipd"], capture_output=True, text=True)
            c.expect(p.returncode == 0, "systemctl start chainslipd (%s)" % p.stderr.strip())
            return
        # No systemd here (a container): do what it would. The watchdog is shortened to 2 s so the
        # pings (at half of it) show within the test; the unit's own 30 s is checked above.
        self.notify = NotifySocket(os.path.join(self.work, "notify.sock"))
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "NOTIFY_SOCKET": self.notify.path,
               "WATCHDOG_USEC": "2000000", "LANG": "C.UTF-8"}
        argv = shlex.split(unit["ExecStart"])
        umask = int(unit.get("UMask", "0022"), 8)
        # User=, Group=, the user's groups and SupplementaryGroups=, then UMask= and the system call
        # filter: the last step before exec, as systemd does it.
        user = pwd.getpwnam(unit["User"])
        gid = grp.getgrnam(unit["Group"]).gr_gid
        groups = set(os.getgrouplist(user.pw_name, gid))
        groups |= {grp.getgrnam(name).gr_gid for name in unit.get("SupplementaryGroups", "").split()}
        syscalls = unit_seccomp_filter(UNIT)

        def confine():
            os.umask(umask)
            syscalls.load()
        self.log = open(os.path.join(self.work, "chainslipd.log"), "w")
        self.proc = subprocess.Popen(argv, env=env, cwd="/", stdout=self.log, stderr=subprocess.STDOUT,
                                     user=user.pw_uid, group=gid, extra_groups=sorted(groups), preexec_fn=confine)
        with open("/proc/%d/status" % self.proc.pid) as f:
            seccomp_mode = re.search(r"^Seccomp:\s*(\d+)", f.read(), re.M)
        c.expect(seccomp_mode and seccomp_mode.group(1) == "2",
                 "chainslipd runs under the unit's system call filter (seccomp mode %s)"
                 % (seccomp_mode and seccomp_mode.group(1)))
        c.expect(wait_for(lambda: self.notify.count("READY=1") or self.proc.poll() is not None, 60)
                 and self.notify.count("READY=1") == 1, "chainslipd told the service manager READY=1")
        c.expect(wait_for(lambda: self.notify.count("WATCHDOG=1") >= 2, 5) is not None,
                 "chainslipd pings the watchdog (%d pings)" % self.notify.count("WATCHDOG=1"))

    def alive(self):
        if self.systemd:
            return subprocess.run(["systemctl", "is-active", "--quiet", "chainslipd"]).returncode == 0
        return self.proc is not None and self.proc.poll() is None

    def stop(self, c):
        if self.systemd:
            p = subprocess.run(["systemctl", "stop", "chainslipd"], capture_output=True, text=True)
            c.expect(p.returncode == 0, "systemctl stop chainslipd")
            return
        if self.proc is None or self.proc.poll() is not None:
            c.expect(False, "chainslipd was still running at the end (exit %s)" % (self.proc and self.proc.returncode))
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = "killed after 20 s"
        c.expect(code == 0, "SIGTERM stops chainslipd cleanly (exit %s)" % code)
        c.expect("STOPPING=1" in self.notify.messages, "chainslipd told the service manager STOPPING=1")


def view():
    try:
        return http_json(SCREEN + "/view", timeout=2)[1]
    except OSError:
        return None


def exchange(c):
    """One refund exchange of the simulator's first receipt: scanned, then confirmed through the screen's API."""
    def devices_ok():
        v = view()
        return v and v["devices"]["printer"]["ok"] and v["devices"]["node"]["ok"]
    if not c.expect(wait_for(devices_ok, 30, 0.2) is not None, "the screen shows printer and node ok"):
        return
    with open(SIM_DIR + "/qr-payloads.txt") as f:
        payload = f.readline().strip()
    # the national platform's short form: d=CODE_NUMBER_CHECK_AMOUNT_DATE
    number = urllib.parse.parse_qs(urllib.parse.urlsplit(payload).query)["d"][0].split("_")[1]
    c.expect(http_json(PANEL + "/present", {"payload": payload})[0] == 202,
             "the virtual scanner sent the code (the kiosk reads it as a serial scanner)")
    v = wait_for(lambda: (view() or {}).get("state") in ("verified", "rejected") and view(), 30, 0.1)
    if not c.expect(v and v["state"] == "verified", "the receipt was verified (%s)" % (v or {}).get("message_en")):
        return
    c.expect(200 <= http_json(SCREEN + "/actions", {"action": "choose", "reason": "refund"})[0] < 300,
             "the screen took the choice")
    c.expect(200 <= http_json(SCREEN + "/actions", {"action": "confirm", "reason": "refund"})[0] < 300,
             "the screen took the confirmation")
    v = wait_for(lambda: (view() or {}).get("state") in ("done", "failed", "rejected") and view(), 60, 0.1)
    c.expect(v and v["state"] == "done", "the exchange finished (%s)" % (v or {}).get("state"))
    paper = SIM_DIR + "/paper"

    def cut_tickets():
        return sorted(n for n in os.listdir(paper) if n.startswith("ticket-") and n.endswith(".png"))
    # "done" comes when the printer has taken the job; the virtual printer writes the PNG at the cut.
    tickets = wait_for(cut_tickets, 10, 0.1) or []
    if c.expect(len(tickets) == 1, "the virtual printer cut one ticket (%s)" % tickets):
        text = "\n".join(read_png_text(os.path.join(paper, tickets[0])))
        c.expect(number in text and KIOSK_ID in text, "the ticket names receipt %s and kiosk %s" % (number, KIOSK_ID))


def check_state(c):
    for name in ("cache.db", "journal.db"):
        path = os.path.join(STATE, name)
        c.expect(os.path.exists(path) and mode_owner(path) == (0o600, USER, USER), "%s is 0600 %s" % (path, USER))
    p = run_as_user(["chainslip", "status", "--json", "--config", CONFIG], check=False)
    try:
        status = json.loads(p.stdout)
    except ValueError:
        status = None
    c.expect(status is not None, "chainslip status --json answers as the service user (exit %d)" % p.returncode)
    if status is not None:
        text = json.dumps(status, ensure_ascii=False)
        c.expect("33010199-0000000001" in text, "chainslip status lists paper serial 33010199-0000000001")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", help="keep logs here (default: a temporary folder)")
    ap.add_argument("--hidden-source", help="the source tree, hidden by scripts/package-test.sh: checked empty")
    args = ap.parse_args()
    if os.geteuid() != 0:
        print("package_test: run as root (it starts the service as its own user)", file=sys.stderr)
        return 2
    work = args.work or tempfile.mkdtemp(prefix="chainslip-package-")
    os.makedirs(work, exist_ok=True)
    os.chmod(work, 0o755)
    c = Checks()
    sim = Simulator(work)
    service = Service(work)
    try:
        check_install(c)
        check_unit_hardening(c)
        check_unit_devices(c)
        check_packaged_config(c)
        use_simulator_config()
        check_installed_data(c, args.hidden_source)
        run_as_user(["mkdir", "-p", SIM_DIR + "/paper"])
        sim.start("node", ["chainslip-sim", "node", "--out", SIM_DIR, "--receipts", "20", "--block-interval-ms", "200"],
                  "serving the node API")
        sim.start("printer", ["chainslip-sim", "printer", "--port", "9100", "--out", SIM_DIR + "/paper"], "listening on")
        sim.start("scanner", ["chainslip-sim", "scanner", "--link", SIM_DIR + "/scanner"], "panel on")
        enrol(c, work)
        service.start(c)
        if service.alive():
            exchange(c)
            check_state(c)
        service.stop(c)
    except (RuntimeError, OSError, subprocess.CalledProcessError, KeyError) as e:
        print("package_test: could not run: %s (logs in %s)" % (e, work), file=sys.stderr)
        return 2
    finally:
        sim.stop()
    if c.failed:
        print("package_test: %d check(s) failed; logs in %s" % (len(c.failed), work), file=sys.stderr)
        return 1
    print("package_test: all checks held (logs in %s)" % work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
