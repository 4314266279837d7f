#!/usr/bin/env bash
# The README's main command: the whole kiosk on this machine. Installs the
# Debian packages, builds, then starts the simulated chain node, the virtual
# ESC/POS printer, the virtual serial scanner with its panel, and chainslipd
# (on the simulator's config, pointed at them) and prints the addresses of
# the kiosk screen and the simulator's panel. Ctrl-C (or SIGTERM) stops all four.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

usage() {
  cat <<'EOF'
usage: scripts/run-kiosk.sh [options]

Runs the kiosk on the simulator: chain node + virtual printer + virtual
scanner + chainslipd. Open the two addresses it prints in a browser (the
kiosk's screen, and the simulator's panel that presents codes to the
scanner); Ctrl-C stops everything.

  --port N          the kiosk screen's port (default 8080; 0: any free port)
  --sm2 | --p256    the chain's crypto suite: SM2/SM3 (国密, the default, as the
                    provinces run it) or P-256/SHA-256
  --keep            keep the kiosk's database (receipt cache, exchange journal)
                    from the last run: paper numbers go on, unfinished exchanges
                    are recovered (default: start fresh). The simulated chain is
                    new at every start, so old cache entries are fetched again.
  --run-dir DIR     where config, chain files, database, tickets and logs go
                    (default: $XDG_RUNTIME_DIR/chainslip-kiosk, else /tmp/chainslip-kiosk)
  --node-port N     the node API's port (default 8645; its control API is on
                    the next port; 0: any free ports)
  --printer-port N  the virtual printer's raw TCP port (default 9100; 0: any free port)
  --panel-port N    the simulator panel's port (default 8090; 0: any free port)
  --build-dir DIR   use the programs already built in DIR (e.g. build/ci);
                    skips installing packages and building
  -h, --help        this text
EOF
}

screen_port=8080
node_port=8645
printer_port=9100
panel_port=8090
suite=sm2-sm3
keep=false
run_dir=${XDG_RUNTIME_DIR:-/tmp}/chainslip-kiosk
build_dir=""

need_value() { [ $# -ge 2 ] || { echo "run-kiosk: $1 needs a value" >&2; usage >&2; exit 2; }; }
need_port() {
  case $2 in
    '' | *[!0-9]*) echo "run-kiosk: $1 takes a port number 0..65535, not \"$2\"" >&2; exit 2 ;;
  esac
  [ "$2" -le 65535 ] || { echo "run-kiosk: $1 takes a port number 0..65535, not $2" >&2; exit 2; }
}
while [ $# -gt 0 ]; do
  case $1 in
    --port) need_value "$@"; need_port "$1" "$2"; screen_port=$2; shift ;;
    --node-port) need_value "$@"; need_port "$1" "$2"; node_port=$2; shift ;;
    --printer-port) need_value "$@"; need_port "$1" "$2"; printer_port=$2; shift ;;
    --panel-port) need_value "$@"; need_port "$1" "$2"; panel_port=$2; shift ;;
    --sm2) suite=sm2-sm3 ;;
    --p256) suite=p256-sha256 ;;
    --keep) keep=true ;;
    --run-dir) need_value "$@"; run_dir=$2; shift ;;
    --build-dir) need_value "$@"; build_dir=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run-kiosk: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

if [ -z "$build_dir" ]; then
  scripts/install-deps.sh
  cmake --preset dev >/dev/null
  cmake --build --preset dev -j "$(nproc)" --target chainslipd chainslip chainslip-sim
  build_dir=build/dev
fi
build_dir=$(cd "$build_dir" && pwd)
sim=$build_dir/sim/chainslip-sim
daemon=$build_dir/firmware/chainslipd
for p in "$sim" "$daemon"; do
  [ -x "$p" ] || { echo "run-kiosk: $p is missing; build it (cmake --build $build_dir --target ${p##*/})" >&2; exit 2; }
done

# Only what this script makes is removed (--run-dir may name any folder). The
# node rebuilds its chain at every start and the printer numbers its tickets
# from 0001, so those two and the logs always start fresh.
mkdir -p "$run_dir"
rm -rf "$run_dir/chain" "$run_dir/paper" "$run_dir/logs" "$run_dir/chainslip.toml" "$run_dir/printer-faults" \
  "$run_dir/scanner"
if [ "$keep" = false ]; then rm -rf "$run_dir/kiosk"; fi
mkdir -p "$run_dir/chain" "$run_dir/paper" "$run_dir/kiosk" "$run_dir/logs"
run_dir=$(cd "$run_dir" && pwd)
logs=$run_dir/logs

