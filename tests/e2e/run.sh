#!/usr/bin/env bash
# End-to-end tests: the real Medskapa window, driven over WebDriver.
#
#   MEDSKAPA_BIN=/abs/path/target/debug/medskapa \
#     dbus-run-session -- xvfb-run -a env NO_AT_BRIDGE=1 bash tests/e2e/run.sh
#
# Needs: tauri-driver (cargo install tauri-driver --locked), Debian's WebKitWebDriver
# (webkit2gtk-driver), node 20+, and `npm ci` done in this folder. Screenshots go to
# tests/e2e/artifacts/.
#
# `run.sh measure` runs measure.mjs instead of the tests: startup time and memory figures.
# E2E_ONLY=./09-needs.test.mjs runs one file of the suite.
set -euo pipefail
mode="${1:-test}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

bin="${MEDSKAPA_BIN:-../../target/debug/medskapa}"
case "$bin" in
  /*) ;;
  *) bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" ;;
esac
if [ ! -x "$bin" ]; then
  echo "run.sh: $bin: no such executable; build it first (cargo build)" >&2
  exit 2
fi
driver="${TAURI_DRIVER:-$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")}"
if [ ! -x "$driver" ]; then
  echo "run.sh: tauri-driver not found; install it with: cargo install tauri-driver --locked" >&2
  exit 2
fi
if [ ! -d node_modules ]; then
  echo "run.sh: run 'npm ci' in $here first" >&2
  exit 2
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/medskapa-e2e.XXXXXX")"
driver_pid=""
cleanup() {
  if [ -n "$driver_pid" ]; then
    kill "$driver_pid" 2>/dev/null || true
    wait "$driver_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# A fresh home, so the app's settings and recent list start empty.
export HOME="$tmp/home"
export XDG_CONFIG_HOME="$tmp/home/.config"
export XDG_DATA_HOME="$tmp/home/.local/share"
export XDG_CACHE_HOME="$tmp/home/.cache"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"

# Deterministic planning warnings.
export MEDSKAPA_TODAY="${MEDSKAPA_TODAY:-2026-11-29}"
export MEDSKAPA_BIN="$bin"
export MEDSKAPA_E2E_TMP="$tmp"
export MEDSKAPA_DEMO="$tmp/demo.medskapa"
# For a test that starts a second app through a driver of its own.
export TAURI_DRIVER="$driver"
export NO_AT_BRIDGE=1
export TAURI_DRIVER_PORT="${TAURI_DRIVER_PORT:-4444}"
# WebKitWebDriver's own port; set both to run two suites side by side.
native_port="${TAURI_DRIVER_NATIVE_PORT:-$((TAURI_DRIVER_PORT + 1))}"

"$bin" demo "$MEDSKAPA_DEMO"

# WebKit paints on GPU worker threads by default; under Xvfb (software GL) one of them crashed
# now and then in the middle of a test (SkiaGPUWorker, a segfault inside WebKit). The app now
# chooses WebKit's CPU painter itself (src-tauri/src/lib.rs), which uses no such thread; this
# stays for a run with WEBKIT_SKIA_ENABLE_CPU_RENDERING=0. The measurement keeps the app's
# own choice. (Set before the driver starts: the app inherits the driver's environment.)
if [ "$mode" != measure ]; then
  export WEBKIT_SKIA_GPU_PAINTING_THREADS=0
fi

mkdir -p artifacts
rm -f artifacts/*.png artifacts/*.log

"$driver" --port "$TAURI_DRIVER_PORT" --native-port "$native_port" >"$tmp/tauri-driver.log" 2>&1 &
driver_pid=$!

# Wait for the driver's port (poll; give up after 30 s).
for _ in $(seq 1 300); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$TAURI_DRIVER_PORT") 2>/dev/null; then
    break
  fi
  if ! kill -0 "$driver_pid" 2>/dev/null; then
    echo "run.sh: tauri-driver exited:" >&2
    cat "$tmp/tauri-driver.log" >&2
    exit 1
  fi
  sleep 0.1
done
if ! (exec 3<>"/dev/tcp/127.0.0.1/$TAURI_DRIVER_PORT") 2>/dev/null; then
  echo "run.sh: tauri-driver did not listen on port $TAURI_DRIVER_PORT" >&2
  cat "$tmp/tauri-driver.log" >&2
  exit 1
fi

status=0
if [ "$mode" = measure ]; then
  node measure.mjs || status=$?
else
  node --test --test-concurrency=1 --test-reporter=spec ${E2E_ONLY:-./*.test.mjs} || status=$?
fi

if [ "$status" -ne 0 ]; then
  echo "--- tauri-driver log ---" >&2
  tail -n 50 "$tmp/tauri-driver.log" >&2 || true
  cp "$tmp/tauri-driver.log" artifacts/ 2>/dev/null || true
fi
exit "$status"
