#!/usr/bin/env bash
# Debian packages the test suite needs: ffprobe (to check media), chromium (UI tests),
# postgresql (`reelflow up --db postgres`, which the deployment tests run) and poppler-utils
# (pdftoppm/pdftotext render and read back the MLR pack's PDFs). Installs only what is
# missing, quietly. Rendering itself needs none of them: ffmpeg comes from imageio-ffmpeg's wheel.
set -euo pipefail
need=()
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
[ -x /usr/bin/chromium ] || need+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
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
