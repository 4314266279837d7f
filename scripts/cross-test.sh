#!/usr/bin/env bash
# Cross-builds chainslip for an ARM kiosk board with Debian's cross compiler
# and runs the unit tests under qemu-user (docs/CROSS.md):
#
#   scripts/cross-test.sh [aarch64|armhf] [--ci | --install-only] [ctest arguments...]
#
# Adds the board's Debian architecture and installs the cross toolchain,
# qemu-user and the board's -dev packages (idempotent: apt only runs for what
# is missing), then configures and builds the cross-<arch> preset and runs
# ctest through it. Extra arguments go to ctest (e.g. -R Receipt).
# --ci (aarch64): CI's share, to fit its time: only chainslip_unit_tests is
# built, and its qemu_slow tests are left out (the cross-aarch64-ci presets).
set -euo pipefail
cd "$(dirname "$0")/.."

arch=${1:-aarch64}
[ $# -gt 0 ] && shift
case $arch in
  aarch64) deb_arch=arm64 triplet=aarch64-linux-gnu ;;
  armhf) deb_arch=armhf triplet=arm-linux-gnueabihf ;;
  *) echo "cross-test: unknown architecture '$arch' (aarch64 or armhf)" >&2; exit 2 ;;
esac
mode=all
case ${1:-} in
  --ci) mode=ci; shift ;;
  --install-only) mode=install; shift ;;
esac
if [ $mode = ci ] && [ "$arch" != aarch64 ]; then
  echo "cross-test: --ci is for aarch64" >&2; exit 2
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
apt_get() { $SUDO apt-get -o DPkg::Lock::Timeout=600 "$@"; }

# The board's libraries, as scripts/install-deps.sh lists them for the host.
# Header-only nlohmann-json3-dev and libcli11-dev are arch-all: the host's
# serve. libzbar-dev:arm64 cannot be installed beside the host's (its
# ImageMagick -dev dependencies are not Multi-Arch: same), so only the board's
# libzbar0 comes in; toolchain/cross-common.cmake pairs it with the host's
# arch-independent zbar headers.
packages=(
  "g++-$triplet" qemu-user
  "libssl-dev:$deb_arch" "libcrypto++-dev:$deb_arch" "libsqlite3-dev:$deb_arch" "libusb-1.0-0-dev:$deb_arch"
  "libqrencode-dev:$deb_arch" "libzbar0:$deb_arch" "libzxing-dev:$deb_arch" "libpng-dev:$deb_arch"
  "libcpp-httplib-dev:$deb_arch" "libcurl4-openssl-dev:$deb_arch" "libsystemd-dev:$deb_arch"
  "libtomlplusplus-dev:$deb_arch" "libgtest-dev:$deb_arch" "libgmock-dev:$deb_arch"
)

scripts/install-deps.sh  # the host's build tools, and the zbar headers
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "cross-test: installing ${missing[*]}"
  if ! dpkg --print-foreign-architectures | grep -qx "$deb_arch"; then
    $SUDO dpkg --add-architecture "$deb_arch"
  fi
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends "${missing[@]}"
fi
[ $mode = install ] && exit 0

preset=cross-$arch
run=$preset
[ $mode = ci ] && run=$preset-ci
cmake --preset "$preset" >/dev/null
cmake --build --preset "$run" -j 2
ctest --preset "$run" "$@"
