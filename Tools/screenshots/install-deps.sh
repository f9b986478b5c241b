#!/usr/bin/env bash
# Installs what ansi2png.sh needs, only when something is missing.
# Debian/Ubuntu: aha (ANSI -> HTML), chromium (headless screenshot), and fonts for colour emoji
# and CJK. Chromium is ~350 MB, which is why CI does not run this: only screenshot runs need it.
set -euo pipefail

missing=()
command -v aha >/dev/null 2>&1 || missing+=(aha)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing+=(fonts-noto-color-emoji)
dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 || missing+=(fonts-wqy-zenhei)

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: everything is already installed"
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
fi

echo "install-deps: installing ${missing[*]}"
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
