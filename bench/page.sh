#!/usr/bin/env bash
# The interactive page as a reader meets it: `phasemap html` writes the
# built-in theatre's page, headless Chromium opens it from file:// in a new
# tab each round, at a desktop size and at a phone size (390x844, touch), and
# the page's own performance clock gives the first contentful paint and the
# layout shift. Prints each round, the medians, and the page's size raw and
# gzipped (issue targets: first paint <= 300 ms, layout shift <= 0.1,
# <= 600 KB and <= 150 KB gzipped).
#
#   bash bench/page.sh                     # release build (fat LTO: slow to build)
#   ROUNDS=9 bash bench/page.sh
#   PHASEMAP=path/to/phasemap bash bench/page.sh  # that binary, no build
#
# Only the page is timed, not the binary: any build of phasemap will do.
# Needs chromium and chromium-driver (Debian packages).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-7}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/phasemap-page.XXXXXX")
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$TMP"
}
trap cleanup EXIT

if [ -n "${PHASEMAP:-}" ]; then
    PM=$PHASEMAP
else
    cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
    PM=${CARGO_TARGET_DIR:-$ROOT/target}/release/phasemap
fi

"$PM" html --out "$TMP/out" >/dev/null
PAGE="$TMP/out/index.html"
RAW=$(stat -c %s "$PAGE")
GZ=$(gzip -9 -c "$PAGE" | wc -c)
DRIVER_PORT=$(python3 "$ROOT/bench/chromedriver.py" port)
chromedriver --port="$DRIVER_PORT" >"$TMP/driver.log" 2>&1 &
PIDS+=($!)

echo "machine: $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "page: $RAW bytes, $GZ gzipped (gzip -9)"
PYTHONPATH="$ROOT/bench" python3 - "$DRIVER_PORT" "$PAGE" "$ROUNDS" <<'PY'
import statistics, sys

from chromedriver import client, wait_for

driver, page, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])

call = client(driver)

wait_for("chromedriver", lambda: call("GET", "/status")["ready"])

# Layout shift is summed by an observer the page cannot see; it is read after
# load, so it covers the shift while the page's script takes over.
PROBE = """
const p = performance.getEntriesByName('first-contentful-paint')[0];
if (!p || document.readyState !== 'complete') return null;
return new Promise(done => {
  let cls = 0;
  new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) cls += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done([p.startTime, cls]), 300);
});
"""

VIEWS = {
    "desktop 1400x1000": {"args": ["--window-size=1400,1000"]},
    "phone 390x844": {"args": [], "mobileEmulation": {
        "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 3, "touch": True}}},
}
for view, opts in VIEWS.items():
    chrome = {"args": ["--headless=new", "--no-sandbox", "--disable-gpu"] + opts["args"]}
    if "mobileEmulation" in opts:
        chrome["mobileEmulation"] = opts["mobileEmulation"]
    fcps, shifts = [], []
    for k in range(rounds):
        # A new browser each round: nothing cached from the last one.
        sid = call("POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": chrome}}})["sessionId"]
        try:
            call("POST", f"/session/{sid}/url", {"url": "file://" + page})
            run = lambda: call("POST", f"/session/{sid}/execute/async",
                               {"script": "const done = arguments[arguments.length - 1];"
                                          "(async () => {" + PROBE + "})().then(done);", "args": []})
            fcp, cls = wait_for("first paint", run)
        finally:
            call("DELETE", f"/session/{sid}")
        fcps.append(fcp)
        shifts.append(cls)
        print(f"{view}, round {k + 1}: first paint {fcp:5.0f} ms, layout shift {cls:.3f}")
    print(f"{view}: median first paint {statistics.median(fcps):.0f} ms "
          f"(min {min(fcps):.0f}, max {max(fcps):.0f}), median layout shift {statistics.median(shifts):.3f}")
PY
