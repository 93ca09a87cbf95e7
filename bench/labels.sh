#!/usr/bin/env bash
# Label placement at scale: a theatre of N labelled towns (1k, 10k, 100k by
# default) scattered over a 20x10 degree extent, rendered to SVG at 2400 px.
# Prints wall seconds and peak memory per N; placement should grow about
# linearly (most towns find no room and are dropped, which must stay cheap).
#
#   bash bench/labels.sh               # release build (fat LTO: slow to build)
#   PROFILE=debug bash bench/labels.sh # the dev build, for a quick look
#   SIZES="1000 10000" bash bench/labels.sh
#   PHASEMAP=path/to/phasemap bash bench/labels.sh  # that binary, no build
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROFILE=${PROFILE:-release}
SIZES=${SIZES:-"1000 10000 100000"}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/phasemap-labels.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

if [ -n "${PHASEMAP:-}" ]; then
    PM=$PHASEMAP
    PROFILE="given binary $PM"
else
    if [ "$PROFILE" = release ]; then
        cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
    else
        cargo build --quiet --manifest-path "$ROOT/Cargo.toml"
    fi
    PM=${CARGO_TARGET_DIR:-$ROOT/target}/$PROFILE/phasemap
fi

cat >"$TMP/style.json" <<'EOF'
{"layers": [
  {"id": "sea", "type": "background", "paint": {"background-color": "#c6ecff"}},
  {"id": "towns", "type": "circle", "source": "towns",
   "paint": {"circle-radius": 3, "circle-color": "#1a1a1a"}},
  {"id": "town-labels", "type": "symbol", "source": "towns",
   "layout": {"text-field": ["get", "name"], "text-size": 14, "symbol-sort-key": ["get", "rank"]},
   "paint": {"text-color": "#000000", "text-halo-color": "#ffffff", "text-halo-width": 2}}
]}
EOF

echo "machine: $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg); $PROFILE build"
printf '%8s  %9s  %9s  %s\n' towns seconds "peak MiB" "labels"
for n in $SIZES; do
    dir=$TMP/t$n
    mkdir -p "$dir"
    # A fixed pseudo-random scatter (same towns every run).
    python3 - "$n" "$dir" <<'EOF'
import json, random, sys
n, d = int(sys.argv[1]), sys.argv[2]
rng = random.Random(1918)
feats = [{"type": "Feature",
          "properties": {"id": f"t{i}", "name": f"Town {i}", "rank": rng.randint(1, 5)},
          "geometry": {"type": "Point",
                       "coordinates": [round(rng.uniform(90.2, 109.8), 5), round(rng.uniform(45.2, 54.8), 5)]}}
         for i in range(n)]
json.dump({"type": "FeatureCollection", "features": feats}, open(f"{d}/towns.geojson", "w"))
json.dump({"id": "labels", "title": "Label bench",
           "projection": "+proj=lcc +lat_1=45 +lat_2=65 +lat_0=50 +lon_0=100 +datum=WGS84 +units=m +no_defs",
           "extent": [90, 45, 110, 55],
           "phases": [{"id": "p", "title": "P", "start_date": "1919-01-01",
                       "end_date": "1919-02-01", "snapshot": "1919-01-15"}],
           "layers": [{"id": "towns", "path": "towns.geojson"}]}, open(f"{d}/theatre.json", "w"))
EOF
    start=$(date +%s.%N)
    /usr/bin/time -f '%M' -o "$TMP/mem" "$PM" render --theatre "$dir" --style "$TMP/style.json" \
        --out "$TMP/out$n" --format svg --width 2400 >"$TMP/log"
    end=$(date +%s.%N)
    labels=$(sed -n 's/^labels p: //p' "$TMP/log")
    printf '%8d  %9.2f  %9.0f  %s\n' "$n" "$(echo "$end - $start" | bc -l)" \
        "$(echo "$(cat "$TMP/mem") / 1024" | bc -l)" "$labels"
done
