#!/usr/bin/env bash
# One setup for every README command: installs what percepnet-fw needs on a fresh Debian machine.
# Idempotent: each step checks first. As root it installs Debian packages itself; otherwise it
# names the missing packages and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the quality report's page is checked in a real headless browser (test/eval).
APT_PACKAGES=(gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc make python3 python3-venv chromium cmake pkgconf clang lld)
command -v node >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

# npm packages, exactly as locked.
if [ -L node_modules ]; then
  # a git worktree sharing another checkout's packages: npm ci would empty that checkout's folder
  echo "setup: node_modules is a link to $(readlink node_modules): not reinstalling packages through it"
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Every toolchain really compiles, links and runs a tiny program (a package name proves nothing:
# gcc-aarch64-linux-gnu without libc6-dev-arm64-cross has no <string.h>). Names the package and
# stops here, before any test or build, when one does not.
doctor_log=$(mktemp)
if ! ./bin/percepnet.mjs doctor >"$doctor_log" 2>&1; then
  cat "$doctor_log" >&2
  rm -f "$doctor_log"
  echo "setup: a toolchain is broken (above); nothing else was set up" >&2
  exit 1
fi
rm -f "$doctor_log"

# Python tools (TFLM's reference kernels, metrics, pyOCD) in one venv, from requirements/*.txt.
if compgen -G "requirements/*.txt" >/dev/null; then
  stamp=.venv/.requirements.sha256
  want=$(cat requirements/*.txt | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup: python venv (.venv) from requirements/*.txt"
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check $(printf -- '-r %s ' requirements/*.txt)
    echo "$want" >"$stamp"
  fi
fi

# Extra steps owned by other parts of the project (vendored sources, data): scripts/setup.d/*.sh
for step in scripts/setup.d/*.sh; do
  [ -e "$step" ] && bash "$step"
done
exit 0
