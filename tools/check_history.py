#!/usr/bin/env python3
"""Check geodata/railways.geojson and geodata/history/*.geojson.

    python3 tools/check_history.py            # exit status 1 on any failure

Checks: RFC 7946 structure (closed rings, exterior CCW / holes CW, valid,
simple lines, <= 5 decimals, inside lon 40..160 / lat 30..72), required
properties and enums, date logic, pairwise non-overlap of control at every
phase snapshot (tolerance 1 km2), and the BRIEF section 4 facts by
point-in-polygon at the snapshots read from geodata/theatre.json.  Prints a
table of feature counts per layer and phase.
"""
import json
import math
import os
import re
import sys

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point, shape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEO = os.path.join(ROOT, "geodata")
TH = json.load(open(os.path.join(GEO, "theatre.json"), encoding="utf-8"))
PHASES = [(p["id"], p["start_date"], p["end_date"], p["snapshot"]) for p in TH["phases"]]
SNAP = {p[0]: p[3] for p in PHASES}
FWD = Transformer.from_crs("EPSG:4326", TH["projection"], always_xy=True)
LAYERS = ["control", "presence", "front", "movement", "event"]

CONTROL_POWERS = {"WH", "SEM", "KAL", "RED", "FER", "PRI", "ZEMSTVO", "CN", "JP", "JPE"}  # JPE: Korea, Karafuto
PRESENCE_POWERS = {"JP", "US", "AL", "CZ", "CN", "RED"}
ALL_POWERS = CONTROL_POWERS | PRESENCE_POWERS
KINDS = {
    "control": {"region"},
    "presence": {"rail_corridor", "garrison", "guard_sector", "partisan", "occupation"},
    "front": {"front", "neutral_zone", "offmap"},
    "movement": {"advance", "retreat", "withdrawal", "evacuation", "offmap"},
    "event": {"landing", "battle", "coup", "capture", "execution", "treaty", "withdrawal", "massacre", "founding"},
}
GTYPES = {"control": {"Polygon", "MultiPolygon"}, "presence": {"Polygon", "MultiPolygon"},
          "front": {"LineString"}, "movement": {"LineString"}, "event": {"Point"}}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID = re.compile(r"^[a-z0-9-]+$")

TOWNS = {  # gazetteer positions (towns.csv)
    "Omsk": (73.36859, 54.99244), "Chita": (113.49171, 52.04311), "Khabarovsk": (135.09710, 48.46204),
    "Blagoveshchensk": (127.52637, 50.27593), "Irkutsk": (104.29076, 52.29566),
    "Verkhneudinsk": (107.59979, 51.82648), "Vladivostok": (131.87353, 43.10562), "Harbin": (126.65, 45.75),
    "Novonikolayevsk": (82.93175, 55.02259), "Ufa": (55.96779, 54.74306),
}

failures = []
warnings = []


def fail(msg):
    failures.append(msg)


def proj(g):
    def f(a):
        x, y = FWD.transform(a[:, 0], a[:, 1])
        return np.column_stack([x, y])
    return shapely.transform(g, f)


def ring_area(r):
    a = 0.0
    for (x0, y0), (x1, y1) in zip(r[:-1], r[1:]):
        a += x0 * y1 - x1 * y0
    return a / 2


def check_coords(path, fid, coords):
    def walk(c):
        if isinstance(c[0], (int, float)):
            lon, lat = c
            if not (40 <= lon <= 160 and 30 <= lat <= 72):
                fail("%s %s: coordinate %s outside lon 40..160 lat 30..72" % (path, fid, c))
            for v in c:
                s = repr(float(v))
                if "e" not in s and "." in s and len(s.split(".")[1]) > 5:
                    fail("%s %s: more than 5 decimals %s" % (path, fid, c))
                    return
            return
        for x in c:
            walk(x)
    walk(coords)


