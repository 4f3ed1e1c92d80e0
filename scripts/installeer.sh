#!/usr/bin/env bash
# Alles wat het project nodig heeft, op een verse machine (Debian/Ubuntu, Python 3.11):
# - systeempakketten: chromium (de browsertest; Playwright gebruikt deze browser en downloadt er
#   nooit een) en poppler-utils (pdftoppm/pdfdetach om PDF's te bekijken). Als root via apt-get;
#   anders met sudo als dat kan, of sla over (de browsertest meldt dan waarom hij niet draait).
# - een virtuele omgeving met de vastgepinde pakketten (met hashes) en het pakket zelf.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v apt-get >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q >/dev/null && apt-get install -y -q chromium poppler-utils >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -q >/dev/null && sudo apt-get install -y -q chromium poppler-utils >/dev/null
  else
    echo "Let op: chromium en poppler-utils niet geïnstalleerd (geen root); de browsertest wordt overgeslagen." >&2
  fi
fi
python3 -m venv .venv
.venv/bin/pip install --quiet -r requirements.lock
.venv/bin/pip install --quiet --no-deps -e .
