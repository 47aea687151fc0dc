#!/usr/bin/env bash
# Installs the real parts the tests need (see docs: "The real test EHR"). Idempotent: safe to run again; each part
# is installed only when missing. CI runs it as root on a clean Debian 12; elsewhere it uses sudo when needed.
# Every function named setup_* defined below runs, in name order.
set -euo pipefail
cd "$(dirname "$0")/.."

# PostgreSQL: Debian's server, for the throwaway clusters scripts/postgres.sh starts (initdb + pg_ctl, loopback only).
# Installs the `postgresql` package only when no server binaries are found, and never leaves the system cluster
# (/var/lib/postgresql/<major>/main) running: the tests start their own.
setup_postgres() {
  local bindir
  if bindir=$(scripts/postgres.sh bindir 2>/dev/null); then
    echo "setup: postgresql server binaries found in $bindir"
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: root (or sudo) is needed to apt-get install postgresql" >&2; return 1; }
    sudo=sudo
  fi
  echo "setup: installing Debian's postgresql package"
  # The package's post-install would start the new system cluster: deny service starts while it runs
  # (a policy-rc.d answering 101), unless one is already in place (Docker images ship one).
  local policy=/usr/sbin/policy-rc.d created_policy=0 status=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# scripts/setup.sh: no service starts while installing postgresql\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    created_policy=1
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq || status=$?
  if [ "$status" -eq 0 ]; then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql || status=$?
  fi
  if [ "$created_policy" -eq 1 ]; then $sudo rm -f "$policy"; fi
  [ "$status" -eq 0 ] || { echo "setup: apt-get install postgresql failed ($status)" >&2; return "$status"; }
  # Belt and braces: if a system cluster came up anyway (no binaries existed before, so nothing of ours ran), stop it.
  if command -v pg_lsclusters >/dev/null; then
    local version name state
    while read -r version name _ state _; do
      if [ "$state" = online ]; then
        echo "setup: stopping the system cluster $version/$name started by the install"
        $sudo pg_ctlcluster "$version" "$name" stop || true
      fi
    done < <(pg_lsclusters -h 2>/dev/null || true)
  fi
  bindir=$(scripts/postgres.sh bindir) || return 1
  echo "setup: postgresql server binaries installed in $bindir"
}

# FHIR server: sandbox/fhir-server (Medplum's FHIR engine on Node >= 20), installed with `npm ci` when its node_modules
# is missing or older than package-lock.json. The C# fixture does the same on first use; doing it here keeps the
# first test from paying for it. Node itself comes with the machine (nodejs 20); apt is only a fallback, and
# Debian 12's own nodejs (18) is too old: Medplum needs the WebSocket global that --experimental-websocket gives on 20.
setup_fhir_server() {
  local dir=sandbox/fhir-server
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null || { echo "setup: root (or sudo) is needed to apt-get install nodejs npm" >&2; return 1; }
      sudo=sudo
    fi
    echo "setup: installing Debian's nodejs and npm packages"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    if command -v node >/dev/null; then
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm
    else
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
    fi
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "setup: node $(node --version) is too old for the test FHIR server (Node 20 or later is needed)" >&2
    return 1
  fi
  if [ -f "$dir/node_modules/.package-lock.json" ] && [ ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: $dir/node_modules is up to date (node $(node --version))"
    return 0
  fi
  echo "setup: npm ci in $dir (node $(node --version))"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}

# Browser: Debian's Chromium, driven by Microsoft.Playwright with ExecutablePath=/usr/bin/chromium (Playwright's own
# browser download cannot reach the network here). Installed only when /usr/bin/chromium is missing.
setup_chromium() {
  if [ -x /usr/bin/chromium ]; then
    echo "setup: chromium found ($(/usr/bin/chromium --version 2>/dev/null || echo unknown version))"
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: root (or sudo) is needed to apt-get install chromium" >&2; return 1; }
    sudo=sudo
  fi
  echo "setup: installing Debian's chromium package"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation
}

for setup in $(declare -F | awk '$3 ~ /^setup_/ { print $3 }'); do
  "$setup"
done

# SMART app front end: src/AllianceFhir.Smart's chart.js and lforms, installed with `npm ci --legacy-peer-deps` (lforms
# declares Angular peers it bundles) when node_modules is missing or older than package-lock.json. The app's build
# does the same (target NpmFrontEnd) and copies only the dist files it serves into wwwroot/lib (git-ignored).
setup_smart_app() {
  local dir=src/AllianceFhir.Smart
  if [ -f "$dir/node_modules/.package-lock.json" ] && [ ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: $dir/node_modules is up to date"
    return 0
  fi
  echo "setup: npm ci in $dir"
  (cd "$dir" && npm ci --legacy-peer-deps --no-audit --no-fund --loglevel=error)
}
setup_smart_app
