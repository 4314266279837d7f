#!/usr/bin/env bash
# CI's package check (docs/PACKAGING.md): builds the Debian package, installs
# it on THIS machine, starts the installed service against the simulator
# (tests/package/package_test.py), then purges it. It changes the machine
# (a system user, /etc/chainslip, /var/lib/chainslip): run it in CI or on a
# throw-away machine. Refuses to touch a chainslip this script did not install.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if dpkg-query -W -f='${Status}' chainslip 2>/dev/null | grep -q "install ok installed"; then
  echo "package-test: a chainslip package is already installed here; remove it first (dpkg --purge chainslip)" >&2
  exit 2
fi
if [ -e /var/lib/chainslip ] || [ -e /etc/chainslip ]; then
  echo "package-test: /var/lib/chainslip or /etc/chainslip exists (a kiosk's journal?); not touching it" >&2
  exit 2
fi

build_dir=""
test_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --build-dir) [ $# -ge 2 ] || { echo "package-test: --build-dir needs a folder" >&2; exit 2; }; build_dir=$2; shift ;;
    *) test_args+=("$1") ;;
  esac
  shift
done

scripts/install-deps.sh
if [ -z "$build_dir" ]; then
  # The release build (docs/PACKAGING.md). CI packs its already built ci tree instead (--build-dir
  # build/ci): same programs, and an installed program finds its data the same way (core/util/data_dir.h).
  cmake --preset package >/dev/null
  cmake --build --preset package -j "$(nproc)"
  build_dir=build/package
else
  cmake --build "$build_dir" -j "$(nproc)" --target chainslipd chainslip chainslip-sim
fi
rm -f "$build_dir"/chainslip_*.deb
(cd "$build_dir" && cpack -G DEB >/dev/null)
deb=$(ls "$build_dir"/chainslip_*.deb)
echo "package-test: built $deb ($(du -h "$deb" | cut -f1))"

cleanup() {
  $SUDO dpkg --purge chainslip >/dev/null 2>&1 || true
  $SUDO rm -rf /var/lib/chainslip /etc/chainslip
}
trap cleanup EXIT
# apt resolves the package's dependencies (dpkg-shlibdeps computed them).
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "./$deb" >/dev/null
# The installed programs must not lean on this source tree (a build tree's programs read their
# data from it): the test runs with the tree hidden under an empty tmpfs, in a mount namespace of
# its own, from a copy of its scripts. Debian's python3, whatever else PATH finds first: the test
# needs its python3-seccomp.
harness=$(mktemp -d)
mkdir -p "$harness/package" "$harness/crash"
cp tests/package/package_test.py "$harness/package/"
cp tests/crash/crash_test.py "$harness/crash/"
source_root=$PWD
if $SUDO unshare --mount --propagation private -- true 2>/dev/null; then
  $SUDO unshare --mount --propagation private -- sh -c 'mount -t tmpfs chainslip-hidden "$1" && shift && exec "$@"' \
    sh "$source_root" /usr/bin/python3 "$harness/package/package_test.py" --hidden-source "$source_root" "${test_args[@]}"
else
  echo "package-test: WARNING: no mount namespace here; the source tree stays visible to the installed programs" >&2
  $SUDO /usr/bin/python3 "$harness/package/package_test.py" "${test_args[@]}"
fi
rm -rf "$harness"

# Purge: the user goes, the kiosk's journal stays (postrm).
$SUDO dpkg --purge chainslip >/dev/null
if getent passwd chainslip >/dev/null; then echo "package-test: purge left the chainslip user" >&2; exit 1; fi
if [ ! -e /var/lib/chainslip/journal.db ]; then echo "package-test: purge removed the exchange journal" >&2; exit 1; fi
echo "package-test: purged: the user is gone, /var/lib/chainslip/journal.db is kept"
