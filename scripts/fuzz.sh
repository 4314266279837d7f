#!/usr/bin/env bash
# Builds the libFuzzer targets (the fuzz preset: clang 14, ASan + UBSan) and
# runs each on a scratch copy of its seed corpus (tests/fuzz/corpus/<target>,
# which the run never grows), two at a time. Fails when any target finds a
# crash, a leak, a timeout or a broken property; prints one summary line per
# target. docs/FUZZING.md says what each target covers.
#
#   scripts/fuzz.sh [--seconds N] [--keep DIR] [target ...]   N seconds each (default 20)
#   scripts/fuzz.sh --seeds                                   regenerate the seed corpus
#   scripts/fuzz.sh --coverage DIR [target ...]               line coverage of DIR/<target>
#
# --keep DIR keeps each target's grown corpus in DIR/<target> (for a long run);
# --coverage replays such corpora in a coverage build and reports the lines
# of each target's own sources that they run.
set -euo pipefail
cd "$(dirname "$0")/.."

# What one input may be, per target: longer inputs only slow the mutations.
declare -A MAX_LEN=(
  [paper_copy_code]=128
  [receipt_code]=640
  [strict_json]=4096
  [bundle_json]=16384
  [verify_bundle]=16384
  [node_api]=16384
  [status_stream]=1024
  [escpos_interpreter]=8192
  [registry_call]=2048
  [verify_fisco_bundle]=32768
)
# The code each target is there for, as --coverage reports it.
declare -A SOURCES=(
  [paper_copy_code]="core/receipt/paper_copy_code.cpp"
  [receipt_code]="core/receipt/receipt_code.cpp core/receipt/receipt_code_url.cpp core/util/url.cpp"
  [strict_json]="core/util/strict_json.cpp core/text/utf8.cpp"
  [bundle_json]="core/bundle/receipt_bundle.cpp core/receipt/receipt.cpp core/chain/issuer_certificate.cpp
    core/chain/block_header.cpp core/chain/validator_set.cpp core/chain/validator_set_change.cpp"
  [verify_bundle]="core/bundle/bundle_verifier.cpp core/chain/light_client.cpp core/chain/validator_set.cpp
    core/chain/issuer_certificate.cpp core/merkle/merkle.cpp"
  [node_api]="core/node/node_api.cpp core/chain/receipt_status.cpp"
  [status_stream]="drivers/printer/escpos/status_stream.cpp drivers/printer/escpos/printer_condition.cpp"
  [escpos_interpreter]="sim/printer/escpos_interpreter.cpp sim/printer/charset.cpp sim/printer/paper.cpp
    sim/printer/paper_png.cpp"
  [registry_call]="core/engine/fisco_bcos/abi.cpp core/engine/fisco_bcos/registry_call.cpp"
  [verify_fisco_bundle]="core/engine/fisco_bcos/receipt_bundle.cpp core/engine/fisco_bcos/node_json.cpp
    core/engine/fisco_bcos/issuance.cpp core/engine/fisco_bcos/light_client.cpp
    core/engine/fisco_bcos/header_verifier.cpp core/engine/fisco_bcos/merkle_proof.cpp"
)
TARGETS=(paper_copy_code receipt_code strict_json bundle_json verify_bundle node_api status_stream escpos_interpreter
  registry_call verify_fisco_bundle)

seconds=20
keep=""
seeds=0
coverage=""
chosen=()
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) [ $# -ge 2 ] || { echo "fuzz: --seconds needs a number" >&2; exit 2; }; seconds=$2; shift ;;
    --keep) [ $# -ge 2 ] || { echo "fuzz: --keep needs a folder" >&2; exit 2; }; keep=$(realpath -m "$2"); shift ;;
    --seeds) seeds=1 ;;
    --coverage) [ $# -ge 2 ] || { echo "fuzz: --coverage needs a folder" >&2; exit 2; }; coverage=$(realpath "$2"); shift ;;
    -*) echo "fuzz: unknown option $1" >&2; exit 2 ;;
    *) [ -n "${MAX_LEN[$1]:-}" ] || { echo "fuzz: no target $1 (${TARGETS[*]})" >&2; exit 2; }; chosen+=("$1") ;;
  esac
  shift
