#!/usr/bin/env bash
# Install drafter with test tools and the local model, lint, and run the whole test suite
# (including the few tests marked local_model that run the real embedded model, and the
# browser tests that drive the web page in Debian's headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
    # Browser tests use Debian's Chromium (Playwright's own browser download is not allowed);
    # CJK fonts so Chinese pages render in the screenshots.
    SUDO=""
    if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
    $SUDO apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium fonts-noto-cjk >/dev/null
fi
bash scripts/install.sh local,test
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest -q "$@"
