#!/usr/bin/env bash
# Install llama-cpp-python into the venv from a portable build of llama.cpp.
#
# Why: PyPI ships llama-cpp-python as source only, and its default build (GGML_NATIVE)
# compiles for every instruction the build machine reports. On Xeons with AMX that
# includes AMX tile code, which segfaults (`ldtilecfg` in ggml_backend_amx_mul_mat)
# wherever the kernel does not grant the process AMX state -- containers and sandboxes
# such as this project's CI. pip caches the wheel it built and reuses it whatever
# CMAKE_ARGS say, so a native wheel, once cached, keeps crashing. We therefore build with
# fixed flags (AVX2/FMA/F16C: any x86-64 CPU since 2013; other architectures use
# llama.cpp's defaults) into our own wheelhouse, keyed by version and flags, and install
# from there. The first build takes ~6.5 min on 2 cores; later installs take seconds.
set -euo pipefail
PY=${1:?usage: install-llama-cpp.sh VENV_PYTHON}
VERSION=${LLAMA_CPP_VERSION:-0.3.36}
if [ "$(uname -m)" = x86_64 ]; then
  FLAGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
else
  FLAGS="-DGGML_NATIVE=OFF"
fi
KEY=$(printf '%s %s' "$VERSION" "$FLAGS" | sha1sum | cut -c1-12)
WHEELS="${XDG_CACHE_HOME:-$HOME/.cache}/paperqa-lite/wheels/$KEY"

have=$("$PY" -c 'import importlib.metadata as m; print(m.version("llama_cpp_python"))' 2>/dev/null || true)
if [ "$have" = "$VERSION" ] && [ -f "$(dirname "$PY")/../.llama-cpp-$KEY" ]; then
  exit 0
fi
if ! ls "$WHEELS"/llama_cpp_python-"$VERSION"-*.whl >/dev/null 2>&1; then
  echo "Building llama-cpp-python $VERSION (portable CPU flags; ~6.5 min on 2 cores, once)..."
  mkdir -p "$WHEELS"
  CMAKE_ARGS="$FLAGS" "$PY" -m pip wheel --quiet --no-cache-dir --no-deps \
    --no-binary llama-cpp-python -w "$WHEELS" "llama-cpp-python==$VERSION"
fi
"$PY" -m pip install --quiet --force-reinstall --no-deps "$WHEELS"/llama_cpp_python-"$VERSION"-*.whl
touch "$(dirname "$PY")/../.llama-cpp-$KEY"
