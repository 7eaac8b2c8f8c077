#!/usr/bin/env bash
# Install the Debian packages the tests and image export need (chromium, fonts-noto-cjk, postgresql, and for the
# tests LibreOffice Impress/Calc/Writer and poppler-utils) when missing,
# and (for the tests) fetch axe-core from the npm registry (scripts/fetch_axe.py).
# --optional: only warn when they cannot be installed (the dashboard itself runs without them); also skips
# postgresql, which only the tests need (tests/pgserver.py runs its own throwaway server with initdb/pg_ctl).
# Run: bash scripts/ensure_system_deps.sh [--optional]   (make test and make run call it once per venv)
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'
  exit 0
fi
optional=0
[ "${1:-}" = "--optional" ] && optional=1
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
if [ $optional -eq 0 ] && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  missing+=(postgresql)
fi
if [ $optional -eq 0 ]; then
  # the decks and workbooks are rendered as a presenter opens them (tests/test_deck_render_sweep.py)
  dpkg -s libreoffice-impress libreoffice-calc >/dev/null 2>&1 || missing+=(libreoffice-impress libreoffice-calc)
  # Writer converts Word 97–2003 and WPS plans to DOCX for the extractor (tests/test_extract_formats.py)
  dpkg -s libreoffice-writer >/dev/null 2>&1 || missing+=(libreoffice-writer)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  # Arial's metric twin: the workbooks are measured in it (exports/sheets.py), and LibreOffice prints them with it
  fc-match -f '%{family}' Arial 2>/dev/null | grep -q Liberation || missing+=(fonts-liberation2)
fi
if [ $optional -eq 0 ]; then
  # axe-core for the accessibility tests (pinned, checked against npm's sha512; cached in .cache/, not in git)
  python3 "$(dirname "$0")/fetch_axe.py" >/dev/null || echo "could not fetch axe-core (tests/test_browser_axe.py)" >&2
fi
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
if [[ " ${missing[*]} " == *" postgresql "* ]] && command -v pg_lsclusters >/dev/null 2>&1; then
  # The package creates (and, where the init system allows, starts) a "main" cluster on port 5432. The tests
  # never use it: stop it and keep it from starting at boot. Best effort, it must not fail the install.
  pg_lsclusters -h 2>/dev/null | while read -r ver cluster _port status _rest; do
    if [[ "$status" == online* ]]; then $sudo pg_ctlcluster "$ver" "$cluster" stop || true; fi
    conf="/etc/postgresql/$ver/$cluster/start.conf"
    if [ -f "$conf" ]; then echo manual | $sudo tee "$conf" >/dev/null || true; fi
  done || true
fi
exit 0
