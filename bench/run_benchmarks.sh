#!/usr/bin/env bash
# Runs the signature baseline (`openssl speed sm2 ecdsap256`) and every
# Google Benchmark program in ONE run, so the ratios in docs/PERFORMANCE.md
# compare figures measured on the same machine under the same conditions.
#
#   bench/run_benchmarks.sh [BENCH_DIR]
#   bench/run_benchmarks.sh --summary RESULTS_DIR   # re-print a run's summary
#
# BENCH_DIR holds the *_bench programs (default build/dev/bench); a CMake
# build directory whose bench/ subdirectory holds them works too. Build with
# optimisation (Release or RelWithDebInfo) and run on an otherwise idle
# machine: the summary flags benchmarks whose CPU time falls well short of
# their wall time, the sign of another process competing for the cores (or,
# for the store, of waiting on the disk). Tables use CPU time, which is what
# `openssl speed` divides by unless given -elapsed.
#
# Raw outputs go to build/bench-results/<UTC time>/ (build/bench-results/latest
# points at the newest): machine.txt, openssl_speed.txt, one <program>.json
# (--benchmark_out) and <program>.txt (console) per program, summary.md.
#
# Environment: BENCH_MIN_TIME (seconds per repetition, default 0.5),
# BENCH_REPETITIONS (default 3; the summary uses the median),
# OPENSSL_SECONDS (default 3).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out=""
failed=()

