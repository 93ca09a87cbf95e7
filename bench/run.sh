#!/usr/bin/env bash
# Renders the peer reference scene (bench/scene, 2400x1600 PNG) with phasemap
# and, when installed, with the peer renderers in ../shared/peers; times each
# with hyperfine and prints medians, ratios, peak memory and output bytes.
# Then times the default run (nine phases, SVG+PNG) and the gshhg_h basemap
# against ne_50m (both from ../shared/data, assembled in a temporary folder).
#
#   bash bench/run.sh            # RUNS=10 by default; RUNS=3 for a quick look
#
# Only this script reads ../shared; phasemap's code and tests never do.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
[ -d "$SHARED/peers" ] || SHARED=/work/shared
PEERS=$SHARED/peers
RUNS=${RUNS:-10}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/phasemap-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

if ! command -v hyperfine >/dev/null; then
    apt-get install -y --no-install-recommends hyperfine >/dev/null 2>&1 ||
        { apt-get update >/dev/null && apt-get install -y --no-install-recommends hyperfine >/dev/null; }
fi
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
PM=${CARGO_TARGET_DIR:-$ROOT/target}/release/phasemap

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# name | command | output file
ROWS=()
ROWS+=("phasemap|$PM render --theatre $ROOT/bench/scene --style $ROOT/bench/scene-style.json --format png --out $TMP/pm|$TMP/pm/scene.png")
if /usr/bin/python3 -c 'import mapnik' 2>/dev/null; then
    ROWS+=("mapnik|/usr/bin/python3 $PEERS/mapnik_render.py $TMP/mapnik.png|$TMP/mapnik.png")
else echo "mapnik: not installed (apt-get install python3-mapnik)"; fi
if command -v gmt >/dev/null && command -v ogr2ogr >/dev/null; then
    ROWS+=("gmt|bash $PEERS/gmt_render.sh $TMP/gmt.png|$TMP/gmt.png")
else echo "gmt: not installed (see $PEERS/README.md)"; fi
if [ -x "$PEERS/.venv/bin/python" ]; then
    ROWS+=("geopandas|$PEERS/.venv/bin/python $PEERS/geopandas_render.py $TMP/gp.png|$TMP/gp.png")
    ROWS+=("cartopy|$PEERS/.venv/bin/python $PEERS/cartopy_render.py $TMP/cp.png|$TMP/cp.png")
else echo "geopandas, cartopy: no venv at $PEERS/.venv (see $PEERS/README.md)"; fi

# time_row NAME CMD OUT -> "name median_s user_s peak_kib bytes"
time_row() {
    local name=$1 cmd=$2 out=$3
    hyperfine -N -w 1 -r "$RUNS" --export-json "$TMP/$name.json" "$cmd" >/dev/null 2>&1 ||
        hyperfine -w 1 -r "$RUNS" --export-json "$TMP/$name.json" "$cmd" >/dev/null
    local med user
    med=$(python3 -c "import json,sys;r=json.load(open(sys.argv[1]))['results'][0];print('%.3f'%r['median'])" "$TMP/$name.json")
    user=$(python3 -c "import json,sys,statistics as s;r=json.load(open(sys.argv[1]))['results'][0];print('%.3f'%s.median([u+v for u,v in zip(r['user'] if isinstance(r['user'],list) else [r['user']],r['system'] if isinstance(r['system'],list) else [r['system']])]))" "$TMP/$name.json" 2>/dev/null || echo "?")
    local peak
    # shellcheck disable=SC2086
    peak=$(/usr/bin/time -v $cmd 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}')
    echo "$name $med $user $peak $(stat -c %s "$out")"
}

RESULTS=()
for row in "${ROWS[@]}"; do
    IFS='|' read -r name cmd out <<<"$row"
    RESULTS+=("$(time_row "$name" "$cmd" "$out")")
done
printf '%s\n' "${RESULTS[@]}" | python3 -c '
import sys
rows = [l.split() for l in sys.stdin if l.strip()]
base = float(rows[0][1])
print("| renderer | median wall s | median cpu s | vs phasemap | peak RSS MiB | PNG bytes |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for name, med, cpu, peak, size in rows:
    print(f"| {name} | {float(med):.3f} | {cpu} | {float(med)/base:.1f}x | {int(peak)/1024:.1f} | {int(size):,} |")
'
echo

# The default run (`phasemap` alone): nine phase maps as SVG and PNG, the
# HTML page, the sheet, eight change maps and the animation. It writes to
# output/<theatre id> under the current folder, so it runs in an empty one
# (the built-in theatre is found beside the crate).
mkdir -p "$TMP/default"
hyperfine -w 1 -r "$RUNS" --export-json "$TMP/default.json" "cd $TMP/default && $PM" >/dev/null
peak=$(cd "$TMP/default" && /usr/bin/time -v "$PM" 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}')
python3 -c "import json,sys;r=json.load(open(sys.argv[1]))['results'][0];print('default run (phase maps, page, sheet, change maps, animation): median %.3f s wall, %.3f s CPU, peak %.1f MiB, %s files, %s bytes' % (r['median'], r['user'][len(r['user'])//2] + r['system'][len(r['system'])//2] if isinstance(r['user'], list) else r['user'] + r['system'], int(sys.argv[2])/1024, sys.argv[3], sys.argv[4]))" \
    "$TMP/default.json" "$peak" "$(find "$TMP/default/output" -type f | wc -l)" "$(du -cb "$TMP"/default/output/*/* | tail -1 | cut -f1)"
# Where its time goes, step by step (steps overlap: two run at once).
(cd "$TMP/default" && PHASEMAP_TIMINGS=1 "$PM" 2>&1 >/dev/null | sort -rn | head -6 | sed 's/^/  /')
echo

# Basemap detail: ne_50m vs gshhg_h (10x the vertices), same theatre otherwise.
for bm in ne_50m gshhg_h; do
    d=$TMP/theatre-$bm
    cp -r "$ROOT/geodata" "$d"
    # The raw layers replace the built-in basemap. Rivers are selected by
    # each source's own importance, as a cartographer would for this scale:
    # every Natural Earth 1:50M river (already a selection for that scale),
    # and GSHHG's major rivers (WDBII classes 1-2). Class 0, both banks of
    # wide reaches, and classes 3-7, minor and intermittent rivers, get
    # rank 3, which the style hides. With ALL_RIVERS=1 every river of both
    # is drawn.
    python3 - "$SHARED/data/basemap/$bm" "$d/basemap" "${ALL_RIVERS:-0}" <<'PY'
import json, sys
src, dst, all_rivers = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
for f in ("land", "lakes", "rivers", "borders"):
    fc = json.load(open(f"{src}/{f}.geojson"))
    if f == "rivers":
        for feat in fc["features"]:
            major = feat["properties"].get("class", 1) in (1, 2)
            feat["properties"] = {"rank": 1 if major or all_rivers else 3}
    json.dump(fc, open(f"{dst}/{f}.geojson", "w"))
PY
    hyperfine -N -w 1 -r "$RUNS" --export-json "$TMP/$bm.json" "$PM render --theatre $d --phase 1920-02 --out $TMP/out-$bm" >/dev/null
    python3 -c "import json,sys;r=json.load(open(sys.argv[1]))['results'][0];print('basemap %-7s: one phase SVG+PNG median %.3f s wall; SVG %s bytes, PNG %s bytes' % (sys.argv[2], r['median'], sys.argv[3], sys.argv[4]))" \
        "$TMP/$bm.json" "$bm" "$(stat -c %s "$TMP/out-$bm/1920-02.svg")" "$(stat -c %s "$TMP/out-$bm/1920-02.png")"
done
