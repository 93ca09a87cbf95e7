#!/usr/bin/env python3
"""Measure the straight edges of the zones of control and presence, per phase.

    python3 tools/zone_edges.py [--max-km 150]     # exit 1 if an edge is longer

A zone's edge, for this measure, is the outline of all the control polygons
of one power in a phase, dissolved (as the map draws them), less the
stretches that lie on the coast (basemap land outline) or on a state border
(basemap borders, which include the 1905 Sakhalin line on the 50th parallel:
a real straight boundary) or on the boundary of a 1918 governorate or oblast
(basemap/governorates.geojson, the units the zones are cut from).  A straight edge is a run of consecutive vertices
that all lie within TOL_M of the chord from its first to its last vertex;
its length is the chord's, in the theatre's Lambert conic.  Presence zones
are measured the same way (railway bands are buffers, discs are circles),
but only control is held to the limit.
"""
import json
import os
import sys

import shapely
from pyproj import Transformer
from shapely.geometry import shape
from shapely.ops import unary_union

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEO = os.path.join(ROOT, "geodata")
LCC = "+proj=lcc +lat_1=45 +lat_2=65 +lat_0=50 +lon_0=100 +datum=WGS84 +units=m +no_defs"
TOL_M = 1000.0       # 0.4 px at 2.5 km/px: straighter than this looks ruled
RAIL_M = 65000.0     # RAIL_KM of tools/build_history.py
ON_REAL_M = 3000.0   # an edge within 3 km of the coast or a border follows it
# only what the map shows: theatre.json "frame"
FRAME = shapely.box(-3050000, -800000, 3050000, 2300000)
_T = Transformer.from_crs("EPSG:4326", LCC, always_xy=True)


def to_m(g):
    return shapely.transform(g, lambda c: __import__("numpy").column_stack(_T.transform(c[:, 0], c[:, 1])))


def load(rel):
    with open(os.path.join(GEO, rel), encoding="utf-8") as f:
        return json.load(f)["features"]


def straight_runs(coords):
    """Greedy maximal runs; returns [(length_m, start_xy, end_xy)]."""
    out = []
    n = len(coords)
    i = 0
    while i < n - 1:
        j = i + 1
        while j + 1 < n:
            a, b = coords[i], coords[j + 1]
            dx, dy = b[0] - a[0], b[1] - a[1]
            L = (dx * dx + dy * dy) ** 0.5
            if L == 0:
                break
            if any(abs((p[0] - a[0]) * dy - (p[1] - a[1]) * dx) / L > TOL_M for p in coords[i + 1:j + 1]):
                break
            j += 1
        a, b = coords[i], coords[j]
        out.append((((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5, a, b))
        i = j
    return out


def along_rail(a, b, rails):
    """True when the run is a railway corridor's side: its ends and middle
    all lie RAIL_KM (+-3 km) from a railway (tools/build_history.py)."""
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    return all(abs(rails.distance(shapely.Point(p)) - RAIL_M) < 3000 for p in (a, mid, b))


def measure(layer, real, phases, rails):
    feats = load("history/%s.geojson" % layer)
    res = {}
    for pid, snap in phases:
        act = [f for f in feats if f["properties"]["start_date"] <= snap < f["properties"]["end_date"]]
        by = {}
        for f in act:
            by.setdefault(f["properties"]["power"], []).append(to_m(shape(f["geometry"])).buffer(0))
        best = (0.0, None, None, None)
        rail_best = (0.0, None, None, None)
        for pw, gs in sorted(by.items()):
            edge = unary_union(gs).boundary.difference(real).intersection(FRAME)
            for ln in getattr(edge, "geoms", [edge]):
                if ln.is_empty or ln.geom_type != "LineString":
                    continue
                for L, a, b in straight_runs(list(ln.coords)):
                    if L <= max(best[0], rail_best[0] if L > 150000 else 0):
                        continue
                    if along_rail(a, b, rails):
                        rail_best = max(rail_best, (L, pw, a, b), key=lambda x: x[0])
                    else:
                        best = (L, pw, a, b)
        res[pid] = (best, rail_best)
    return res


def main():
    max_km = float(sys.argv[sys.argv.index("--max-km") + 1]) if "--max-km" in sys.argv else 150.0
    with open(os.path.join(GEO, "theatre.json"), encoding="utf-8") as f:
        phases = [(p["id"], p["snapshot"]) for p in json.load(f)["phases"]]
    coast = [to_m(shape(f["geometry"])).boundary for f in load("basemap/land.geojson")]
    lakes = [to_m(shape(f["geometry"])) for f in load("basemap/lakes.geojson")
             if f["properties"].get("rank", 3) <= 2]
    borders = [to_m(shape(f["geometry"])) for f in load("basemap/borders.geojson")]
    units = [to_m(shape(f["geometry"])).boundary for f in load("basemap/governorates.geojson")]
    real = unary_union(coast + [g.boundary for g in lakes] + borders + units).buffer(ON_REAL_M)
    rails = unary_union([to_m(shape(f["geometry"])) for f in load("railways.geojson")])
    inv = Transformer.from_crs(LCC, "EPSG:4326", always_xy=True)
    bad = 0
    for layer in ("control", "presence"):
        print("%s: longest straight zone edge per phase (coasts and borders aside)" % layer)
        for pid, ((L, pw, a, b), rb) in measure(layer, real, phases, rails).items():
            def where(pw, a, b):
                if a is None:
                    return ""
                la, lb = inv.transform(*a), inv.transform(*b)
                return "%s  (%.2f, %.2f) - (%.2f, %.2f)" % (pw, la[0], la[1], lb[0], lb[1])
            flag = ""
            if layer == "control" and L > max_km * 1000:
                flag = "  > %g km" % max_km
                bad += 1
            print("  %s  %6.1f km  %s%s" % (pid, L / 1000, where(pw, a, b), flag))
            if rb[0] > 0:
                print("           %6.1f km  %s  (side of a railway corridor)" % (rb[0] / 1000, where(*rb[1:])))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
