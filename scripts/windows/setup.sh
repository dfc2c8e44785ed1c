#!/usr/bin/env bash
# The Debian packages of the Windows packaging path only (`npm run package -- --windows`),
# installed when missing; `npm test` never needs them. With --check, Wine too.
set -euo pipefail

checks=(
  "x86_64-w64-mingw32-gcc|mingw-w64"
  "x86_64-w64-mingw32-g++|mingw-w64"
  "x86_64-w64-mingw32-dlltool|mingw-w64"
  "makensis|nsis"
)
if [[ ${1-} == --check ]]; then
  checks+=("/usr/lib/wine/wine64|wine64")
fi

missing=()
for entry in "${checks[@]}"; do
  what=${entry%%|*}
  pkg=${entry##*|}
  if [[ $what == /* ]]; then [[ -e $what ]] && continue
  else command -v "$what" >/dev/null 2>&1 && continue
  fi
  [[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "package --windows: thiếu gói / missing packages: ${missing[*]}" >&2
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "package --windows: đã cài / installed: ${missing[*]}" >&2
else
  echo "Cài bằng tay / install by hand: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
