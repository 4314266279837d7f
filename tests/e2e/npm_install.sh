#!/bin/sh
# Installs tests/e2e's npm packages (playwright-core, pinned by
# package-lock.json) into DIR, the build's copy of the browser tests: once,
# and again only when package-lock.json changes. The ctest fixture of the
# browser tests (tests/e2e/CMakeLists.txt).
set -eu
src=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: npm_install.sh DIR}
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "npm_install: $tool not found; run scripts/install-deps.sh" >&2; exit 1; }
done
mkdir -p "$dir"
cp "$src/package.json" "$src/package-lock.json" "$dir/"
stamp=node_modules/.chainslip-installed-lock.json
cd "$dir"
if cmp -s package-lock.json "$stamp"; then exit 0; fi
npm ci --no-audit --no-fund
cp package-lock.json "$stamp"
