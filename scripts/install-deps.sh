#!/usr/bin/env bash
# Installs the Debian 12 packages runwarden needs to build, test and demo.
# Only packages that are missing are installed; nothing already present is
# upgraded. Needs root or passwordless sudo when something is missing.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config make clang libclang-rt-14-dev clang-format
  # libraries
  libpg-query-dev libcmark-dev libyaml-cpp-dev libcli11-dev libfmt-dev
  nlohmann-json3-dev libssl-dev libpq-dev libsqlite3-dev libtomlplusplus-dev
  # Rust contracts: tree-sitter (the Rust grammar is fetched with npm at
  # configure time) and libdw for the DWARF of compiled binaries
  libtree-sitter-dev libdw-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql-15 postgresql-client-15
  # compiles the small Rust fixtures whose DWARF the contracts tests read
  rustc
  # SARIF schema validation in the test suite
  nodejs
  # the demo creates its SQLite database with the sqlite3 shell
  sqlite3
  # the report-render test opens the HTML incident report in headless
  # Chromium (DOM and print to PDF)
  chromium
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
# Debian's nodejs ships npm separately; a machine with another nodejs build
# already has npm on PATH.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
    exit 2
  fi
  sudo=(sudo -n)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y --no-install-recommends --no-upgrade "${missing[@]}"
