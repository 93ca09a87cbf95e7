#!/usr/bin/env bash
# Cost against input detail: the built-in theatre with its basemap (land,
# lakes, rivers, borders) made 1x, 4x and 16x denser, rendered at the same
# output size. Denser copies are made here, in a temporary folder (never in
# geodata/): between every two vertices k-1 new ones are interpolated on a
# shallow arc (bulging up to JITTER degrees, 0.002 by default, about a tenth
# of a pixel at the default width, and at most 1 % of the segment's length,
# so rings stay simple), so the new vertices are detail finer than a pixel,
# as in a higher-resolution source, not points lying exactly on the old
# segments.
#
# Prints, per density, the basemap's vertex count, the median wall seconds
# and mean user seconds (of RUNS, 5 by default; hyperfine reports user time
# as a mean) of one phase map (SVG+PNG), their ratios to 1x and its peak
# memory; with DEFAULT_RUN=1 also of the whole default
# run (slow: 46 files per run). Target of issue 19: 16x <= 1.5x of 1x.
#
#   bash bench/density.sh                       # release build (fat LTO: slow)
#   PHASEMAP=target/debug/phasemap bash bench/density.sh  # that binary, no build
#   DENSITIES="1 16" RUNS=3 bash bench/density.sh
#   DEFAULT_RUN=1 bash bench/density.sh         # the default run too
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-5}
DENSITIES=${DENSITIES:-"1 4 16"}
JITTER=${JITTER:-0.002}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/phasemap-density.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

if [ -n "${PHASEMAP:-}" ]; then
    PM=$(cd "$(dirname "$PHASEMAP")" && pwd)/$(basename "$PHASEMAP")
else
    cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
    PM=${CARGO_TARGET_DIR:-$ROOT/target}/release/phasemap
fi
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 1; }

echo "machine: $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg); binary $PM"

densify() { # DENSITY DIR
    python3 - "$1" "$2" "$JITTER" <<'PY'
import json, math, random, sys
k, d, jitter = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
rng = random.Random(19)
total = 0
def line(pts):
    global total
    out = []
    for a, b in zip(pts, pts[1:]):
        out.append(a)
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = math.hypot(dx, dy)
        # a shallow arc to either side (its ends turn by under 2 degrees,
        # so even sharp spikes of a ring do not start crossing themselves)
        amp = min(jitter, 0.01 * length) / length if length else 0.0
        amp *= rng.choice((-1.0, 1.0))
        for i in range(1, k):
            t = i / k
            off = amp * math.sin(math.pi * t)
            out.append([a[0] + dx * t - dy * off, a[1] + dy * t + dx * off])
    out.append(pts[-1])
    total += len(out)
    return out
def geom(g):
    t, c = g["type"], g["coordinates"]
    if t == "LineString": g["coordinates"] = line(c)
    elif t in ("MultiLineString", "Polygon"): g["coordinates"] = [line(r) for r in c]
    elif t == "MultiPolygon": g["coordinates"] = [[line(r) for r in p] for p in c]
for f in ("land", "lakes", "rivers", "borders"):
    path = f"{d}/basemap/{f}.geojson"
    fc = json.load(open(path))
    for feat in fc["features"]:
        if feat.get("geometry"): geom(feat["geometry"])
    json.dump(fc, open(path, "w"))
print(total)
PY
}

# median of a hyperfine JSON's wall and user times
medians() {
    python3 -c "import json,sys,statistics as s;r=json.load(open(sys.argv[1]))['results'][0];u=r['user'];print('%.3f %.3f'%(r['median'],s.median(u if isinstance(u,list) else [u])))" "$1"
}

rows=()
for k in $DENSITIES; do
    d=$TMP/theatre-$k
    cp -r "$ROOT/geodata" "$d"
    n=$(densify "$k" "$d")
    hyperfine -N -w 1 -r "$RUNS" --export-json "$TMP/phase-$k.json" \
        "$PM render --theatre $d --phase 1920-02 --out $TMP/out-$k" >/dev/null
    peak=$(/usr/bin/time -v "$PM" render --theatre "$d" --phase 1920-02 --out "$TMP/out-$k" 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}')
    run="- - -"
    if [ "${DEFAULT_RUN:-0}" = 1 ]; then
        mkdir -p "$TMP/run-$k"
        hyperfine -w 1 -r "$RUNS" --export-json "$TMP/run-$k.json" \
            "cd $TMP/run-$k && $PM --theatre $d" >/dev/null
        rpeak=$(cd "$TMP/run-$k" && /usr/bin/time -v "$PM" --theatre "$d" 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}')
        run="$(medians "$TMP/run-$k.json") $rpeak"
    fi
    rows+=("$k $n $(medians "$TMP/phase-$k.json") $peak $run")
done
printf '%s\n' "${rows[@]}" | python3 -c '
import sys
rows = [l.split() for l in sys.stdin if l.strip()]
b = rows[0]
mib = lambda kib: "-" if kib == "-" else f"{int(kib)/1024:.0f}"
ratio = lambda x, y: "-" if x == "-" else f"{float(x)/float(y):.2f}x"
print("| density | basemap vertices | one phase wall s | user s | wall vs 1x | user vs 1x | peak MiB | default run wall s | user s | wall vs 1x | peak MiB |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for k, n, pw, pu, pp, rw, ru, rp in rows:
    print(f"| {k}x | {int(n):,} | {pw} | {pu} | {ratio(pw, b[2])} | {ratio(pu, b[3])} | {mib(pp)} | {rw} | {ru} | {ratio(rw, b[5])} | {mib(rp)} |")
'
