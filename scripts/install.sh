#!/usr/bin/env bash
# Make .venv and install drafter with the extras given ("local", "local,test"): used by
# quickstart.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="$1"
# llama-cpp-python compiles llama.cpp for this machine's CPU (-march=native). On a CPU with AMX
# (Intel Sapphire Rapids and later) that build multiplies the model's Q4_K weights with AMX
# tiles and crashes on the first token (llama.cpp issue #20824; seen on our machines), so AMX
# is left out of the build; AVX-512 and the weight repacking stay.
NO_AMX="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
if [ "$(uname -m)" = x86_64 ] && echo 'int x;' | cc $NO_AMX -x c -c -o /dev/null - 2>/dev/null; then
    export CFLAGS="${CFLAGS:-} $NO_AMX" CXXFLAGS="${CXXFLAGS:-} $NO_AMX"
fi
# A newcomer sees what is happening, not hundreds of build warnings: pip is quiet, and the
# warnings setuptools prints while it builds (editable mode, data folders) are not shown.
export PYTHONWARNINGS=ignore
echo "drafter: making .venv and installing drafter[$extras]"
case ",$extras," in *,local,*) echo "drafter: llama.cpp compiles for this CPU on a first install (about 5 minutes on 2 cores)";; esac
python3.11 -m venv .venv 2>/dev/null || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[$extras]"
echo "drafter: installed ($(.venv/bin/drafter --version))"
# A llama.cpp built with AMX before (or taken from pip's wheel cache) is built again, and the
# cached wheel replaced.
if .venv/bin/python -c "import sys, llama_cpp as l; sys.exit(b'AMX_INT8 = 1' not in l.llama_print_system_info())" 2>/dev/null; then
    echo "llama.cpp was built with AMX, which crashes: building it again (about 5 minutes)"
    version=$(.venv/bin/python -c "import llama_cpp; print(llama_cpp.__version__)")
    .venv/bin/python -m pip cache remove -q "llama_cpp_python*" 2>/dev/null || true
    .venv/bin/python -m pip install -q --force-reinstall --no-deps "llama-cpp-python==$version"
fi