def check_geometry(path, fid, geom):
    t = geom["type"]
    check_coords(path, fid, geom["coordinates"])
    if t in ("Polygon", "MultiPolygon"):
        polys = [geom["coordinates"]] if t == "Polygon" else geom["coordinates"]
        for poly in polys:
            for k, ring in enumerate(poly):
                if ring[0] != ring[-1] or len(ring) < 4:
                    fail("%s %s: ring not closed" % (path, fid))
                a = ring_area(ring)
                if k == 0 and a <= 0:
                    fail("%s %s: exterior ring not CCW" % (path, fid))
                if k > 0 and a >= 0:
                    fail("%s %s: hole not CW" % (path, fid))
    g = shape(geom)
    if not g.is_valid:
        fail("%s %s: invalid geometry (%s)" % (path, fid, shapely.is_valid_reason(g)))
    if t == "LineString" and not g.is_simple:
        fail("%s %s: self-intersecting line" % (path, fid))
    return g


def load(layer):
    path = os.path.join("history", layer + ".geojson") if layer != "railways" else "railways.geojson"
    d = json.load(open(os.path.join(GEO, path), encoding="utf-8"))
    if d.get("type") != "FeatureCollection":
        fail("%s: not a FeatureCollection" % path)
    if "crs" in d:
        fail("%s: has a crs member" % path)
    out = []
    ids = set()
    for f in d["features"]:
        p = f["properties"]
        fid = p.get("id")
        if not fid or not ID.match(fid):
            fail("%s: bad id %r" % (path, fid))
        if fid in ids:
            fail("%s: duplicate id %s" % (path, fid))
        ids.add(fid)
        g = check_geometry(path, fid, f["geometry"])
        out.append((p, g))
    return path, out


def check_props(layer, path, feats):
    for p, g in feats:
        fid = p["id"]
        if g.geom_type not in GTYPES[layer]:
            fail("%s %s: geometry %s not allowed" % (path, fid, g.geom_type))
        if not (p.get("name") or p.get("label")):
            fail("%s %s: no name/label" % (path, fid))
        for k in ("power", "start_date", "end_date", "certainty", "source", "source_note", "kind"):
            if k not in p or p[k] in (None, ""):
                if not (k == "source_note" and p.get(k) == "" and layer == "event"):
                    fail("%s %s: missing %s" % (path, fid, k))
        if p.get("certainty") not in ("high", "medium", "low"):
            fail("%s %s: certainty %r" % (path, fid, p.get("certainty")))
        if p.get("source") not in ("seed", "general", "seed+general"):
            fail("%s %s: source %r" % (path, fid, p.get("source")))
        if p.get("kind") not in KINDS[layer]:
            fail("%s %s: kind %r" % (path, fid, p.get("kind")))
        s, e = p.get("start_date", ""), p.get("end_date", "")
        if not (DATE.match(s or "") and DATE.match(e or "")) or not s < e:
            fail("%s %s: bad dates %s..%s" % (path, fid, s, e))
        pw = p.get("power")
        if layer == "control" and pw not in CONTROL_POWERS:
            fail("%s %s: control power %r" % (path, fid, pw))
        if layer == "presence":
            if pw not in PRESENCE_POWERS:
                fail("%s %s: presence power %r" % (path, fid, pw))
            if pw == "RED" and p.get("kind") != "partisan":
                fail("%s %s: RED presence must be partisan" % (path, fid))
            if p.get("kind") == "partisan" and (pw != "RED" or p.get("certainty") != "low"):
                fail("%s %s: partisan areas are RED, certainty low" % (path, fid))
        if layer in ("presence", "movement") and pw == "AL" and p.get("contingent") not in ("GB", "CA", "FR", "IT"):
            fail("%s %s: AL without contingent" % (path, fid))
        if pw not in ALL_POWERS:
            fail("%s %s: unknown power %r" % (path, fid, pw))
        if layer == "front":
            for k in ("left_power", "right_power"):
                if p.get(k) not in ALL_POWERS:
                    fail("%s %s: %s %r" % (path, fid, k, p.get(k)))
        if layer == "event":
            if not DATE.match(p.get("date", "")):
                fail("%s %s: bad date" % (path, fid))
            # the show window must contain the snapshot of the event's phase
            d = p["date"]
            ph = next((x for x in PHASES if x[1] <= d < x[2]), PHASES[0] if d < PHASES[0][1] else None)
            if ph is None or not (s <= ph[3] < e):
                fail("%s %s: window %s..%s misses the snapshot of its phase" % (path, fid, s, e))
            if s > d and not (ph and s == ph[1]):
                fail("%s %s: start_date after the date" % (path, fid))