measure() {
  bench_dir="$1"
  # A relative BENCH_DIR is taken from the current directory if it exists
  # there, else from the repository root.
  if [[ "$bench_dir" != /* && ! -d "$bench_dir" ]]; then bench_dir="$root/$bench_dir"; fi
  if [[ ! -d "$bench_dir" ]]; then
    echo "run_benchmarks.sh: no directory $bench_dir (build first, or pass the bench directory)" >&2
    exit 2
  fi
  bench_dir="$(cd "$bench_dir" && pwd)"
  if ! compgen -G "$bench_dir/*_bench" > /dev/null && compgen -G "$bench_dir/bench/*_bench" > /dev/null; then
    bench_dir="$bench_dir/bench"
  fi
  programs=()
  for p in "$bench_dir"/*_bench; do
    [[ -x "$p" && -f "$p" ]] && programs+=("$p")
  done
  if [[ ${#programs[@]} -eq 0 ]]; then
    echo "run_benchmarks.sh: no *_bench programs in $bench_dir" >&2
    exit 2
  fi

  min_time="${BENCH_MIN_TIME:-0.5}"
  repetitions="${BENCH_REPETITIONS:-3}"
  openssl_seconds="${OPENSSL_SECONDS:-3}"

  results_root="$root/build/bench-results"
  out="$results_root/$(date -u +%Y%m%dT%H%M%SZ)"  # global: the summary reads it
  mkdir -p "$out"
  ln -sfn "$(basename "$out")" "$results_root/latest"

  # Competing compilers are the usual disturbance on a shared build machine.
  compilers_running() { pgrep -c -x cc1plus 2> /dev/null || true; }

  {
    echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "host: $(uname -srm)"
    echo "nproc: $(nproc)"
    echo "cpu_model: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "openssl: $(openssl version)"
    cache=""
    for c in "$bench_dir/CMakeCache.txt" "$bench_dir/../CMakeCache.txt"; do
      [[ -f "$c" ]] && { cache="$c"; break; }
    done
    if [[ -n "$cache" ]]; then
      cxx="$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$cache")"
      echo "build_type: $(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$cache")"
    else
      cxx="c++"
      echo "build_type: unknown (no CMakeCache.txt next to $bench_dir)"
    fi
    echo "compiler: $("${cxx:-c++}" --version 2> /dev/null | head -n1)"
    echo "google_benchmark: $(dpkg-query -W -f='${Version}' libbenchmark-dev 2> /dev/null || echo unknown)"
    echo "bench_dir: $bench_dir"
    echo "bench_min_time: $min_time"
    echo "bench_repetitions: $repetitions"
    echo "loadavg_start: $(cut -d' ' -f1-3 /proc/loadavg)"
  } > "$out/machine.txt"

  # Samples, once a second, what else runs during each phase (contention.log:
  # epoch seconds, phase, compilers running, runnable tasks other than the
  # benchmark and this sampler, 1-minute load).
  echo setup > "$out/.phase"
  (
    while sleep 1; do
      # Besides other work, procs_running counts the benchmark, this sampler
      # and the command substitution reading it.
      running="$(sed -n 's/^procs_running //p' /proc/stat)"
      echo "$(date +%s) $(cat "$out/.phase" 2> /dev/null) $(compilers_running)" \
        "$((running > 3 ? running - 3 : 0)) $(cut -d' ' -f1 /proc/loadavg)"
    done
  ) > "$out/contention.log" &
  sampler=$!
  trap 'kill "$sampler" 2> /dev/null || true; rm -f "$out/.phase"' EXIT

  echo "== openssl speed -seconds $openssl_seconds sm2 ecdsap256"
  echo openssl_speed > "$out/.phase"
  openssl speed -seconds "$openssl_seconds" sm2 ecdsap256 > "$out/openssl_speed.txt" 2>&1
  grep -E 'sign/s|bits (ecdsa|SM2)' "$out/openssl_speed.txt" || true

  failed=()
  for p in "${programs[@]}"; do
    name="$(basename "$p")"
    echo "== $name"
    echo "$name" > "$out/.phase"
    if ! "$p" --benchmark_min_time="$min_time" --benchmark_repetitions="$repetitions" \
        --benchmark_display_aggregates_only=true \
        --benchmark_out="$out/$name.json" --benchmark_out_format=json 2>&1 | tee "$out/$name.txt"; then
      failed+=("$name")
    fi
  done
  echo "loadavg_end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"
  kill "$sampler" 2> /dev/null || true
  wait "$sampler" 2> /dev/null || true
}

summarize() {
python3 - "$out" << 'PY'
import glob, json, os, re, sys

out = sys.argv[1]
lines = []
def emit(s=""):
    lines.append(s)

machine = {}
for line in open(os.path.join(out, "machine.txt"), encoding="utf-8"):
    k, _, v = line.partition(":")
    machine[k.strip()] = v.strip()

# --- the baseline -----------------------------------------------------------
speed = {}  # "sm2"/"ecdsap256" -> (sign/s, verify/s)
for line in open(os.path.join(out, "openssl_speed.txt"), encoding="utf-8", errors="replace"):
    m = re.match(r"\s*\d+ bits (ecdsa|SM2) \((\S+)\)\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)", line)
    if m:
        key = "sm2" if m.group(1) == "SM2" else m.group(2)
        speed[key] = (float(m.group(3)), float(m.group(4)))
baseline_us = {}  # suite -> µs per verify
for suite, key in (("sm2_sm3", "sm2"), ("p256_sha256", "nistp256")):
    if key in speed and speed[key][1] > 0:
        baseline_us[suite] = 1e6 / speed[key][1]

# --- benchmark results (median of the repetitions, else the single run) ----
UNIT = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
results = {}  # run_name -> dict with real_ns, cpu_ns and the counters
errors = []
for path in sorted(glob.glob(os.path.join(out, "*.json"))):
    try:
        doc = json.load(open(path, encoding="utf-8"))
    except (OSError, ValueError) as e:
        errors.append(f"{os.path.basename(path)}: unreadable ({e})")
        continue
    program = os.path.basename(path)[:-5]
    singles = {}
    for b in doc.get("benchmarks", []):
        if b.get("error_occurred"):
            errors.append(f"{b['name']}: {b.get('error_message')}")
            continue
        run = b.get("run_name", b["name"])
        scale = UNIT.get(b.get("time_unit", "ns"), 1.0)
        entry = dict(b, program=program, real_ns=b["real_time"] * scale, cpu_ns=b["cpu_time"] * scale)
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                results[run] = entry
        else:
            singles.setdefault(run, entry)
    for run, entry in singles.items():
        results.setdefault(run, entry)

# CPU time of the benchmark thread: `openssl speed` divides by CPU user
# time too (unless -elapsed), and the two agree on an idle machine.
T = "cpu_ns"

def get(name):
    return results.get(name)

def us(ns):
    return f"{ns / 1e3:,.2f}"

def fmt_ns(ns):
    return f"{ns:,.0f}"

SUITES = ("sm2_sm3", "p256_sha256")
SUITE_LABEL = {"sm2_sm3": "sm2-sm3 (SM3)", "p256_sha256": "p256-sha256 (SHA-256)"}
SIG_LABEL = {"sm2_sm3": "SM2", "p256_sha256": "ECDSA P-256"}
used = set()
contended = []

def take(name):
    r = get(name)
    if r is not None:
        used.add(name)
        if r["real_ns"] > 0 and r["cpu_ns"] < 0.9 * r["real_ns"]:
            contended.append(f"{name} (cpu {r['cpu_ns'] / r['real_ns']:.0%} of wall)")
    return r

emit(f"# chainslip benchmark summary ({machine.get('date_utc', '?')})")
emit()
emit(f"- CPU: {machine.get('cpu_model', '?')}, nproc {machine.get('nproc', '?')}")
emit(f"- {machine.get('openssl', '?')}; compiler {machine.get('compiler', '?')}; "
     f"build type {machine.get('build_type', '?')}; Google Benchmark {machine.get('google_benchmark', '?')}")
emit(f"- {machine.get('bench_repetitions', '?')} repetitions x {machine.get('bench_min_time', '?')} s, "
     f"median shown; times are CPU time, "
     f"the divisor `openssl speed` uses")
emit(f"- load average at start {machine.get('loadavg_start', '?')}, at end {machine.get('loadavg_end', '?')}")
busy = {}  # phase -> [samples, samples with a compiler, sum of other runnable tasks]
try:
    for line in open(os.path.join(out, "contention.log"), encoding="utf-8"):
        parts = line.split()
        if len(parts) < 4 or not (parts[2].isdigit() and parts[3].isdigit()) or parts[1] == "setup":
            continue
        b = busy.setdefault(parts[1], [0, 0, 0])
        b[0] += 1
        b[1] += int(parts[2]) > 0
        b[2] += int(parts[3])
except OSError:
    pass
noisy = {ph: b for ph, b in busy.items() if b[1] > 0 or b[2] / b[0] >= 0.5}
if noisy:
    emit("- WARNING: other work ran during: " + ", ".join(
        f"{ph} (compiler in {b[1]}/{b[0]} samples, {b[2] / b[0]:.1f} other runnable tasks on average)"
        for ph, b in noisy.items()))
elif busy:
    emit("- quiet machine: no compiler and on average < 0.5 other runnable tasks in every phase "
         "(sampled each second)")
emit()

emit("## Baseline: openssl speed (same run)")
emit()
emit("| algorithm | sign/s | verify/s | µs per verify |")
emit("|---|---:|---:|---:|")
for key, label in (("sm2", "SM2 (sm2p256v1)"), ("nistp256", "ECDSA P-256")):
    if key in speed:
        s, v = speed[key]
        emit(f"| {label} | {s:,.1f} | {v:,.1f} | {1e6 / v:,.1f} |")
    else:
        emit(f"| {label} | n/a | n/a | n/a |")
emit()

emit("## Merkle leaf hash (merkle_leaf_hash) and node hash")
emit()
emit("| suite | input | ns | MB/s |")
emit("|---|---|---:|---:|")
for suite in SUITES:
    for size in (64, 256, 1024):
        r = take(f"BM_LeafHash/{suite}/{size}")
        if r:
            emit(f"| {SUITE_LABEL[suite]} | leaf {size} B | {fmt_ns(r[T])} | {size / r[T] * 1e3:,.1f} |")
    r = take(f"BM_NodeHash/{suite}")
    if r:
        emit(f"| {SUITE_LABEL[suite]} | node (1 + 2x32 B) | {fmt_ns(r[T])} | {65 / r[T] * 1e3:,.1f} |")
emit()

emit("## Inclusion proof verification (verify_inclusion)")
emit()
emit("| tree size | path | " + " | ".join(f"{SUITE_LABEL[s]} ns | % of one {SIG_LABEL[s]} verify" for s in SUITES) + " |")
emit("|---|---:|" + "---:|---:|" * len(SUITES))
for k in range(10, 25, 2):
    cells = []
    path_len = "?"
    for suite in SUITES:
        r = take(f"BM_VerifyInclusion/{suite}/{1 << k}")
        if r:
            path_len = f"{r.get('path_len', 0):.0f}"
            ratio = (f"{r[T] / 1e3 / baseline_us[suite]:.2%}" if suite in baseline_us else "n/a")
            cells += [fmt_ns(r[T]), ratio]
        else:
            cells += ["n/a", "n/a"]
    emit(f"| 2^{k} | {path_len} | " + " | ".join(cells) + " |")
emit()

emit("## Merkle tree construction and proof generation (2^16 leaves)")
emit()
emit("| suite | build tree (ms) | per leaf (ns) | proof, full tree (ns) | proof, size 2^16-1 (ns) |")
emit("|---|---:|---:|---:|---:|")
for suite in SUITES:
    b = take(f"BM_MerkleTreeBuild/{suite}")
    p1 = take(f"BM_InclusionProofGen/{suite}/65536")
    p2 = take(f"BM_InclusionProofGen/{suite}/65535")
    cells = [f"{b[T] / 1e6:,.1f}", f"{b[T] / 65536:,.0f}"] if b else ["n/a", "n/a"]
    cells += [fmt_ns(p[T]) if p else "n/a" for p in (p1, p2)]
    emit(f"| {SUITE_LABEL[suite]} | " + " | ".join(cells) + " |")
emit()

emit("## Header verification (LightClient::verify_header)")
emit()
emit("Ratio = header time / (signatures checked x `openssl speed` verify time of the suite's curve).")
emit()
emit("| suite | validators | header carries | sigs checked | µs | µs per sig | ratio |")
emit("|---|---:|---|---:|---:|---:|---:|")
for suite in SUITES:
    for bench, carries in (("BM_VerifyHeader", "all N"), ("BM_VerifyHeaderQuorum", "min quorum")):
        for n in (4, 7, 21):
            r = take(f"{bench}/{suite}/{n}")
            if not r:
                continue
            sigs = r.get("sig_verifies", 0)
            ratio = (f"{r[T] / 1e3 / (sigs * baseline_us[suite]):.2f}"
                     if suite in baseline_us and sigs else "n/a")
            emit(f"| {SUITE_LABEL[suite]} | {n} | {carries} | {sigs:.0f} | {us(r[T])} | "
                 f"{us(r[T] / sigs) if sigs else 'n/a'} | {ratio} |")
emit()

emit("## One signature through PublicKey::verify, a key import, and verify_bundle end to end")
emit()
emit("| suite | benchmark | sigs checked | µs | ratio to sigs x openssl verify |")
emit("|---|---|---:|---:|---:|")
for suite in SUITES:
    for name, label in ((f"BM_PublicKeyVerify/{suite}", "PublicKey::verify"),
                        (f"BM_PublicKeyFromBytes/{suite}", "PublicKey::from_bytes (no signature)"),
                        (f"BM_VerifyBundle/{suite}/4", "verify_bundle, 4 validators")):
        r = take(name)
        if not r:
            continue
        sigs = r.get("sig_verifies", 0)
        if not sigs:
            emit(f"| {SUITE_LABEL[suite]} | {label} | 0 | {us(r[T])} | "
                 f"{r[T] / 1e3 / baseline_us[suite]:.2f} of one |" if suite in baseline_us else
                 f"| {SUITE_LABEL[suite]} | {label} | 0 | {us(r[T])} | n/a |")
            continue
        ratio = (f"{r[T] / 1e3 / (sigs * baseline_us[suite]):.2f}"
                 if suite in baseline_us and sigs else "n/a")
        emit(f"| {SUITE_LABEL[suite]} | {label} | {sigs:.0f} | {us(r[T])} | {ratio} |")
emit()

others = [n for n in results if n not in used]
programs = []
for n in others:
    if results[n]["program"] not in programs:
        programs.append(results[n]["program"])
for program in programs:
    title = "Cache lookup (1M receipts)" if program == "store_bench" else "Other benchmarks"
    emit(f"## {title}: {program}")
    emit()
    emit("| benchmark | wall µs | cpu µs | counters |")
    emit("|---|---:|---:|---|")
    skip = {"name", "family_index", "per_family_instance_index", "run_name", "run_type", "repetitions",
            "repetition_index", "threads", "iterations", "real_time", "cpu_time", "time_unit",
            "aggregate_name", "aggregate_unit", "program", "real_ns", "cpu_ns", "label",
            "error_occurred", "error_message"}
    for n in others:
        r = results[n]
        if r["program"] != program:
            continue
        counters = ", ".join(f"{k}={v:.4g}" for k, v in r.items() if k not in skip and isinstance(v, (int, float)))
        emit(f"| {n} | {us(r['real_ns'])} | {us(r['cpu_ns'])} | {counters} |")
        take(n)
    emit()

if contended:
    emit("CPU time below 90% of wall time (waiting on I/O, or another process competed for the cores; "
         "for CPU-bound benchmarks re-run when the machine is idle): "
         + "; ".join(contended))
    emit()
if errors:
    emit("Errors: " + "; ".join(errors))
    emit()

text = "\n".join(lines)
open(os.path.join(out, "summary.md"), "w", encoding="utf-8").write(text + "\n")
print(text)
PY
}

if [[ "${1:-}" == --summary ]]; then
  out="${2:?usage: run_benchmarks.sh --summary RESULTS_DIR}"
  [[ -f "$out/machine.txt" ]] || { echo "run_benchmarks.sh: $out is not a results directory" >&2; exit 2; }
  summarize
  exit 0
fi
measure "${1:-build/dev/bench}"
summarize

echo "raw results and summary.md: $out"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
