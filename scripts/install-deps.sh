#!/usr/bin/env bash
# Installs every build, test and bench dependency of chainslip from Debian's
# packages. Idempotent, and quick when everything is already there: apt is
# only called for what is missing. docs/DEPENDENCIES.md says why each is here.
# --fuzz adds the compiler of the fuzz targets (scripts/fuzz.sh).
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git ccache
  libssl-dev            # OpenSSL 3: SM2/SM3, P-256, SHA-256 (EVP)
  libcrypto++-dev       # Crypto++: Keccak-256, the FISCO BCOS engine's hash (OpenSSL 3.0 has none)
  libsqlite3-dev        # receipt cache, headers, exchange journal
  nlohmann-json3-dev    # JSON for bundles, anchors, the node API
  libcli11-dev          # command-line flags
  libgtest-dev libgmock-dev  # unit tests
  libbenchmark-dev      # bench/
  libusb-1.0-0-dev      # USB printers
  libqrencode-dev       # QR rendering
  libzbar-dev           # QR scanning
  libzxing-dev          # QR scanning: zxing-cpp, the second decoder backend
  libpng-dev            # virtual printer: paper rolls rendered to PNG
  unifont               # virtual printer: GNU Unifont bitmaps for CJK text
  libcpp-httplib-dev    # the simulated node's HTTP API (sim/node) and its tests
  libcurl4-openssl-dev  # the kiosk's node client (drivers/node): HTTP(S) inside our event loop
  libtomlplusplus-dev   # chainslipd's config file (TOML)
  libsystemd-dev        # chainslipd: sd_notify readiness and the watchdog, sd_journal_send entries with fields
  openssl               # `openssl speed`, the bench baseline
  chromium              # the kiosk screen's browser (cage + chromium --kiosk); tests/e2e drive it headless
  fonts-noto-cjk        # the screen's Chinese: Noto Sans CJK SC (tests/e2e/screen_font.mjs checks it is drawn)
  cage xwayland         # the kiosk's display: the Wayland kiosk compositor (tests/display starts it headless)
  espeak-ng             # the screen's Mandarin voice prompts, synthesised at build time
  python3               # tests/crash: the crash test's harness (standard library only)
  systemd               # tests/package: systemd-analyze security rates the unit, and lists its syscall groups
  python3-seccomp       # tests/package: the unit's system call filter, for chainslipd started without systemd
)
# tests/e2e runs on Node and npm. A node that is already there is used as it
# is (NodeSource's nodejs bundles npm and conflicts with Debian's npm package).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  PACKAGES+=(nodejs npm)
fi
if [ "${1:-}" = "--fuzz" ]; then
  PACKAGES+=(clang-14 libclang-rt-14-dev llvm-14)  # libFuzzer, the sanitizers' runtimes, llvm-cov
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