def active(feats, snap):
    return [(p, g) for p, g in feats if p["start_date"] <= snap < p["end_date"]]


def control_at(feats, lonlat, date):
    pt = Point(lonlat)
    return sorted(set(p["power"] for p, g in active(feats, date) if g.contains(pt)))


def presence_has(feats, power, lonlat, date):
    pt = Point(lonlat)
    return any(p["power"] == power and g.contains(pt) for p, g in active(feats, date))


def expect(cond, msg):
    if not cond:
        fail(msg)


def main():
    data = {}
    rpath, rails = load("railways")
    for p, g in rails:
        if g.geom_type != "LineString":
            fail("railways %s: not a LineString" % p["id"])
        for k in ("id", "name", "line", "kind", "source", "source_note"):
            if not p.get(k):
                fail("railways %s: missing %s" % (p["id"], k))
        if p.get("kind") not in ("main", "branch"):
            fail("railways %s: kind %r" % (p["id"], p.get("kind")))
    lakes = json.load(open(os.path.join("/work/shared/data/basemap/ne_10m/lakes.geojson")
                           if os.path.exists("/work/shared/data/basemap/ne_10m/lakes.geojson")
                           else os.path.join(GEO, "basemap", "lakes.geojson"), encoding="utf-8"))
    baikal = next(shape(f["geometry"]) for f in lakes["features"]
                  if "Baikal" in str(f["properties"].get("name")))
    bm = proj(baikal)
    for p, g in rails:
        if g.intersects(baikal):
            fail("railways %s crosses Lake Baikal" % p["id"])
        elif p["id"] == "circum-baikal":
            dmin = proj(g).distance(bm)
            if dmin < 1500:
                fail("circum-baikal only %.0f m from the lake" % dmin)
    for layer in LAYERS:
        path, feats = load(layer)
        check_props(layer, path, feats)
        data[layer] = feats
    C, PR, FR, MV, EV = (data[k] for k in LAYERS)
    alljp = [(l, p, g) for l in LAYERS for p, g in data[l] if p["power"] == "JP"]

    # --- control: pairwise non-overlap at each snapshot (1 km2 tolerance)
    for pid, s, e, snap in PHASES:
        act = [(p, shapely.make_valid(proj(g))) for p, g in active(C, snap)]
        for i in range(len(act)):
            for j in range(i + 1, len(act)):
                a = act[i][1].intersection(act[j][1]).area
                if a > 1e6:
                    fail("control overlap at %s: %s / %s (%.1f km2)" % (pid, act[i][0]["id"], act[j][0]["id"], a / 1e6))

    # --- BRIEF 4 facts
    ids = [p[0] for p in PHASES]

    def ctl(town, pid, want):
        got = control_at(C, TOWNS[town], SNAP[pid] if pid in SNAP else pid)
        expect(got == [want], "%s at %s: control %s, expected %s" % (town, pid, got, want))
    for pid in ("1918-11", "1919-04"):
        ctl("Omsk", pid, "WH")
    for pid in ids[ids.index("1919-11"):]:
        ctl("Omsk", pid, "RED")
    ctl("Chita", "1918-08", "RED")
    for pid in ("1918-11", "1919-04", "1919-11", "1920-02", "1920-07"):
        ctl("Chita", pid, "SEM")
    for pid in ("1921-06", "1922-02", "1922-10"):
        ctl("Chita", pid, "FER")
    ctl("Khabarovsk", "1918-08", "RED")
    for pid in ("1918-11", "1919-04", "1919-11"):
        ctl("Khabarovsk", pid, "KAL")
        expect(presence_has(PR, "JP", TOWNS["Khabarovsk"], SNAP[pid]), "Khabarovsk not in JP presence at " + pid)
    ctl("Khabarovsk", "1922-02", "PRI")
    ctl("Khabarovsk", "1922-02-15", "FER")
    ctl("Khabarovsk", "1922-10", "FER")
    ctl("Blagoveshchensk", "1918-08", "RED")
    for pid in ("1918-11", "1919-04"):
        expect(presence_has(PR, "JP", TOWNS["Blagoveshchensk"], SNAP[pid]), "Blagoveshchensk not JP at " + pid)
    for pid in ("1918-11", "1919-04", "1919-11"):
        ctl("Irkutsk", pid, "WH")
    for pid in ids[ids.index("1920-02"):]:
        ctl("Irkutsk", pid, "RED")
    for pid in ids:
        expect("FER" not in control_at(C, TOWNS["Irkutsk"], SNAP[pid]), "Irkutsk FER at " + pid)
        ctl("Harbin", pid, "CN")
    ctl("Verkhneudinsk", "1920-07", "FER")
    ctl("Vladivostok", "1921-06", "PRI")
    for pid in ids[:ids.index("1922-10")]:
        expect(presence_has(PR, "JP", TOWNS["Vladivostok"], SNAP[pid]), "Vladivostok not JP at " + pid)
    expect(not presence_has(PR, "JP", TOWNS["Vladivostok"], SNAP["1922-10"]), "Vladivostok JP at 1922-10")
    # existence windows
    def present(layer_feats, pred, pid):
        return any(pred(p) for p, g in active(layer_feats, SNAP[pid]))
    for pid in ids:
        fer = present(C, lambda p: p["power"] == "FER", pid)
        expect(fer == (pid in ids[ids.index("1920-07"):]), "FER control existence wrong at " + pid)
        pri = present(C, lambda p: p["power"] == "PRI", pid)
        expect(pri == (pid in ("1921-06", "1922-02")), "PRI control existence wrong at " + pid)
        for layer in ("presence", "movement"):
            us = present(data[layer], lambda p: p["power"] == "US", pid)
            expect(not us or pid in ids[:ids.index("1920-07")], "US %s at %s" % (layer, pid))
            al = present(data[layer], lambda p: p["power"] == "AL", pid)
            expect(not al or pid in ids[:ids.index("1920-07")], "AL %s at %s" % (layer, pid))
            cz = present(data[layer], lambda p: p["power"] == "CZ", pid)
            expect(not cz or pid in ids[:ids.index("1921-06")], "CZ %s at %s" % (layer, pid))
        expect(present(PR, lambda p: p["power"] == "US", pid) == (pid in ids[:ids.index("1920-07")]),
               "US presence existence wrong at " + pid)
        expect(present(PR, lambda p: p["power"] == "CZ", pid) == (pid in ids[:ids.index("1921-06")]),
               "CZ presence existence wrong at " + pid)
    for layer in ("presence", "movement"):
        for p, g in data[layer]:
            if p["power"] == "AL" and p.get("contingent") == "CA" and p["end_date"] > "1919-07-01":
                fail("%s %s: Canadian feature ends after 1919-07-01" % (layer, p["id"]))
            if p["power"] == "US" and p["end_date"] > "1920-04-06":
                fail("%s %s: US feature after the 1920-02 phase" % (layer, p["id"]))
    vm = proj(Point(TOWNS["Vladivostok"]))
    for layer in ("presence", "movement"):
        for p, g in active(data[layer], SNAP["1920-07"]):
            if p["power"] == "CZ":
                d = proj(g).hausdorff_distance(vm) if g.geom_type != "Point" else proj(g).distance(vm)
                far = max(Point(c).distance(vm) for c in shapely.get_coordinates(proj(g)))
                expect(far <= 150000, "%s %s: CZ at 1920-07 reaches %.0f km from Vladivostok" % (layer, p["id"], far / 1000))
    # Japan: never west of 103.5E; at 1922-10 only northern Sakhalin (no mainland)
    land = json.load(open("/work/shared/data/basemap/ne_10m/land.geojson", encoding="utf-8"))
    sak = next(shape(f["geometry"]) for f in land["features"] if shape(f["geometry"]).contains(Point(142.16, 50.9)))
    for layer, p, g in alljp:
        if g.bounds[0] < 103.5:
            fail("%s %s: JP feature west of 103.5E" % (layer, p["id"]))
    for layer, p, g in alljp:
        if p["start_date"] <= SNAP["1922-10"] < p["end_date"]:
            if layer in ("control", "presence"):
                if not (g.difference(sak.buffer(0.01)).is_empty and g.bounds[1] >= 49.999):
                    fail("%s %s: JP feature at 1922-10 not on northern Sakhalin" % (layer, p["id"]))
            else:  # movement arrows and event points: off the mainland (at sea or on Sakhalin)
                mainland = [shape(f["geometry"]) for f in land["features"]
                            if shape(f["geometry"]).intersects(g) and not shape(f["geometry"]).equals(sak)]
                if mainland:
                    fail("%s %s: JP feature at 1922-10 touches land other than Sakhalin" % (layer, p["id"]))
    for p, g in C:
        if p["power"] == "JP" and not (g.bounds[1] >= 49.999 and g.difference(sak.buffer(0.01)).is_empty):
            fail("control %s: JP control outside northern Sakhalin" % p["id"])
    # fronts
    ts = next(g for p, g in rails if p["id"] == "transsib-chelyabinsk-irkutsk")
    crossed = False
    for p, g in active(FR, SNAP["1919-11"]):
        if {p["left_power"], p["right_power"]} == {"RED", "WH"} and p["kind"] == "front":
            x = g.intersection(ts)
            for pt in getattr(x, "geoms", [x]):
                if not pt.is_empty and 73.4 < pt.x < 82.9:
                    crossed = True
                    west = control_at(C, (pt.x - 0.4, pt.y), SNAP["1919-11"])
                    east = control_at(C, (pt.x + 0.4, pt.y), SNAP["1919-11"])
                    expect(west == ["RED"] and east == ["WH"],
                           "1919-11 control does not match the front (west %s, east %s)" % (west, east))
    expect(crossed, "no RED/WH front crosses the Trans-Siberian between Omsk and Novonikolayevsk at 1919-11")
    ufa_lat = TOWNS["Ufa"][1]
    for p, g in active(FR, SNAP["1919-04"]):
        if p["kind"] == "front" and {p["left_power"], p["right_power"]} == {"RED", "WH"}:
            x = g.intersection(LineString([(40, ufa_lat), (70, ufa_lat)]))
            for pt in getattr(x, "geoms", [x]):
                if not pt.is_empty and pt.x >= TOWNS["Ufa"][0]:
                    fail("1919-04 front %s east of Ufa (%.2fE)" % (p["id"], pt.x))
    offmap = [p for p, g in active(FR, SNAP["1919-04"]) if p["kind"] == "offmap"]
    expect(len(offmap) >= 1, "no off-map indicator at 1919-04")
    # every feature should show in at least one phase (warning only)
    for layer in LAYERS:
        for p, g in data[layer]:
            if not any(p["start_date"] <= SNAP[i] < p["end_date"] for i in ids):
                warnings.append("%s %s (%s..%s) shows in no phase" % (layer, p["id"], p["start_date"], p["end_date"]))

    # --- table
    print("%-10s" % "layer" + "".join("%9s" % i for i in ids))
    print("%-10s" % "railways" + "".join("%9d" % len(rails) for i in ids))
    for layer in LAYERS:
        print("%-10s" % layer + "".join("%9d" % len(active(data[layer], SNAP[i])) for i in ids))
    print()
    for w in warnings:
        print("note:", w)
    if failures:
        print("\n%d FAILURES" % len(failures))
        for f in failures:
            print("FAIL:", f)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
