#!/usr/bin/env bash
# Install the Debian packages the tests and image export need (chromium, fonts-noto-cjk) when missing.
# --optional: only warn when they cannot be installed (the dashboard itself runs without them).
set -euo pipefail
optional=0
[ "${1:-}" = "--optional" ] && optional=1
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "need root (or sudo) to install: ${missing[*]}" >&2
    [ $optional -eq 1 ] && exit 0 || exit 1
  fi
fi
echo "installing Debian packages: ${missing[*]}"
if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null; }; then
  echo "could not install ${missing[*]}" >&2
  [ $optional -eq 1 ] && exit 0 || exit 1
fi
