#!/usr/bin/env bash
# The README's main command. For now the kiosk's trust core on the simulator:
# build a demo chain (validators, a finance authority, two hospitals),
# then verify its receipts and show that every forgery is caught, and why.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$(nproc)" --target chainslip chainslip-sim

cli=build/dev/firmware/chainslip
demo=build/demo
rm -rf "$demo"
build/dev/sim/chainslip-sim make-demo "$demo"

echo
echo "== valid receipts =="
for b in "$demo"/bundles/valid/*.json; do
  echo "\$ chainslip verify ${b#"$demo"/}"
  "$cli" verify "$b"
done

echo
echo "== forged receipts (each must be rejected with the reason in its name) =="
status=0
for b in "$demo"/bundles/invalid/*.json; do
  name=$(basename "$b" .json)
  expected=${name#*.}
  if out=$("$cli" verify --json "$b"); then
    echo "FAIL  ${name%%.*}: accepted a forgery"; status=1; continue
  fi
  got=$(printf '%s' "$out" | sed -n 's/.*"reason":"\([a-z_]*\)".*/\1/p')
  if [ "$got" = "$expected" ]; then
    printf 'ok    %-28s rejected: %s\n' "${name%%.*}" "$got"
  else
    echo "FAIL  ${name%%.*}: expected $expected, got $got"; status=1
  fi
done
exit $status
