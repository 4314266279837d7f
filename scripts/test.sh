#!/usr/bin/env bash
# The README's test command: install deps, build (warnings are errors), run
# every test. With --sanitize, the same in the ASan+UBSan build.
set -euo pipefail
cd "$(dirname "$0")/.."

preset=ci
if [ "${1:-}" = "--sanitize" ]; then preset=asan; fi

scripts/install-deps.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
ctest --preset "$preset"