done
[ ${#chosen[@]} -gt 0 ] || chosen=("${TARGETS[@]}")

scripts/install-deps.sh --fuzz

if [ "$seeds" = 1 ]; then
  # The generator runs the simulated chain, node and printer driver: the gcc
  # dev build has those libraries, the clang fuzz build does not.
  cmake --preset dev >/dev/null
  cmake --build build/dev -j "$(nproc)" --target make_fuzz_seeds
  rm -rf tests/fuzz/data
  find tests/fuzz/corpus -type f ! -name 'crash-*' -delete 2>/dev/null || true
  build/dev/tests/make_fuzz_seeds tests/fuzz
  echo "fuzz: seeds in tests/fuzz/corpus ($(find tests/fuzz/corpus -type f | wc -l) files) and tests/fuzz/data"
  exit 0
fi

if [ -n "$coverage" ]; then
  # The targets again with clang's source-based coverage; each corpus is run
  # once (-runs=0) and the lines of the target's sources counted.
  cmake --preset fuzz -B build/fuzz-cov -DCMAKE_CXX_FLAGS="-fprofile-instr-generate -fcoverage-mapping" \
    -DCMAKE_EXE_LINKER_FLAGS=-fprofile-instr-generate >/dev/null
  cmake --build build/fuzz-cov -j "$(nproc)" --target chainslip_fuzz
  for t in "${chosen[@]}"; do
    prof=build/fuzz-cov/$t bin=build/fuzz-cov/tests/fuzz/${t}_fuzz sources=()
    for f in ${SOURCES[$t]}; do sources+=("$PWD/$f"); done
    LLVM_PROFILE_FILE=$prof.profraw "$bin" -runs=0 -max_len="${MAX_LEN[$t]}" "$coverage/$t" >"$prof.log" 2>&1
    llvm-profdata-14 merge -o "$prof.profdata" "$prof.profraw"
    llvm-cov-14 report "$bin" -instr-profile="$prof.profdata" "${sources[@]}" |
      awk -v t="$t" -v root="$PWD/" '$1 ~ /\.cpp$|^TOTAL$/ { sub(root, "", $1); print "fuzz: coverage " t " " $1 ": lines " $10 ", branches " $13 }'
  done
  exit 0
fi

start=$(date +%s)
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"
echo "fuzz: built in $(($(date +%s) - start)) s"

out=build/fuzz/runs
rm -rf "$out"
mkdir -p "$out"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# One target: its corpus copied to a scratch folder, then libFuzzer for
# `seconds`. Writes the log, and rc/summary files the loop below reads.
run_target() {
  local t=$1 corpus
  if [ -n "$keep" ]; then
    corpus=$keep/$t
    mkdir -p "$corpus"
  else
    corpus=$out/$t.corpus
    mkdir -p "$corpus"
  fi
  cp -r "tests/fuzz/corpus/$t/." "$corpus/"
  local rc=0
  "build/fuzz/tests/fuzz/${t}_fuzz" -max_total_time="$seconds" -max_len="${MAX_LEN[$t]}" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/$t-" "$corpus" >"$out/$t.log" 2>&1 || rc=$?
  echo "$rc" >"$out/$t.rc"
  # The last status line (cov, ft, corp) and the final stats (execs, exec/s).
  local status execs speed
  status=$(grep -E '^#[0-9]+' "$out/$t.log" | tail -1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: //p' "$out/$t.log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: //p' "$out/$t.log")
  printf '%-20s execs %-10s exec/s %-7s cov %-6s ft %-6s corpus %s\n' "$t" "${execs:-?}" "${speed:-?}" \
    "$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status")" "$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status")" \
    "$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$status")" >"$out/$t.summary"
  [ -n "$keep" ] || rm -rf "$corpus"
}

parallel=$(nproc)
fuzz_start=$(date +%s)
for t in "${chosen[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || true; done
  run_target "$t" &
done
wait

failed=()
for t in "${chosen[@]}"; do
  rc=$(cat "$out/$t.rc")
  if [ "$rc" = 0 ]; then
    echo "fuzz: ok     $(cat "$out/$t.summary")"
  else
    echo "fuzz: FAILED $(cat "$out/$t.summary") (exit $rc)"
    failed+=("$t")
  fi
done
for t in "${failed[@]}"; do
  echo "---- $t: $out/$t.log (last lines); the input is $out/$t-*"
  tail -40 "$out/$t.log"
done
echo "fuzz: ${#chosen[@]} targets, $seconds s each, run in $(($(date +%s) - fuzz_start)) s, $(($(date +%s) - start)) s with the build"
echo "fuzz: $((${#chosen[@]} - ${#failed[@]})) passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
