#!/usr/bin/env bash
# Live preview, save to screen: `phasemap serve` on a copy of the built-in
# theatre, the page open in headless Chromium; a town is renamed in
# towns.geojson (saved as editors do: a new file renamed over the old one)
# and the time is taken from the save to the first paint of the page that
# shows the new name (the page's own performance clock, same machine, same
# wall clock: the frame after the live script swapped the build in,
# `window.phasemapSwapped`; after a reload, navigation start + first
# contentful paint). Prints each round and the median.
#
#   bash bench/serve.sh                 # release build (fat LTO: slow to build)
#   ROUNDS=9 bash bench/serve.sh
#   PHASEMAP=path/to/phasemap bash bench/serve.sh  # that binary, no build
#
# Needs chromium and chromium-driver (Debian packages).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-7}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/phasemap-serve.XXXXXX")
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$TMP"
}
trap cleanup EXIT

if [ -n "${PHASEMAP:-}" ]; then
    PM=$PHASEMAP
    BUILD="given binary $PM"
else
    cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
    PM=${CARGO_TARGET_DIR:-$ROOT/target}/release/phasemap
    BUILD="release build"
fi

cp -r "$ROOT/geodata" "$TMP/theatre"
free_port() { python3 "$ROOT/bench/chromedriver.py" port; }
PORT=$(free_port)
DRIVER_PORT=$(free_port)
"$PM" serve --theatre "$TMP/theatre" --out "$TMP/out" --port "$PORT" >"$TMP/serve.log" 2>&1 &
PIDS+=($!)
chromedriver --port="$DRIVER_PORT" >"$TMP/driver.log" 2>&1 &
PIDS+=($!)

echo "machine: $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg); $BUILD"
PYTHONPATH="$ROOT/bench" python3 - "$PORT" "$DRIVER_PORT" "$TMP/theatre/towns.geojson" "$ROUNDS" <<'EOF'
import functools, json, os, statistics, sys, time, urllib.request

from chromedriver import client
from chromedriver import wait_for as wait

port, driver, towns, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

call = client(driver)
# Polled every 10 ms: the time to screen is read to that step.
wait_for = functools.partial(wait, pause=0.01)

wait_for("the server", lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/__phasemap/version", timeout=2))
wait_for("chromedriver", lambda: call("GET", "/status")["ready"])
caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
    "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"]}}}}
sid = call("POST", "/session", caps)["sessionId"]
try:
    call("POST", f"/session/{sid}/url", {"url": f"http://127.0.0.1:{port}/"})
    run = lambda js: call("POST", f"/session/{sid}/execute/sync", {"script": js, "args": []})
    probe = ("const p = performance.getEntriesByName('first-contentful-paint')[0];"
             "return [performance.timeOrigin, p ? p.startTime : null, document.body ? document.body.textContent : '',"
             " window.phasemapSwapped || 0];")
    wait_for("the first page", lambda: run(probe)[1] is not None)
    with open(towns, encoding="utf-8") as f:
        original = json.load(f)
    times = []
    for k in range(rounds):
        name = f"Benchtown {k}"
        data = json.loads(json.dumps(original))
        # The first rank-1 town: always labelled, so its name is drawn.
        town = next(f for f in data["features"] if f["properties"].get("rank") == 1)
        town["properties"]["name"] = name
        tmp = towns + ".saving"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f)
        saved = time.time() * 1000.0
        os.replace(tmp, towns)
        # Swapped in (no reload) or reloaded: either way the first paint
        # after the save of a page that has the new name.
        def shown():
            origin, fcp, text, swapped = run(probe)
            if name not in text:
                return None
            if swapped > saved:
                return swapped
            if origin > saved and fcp is not None:
                return origin + fcp
            return None
        ms = wait_for("the page with the new name", shown) - saved
        times.append(ms)
        print(f"round {k + 1}: {ms:6.0f} ms save to screen")
        time.sleep(0.5)
    print(f"median of {rounds}: {statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f})")
finally:
    try:
        call("DELETE", f"/session/{sid}")
    except Exception:
        pass
EOF
