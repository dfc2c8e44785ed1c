#!/usr/bin/env bash
# Installs the system packages the project uses, only when they are missing.
# Idempotent; with everything present it only runs `command -v` a few times.
set -euo pipefail

# "what we look for" "Debian package that provides it"
checks=(
  "${CHROMIUM_PATH:-/usr/bin/chromium}|chromium"
  "/usr/lib/chromium/locales/vi.pak|chromium-l10n"
  "${FIREFOX_PATH:-/usr/bin/firefox-esr}|firefox-esr"
  "/usr/lib/firefox-esr/browser/extensions/langpack-vi@firefox-esr.mozilla.org.xpi|firefox-esr-l10n-vi"
  "softhsm2-util|softhsm2"
  "pkcs11-tool|opensc"
  "pdfsig|poppler-utils"
  "pdftoppm|poppler-utils"
  "certutil|libnss3-tools"
  "openssl|openssl"
  "qpdf|qpdf"
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf|fonts-dejavu-core"
)

missing=()
for entry in "${checks[@]}"; do
  what=${entry%%|*}
  pkg=${entry##*|}
  if [[ $what == /* ]]; then [[ -e $what ]] && continue
  else command -v "$what" >/dev/null 2>&1 && continue
  fi
  [[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "setup: thiếu gói hệ thống / missing system packages: ${missing[*]}"
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: đã cài / installed: ${missing[*]}"
else
  cat >&2 <<MSG
setup: không thể tự cài (cần quyền root và apt-get).
       Hãy cài bằng tay / cannot install automatically (needs root and apt-get). Install by hand:
         sudo apt-get install ${missing[*]}
       Trên máy không dùng Debian, cài các gói tương đương / on other systems install the equivalents.
MSG
  exit 1
fi
