#!/usr/bin/env bash
# Debian packages reelflow needs: ffprobe (to check media), chromium (UI tests), postgresql
# (`reelflow up --db postgres`, which the deployment tests run), poppler-utils (pdftoppm and
# pdftotext render and read back the MLR pack's PDFs) and the Noto fonts that letter every script
# Roboto (shipped as a wheel) lacks: fonts-noto-core (Arabic, Hebrew, Devanagari, Thai, and Noto
# Sans for rare Latin, Greek and Cyrillic letters) and fonts-noto-cjk (Chinese, Japanese,
# Korean). Installs only what is missing, quietly. A Latin-only render needs none of them:
# ffmpeg comes from imageio-ffmpeg's wheel and Roboto from font-roboto's.
set -euo pipefail
need=()
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
[ -x /usr/bin/chromium ] || need+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ -f /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf ] || need+=(fonts-noto-core)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: please install ${need[*]} (apt-get not found)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