# Stop what we started, newest first, each by its pid; SIGKILL after 10 s.
pids=()
stop_all() {
  trap - INT TERM EXIT
  local pid
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap 'stop_all; echo "run-kiosk: stopped; logs in $logs"; exit 0' INT TERM
trap stop_all EXIT

# Waits until LOG has a line matching the sed pattern PATTERN (one capture
# group) and prints the capture; fails if PID dies first or after 60 s.
wait_for() {
  local name=$1 pid=$2 log=$3 pattern=$4 found
  for _ in $(seq 600); do
    found=$(sed -n "s#$pattern#\1#p" "$log" 2>/dev/null | tail -1)
    if [ -n "$found" ]; then echo "$found"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run-kiosk: $name exited while starting; the end of $log:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "run-kiosk: $name did not start within 60 s; see $log" >&2
  return 1
}

admin_port=$((node_port == 0 ? 0 : node_port + 1))
"$sim" node --suite "$suite" --receipts 200 --block-interval-ms 1000 --out "$run_dir/chain" \
  --port "$node_port" --admin-port "$admin_port" >"$logs/node.log" 2>&1 &
pids+=($!)
node_url=$(wait_for "the chain node" "$!" "$logs/node.log" '.*serving the node API on \(http://[0-9.:]*\)/v1/.*')
admin_url=$(sed -n 's#.*control API on \(http://[0-9.:]*\)/sim/.*#\1#p' "$logs/node.log" | tail -1)

# The printer takes faults typed on its stdin: a FIFO we hold open for writing
# too, so `echo paper-out > FIFO` works and the printer never sees end of file.
faults=$run_dir/printer-faults
rm -f "$faults"
mkfifo "$faults"
exec 3<>"$faults"
"$sim" printer --port "$printer_port" --out "$run_dir/paper" <&3 >"$logs/printer.log" 2>&1 &
pids+=($!)
printer_addr=$(wait_for "the virtual printer" "$!" "$logs/printer.log" '^listening on \([0-9.:]*\)$')

# The virtual scanner: a serial port chainslipd reads at $run_dir/scanner, and
# the panel that presents the chain's receipt codes to it and shows the paper.
# The panel links the kiosk screen when its port is known before chainslipd starts.
kiosk_link=()
[ "$screen_port" != 0 ] && kiosk_link=(--kiosk "http://127.0.0.1:$screen_port/")
"$sim" scanner --port "$panel_port" --link "$run_dir/scanner" --codes "$run_dir/chain/qr-payloads.txt" \
  --paper-dir "$run_dir/paper" "${kiosk_link[@]}" >"$logs/scanner.log" 2>&1 &
pids+=($!)
panel_url=$(wait_for "the virtual scanner" "$!" "$logs/scanner.log" '^panel on \(http://[0-9.:]*/\)$')

# The simulator's config (docs/CONFIG.md), pointed at this run directory and these ports.
config=$run_dir/chainslip.toml
# The metrics endpoint on its usual port, or a free one when the screen's is (tests run several kiosks).
metrics_port=9464
[ "$screen_port" = 0 ] && metrics_port=0
example=sim/config/chainslip-sim.toml
{
  echo "# Made by scripts/run-kiosk.sh from $example for this run."
  sed -e "s#/tmp/chainslip-sim/kiosk#$run_dir/kiosk#g" \
      -e "s#/tmp/chainslip-sim/paper#$run_dir/paper#g" \
      -e "s#/tmp/chainslip-sim/scanner#$run_dir/scanner#g" \
      -e "s#/tmp/chainslip-sim#$run_dir/chain#g" \
      -e "s#^nodes = \[\"http://127.0.0.1:8645\"\]#nodes = [\"$node_url\"]#" \
      -e "s#^address = \"tcp:127.0.0.1:9100\"#address = \"tcp:$printer_addr\"#" \
      -e "s#^listen = \"127.0.0.1:8080\"#listen = \"127.0.0.1:$screen_port\"#" \
      -e "s#^listen = \"127.0.0.1:9464\"#listen = \"127.0.0.1:$metrics_port\"#" "$example"
} >"$config"
for want in "nodes = \[\"$node_url\"\]" "address = \"tcp:$printer_addr\"" "listen = \"127.0.0.1:$screen_port\"" \
    "listen = \"127.0.0.1:$metrics_port\""; do
  grep -q "^$want" "$config" || { echo "run-kiosk: $example changed shape; could not set $want in $config" >&2; exit 1; }
done

"$daemon" --config "$config" >"$logs/chainslipd.log" 2>&1 3<&- &
pids+=($!)
screen_url=$(wait_for "chainslipd" "$!" "$logs/chainslipd.log" '.*service: screen on \(http://[^ ]*\)$')
wait_for "chainslipd" "${pids[3]}" "$logs/chainslipd.log" '.*chainslipd: \(ready\)$' >/dev/null

cat <<EOF

The kiosk is running on the simulator ($suite). Open its screen, as a
patient sees it, and beside it the simulator's panel:

    kiosk screen      $screen_url
    simulator panel   $panel_url

On the panel, tap 出示 / Present on a receipt code (it holds the code to the
virtual scanner); on the screen, check the receipt the kiosk verified and tap
退费换开 (exchange for a refund); the panel then shows the virtual printer's
ticket. The tickets are PNG files in $run_dir/paper/.
To see a forgery refused, make the node alter the payer on the receipts it
sends, then present another code:
    curl -s -XPOST $admin_url/sim/faults -d '{"mode":"lie","lie":"tampered_receipt"}'
    curl -s -XPOST $admin_url/sim/faults -d '{"mode":"none"}'   # honest again
Printer faults: echo paper-out > $faults   (paper-in, cover-open, cover-close, unplug, replug, clear)

  chain node   $node_url (control API $admin_url), chain files in $run_dir/chain
  printer      tcp:$printer_addr
  scanner      $run_dir/scanner (a serial port; the panel presents codes to it)
  config       $config
  logs         $logs/{node,printer,scanner,chainslipd}.log

Ctrl-C stops all four.
EOF

# Until a signal (the trap above), or until one of them stops by itself.
wait -n "${pids[@]}" || true
echo "run-kiosk: a process stopped by itself; the ends of its logs:" >&2
tail -n 5 "$logs"/*.log >&2
exit 1
