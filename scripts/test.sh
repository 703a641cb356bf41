#!/usr/bin/env bash
# Install drafter with test tools and the local model, lint, and run the whole test suite
# (including the few tests marked local_model that run the real embedded model, the browser
# tests that drive the web page in Debian's headless Chromium, and the tests that open the
# Word export in headless LibreOffice).
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian packages the tests need: Chromium for the browser tests (Playwright's own browser
# download is not allowed) with CJK fonts so Chinese pages render in the screenshots, and
# LibreOffice Writer (no GUI) to open the .docx as recruiters do.
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
if [ ! -x /usr/bin/chromium ] || ! command -v soffice >/dev/null || ! command -v java >/dev/null; then
    echo "installing Debian packages for the tests (chromium, fonts, LibreOffice Writer, Java)"
    $SUDO apt-get update -q >/dev/null
fi
if [ ! -x /usr/bin/chromium ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium fonts-noto-cjk >/dev/null
fi
if ! command -v soffice >/dev/null; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
        libreoffice-writer-nogui >/dev/null
fi
if ! command -v java >/dev/null; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
        default-jre-headless >/dev/null
fi
# The Nu HTML Checker (the W3C's validator, vnu.jar from the npm registry, pinned): the HTML
# outputs are validated with it.
if [ ! -f .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar ]; then
    npm install --silent --no-audit --no-fund --prefix .cache/vnu vnu-jar@26.9.27 >/dev/null
fi
bash scripts/install.sh local,test,ray
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest -q "$@"
