"""Builds the Aleutians test theatre (1942-1943), a theatre across the
antimeridian.

Everything is computed in one continuous longitude range (165..205, i.e.
east of 180 written as 180 + degrees west) and written as RFC 7946 wants it:
longitudes in -180..180, polygons and lines that cross 180 split there into
a MultiPolygon / MultiLineString. Land comes from Natural Earth 1:10m land
(public domain) as redistributed in the npm package world-atlas 2.0.2
(land-10m.json, TopoJSON; converted to GeoJSON with topojson-client 3.1.0).
Usage, from the repository root (needs shapely):

    python3 tests/theatres/aleutians/build.py /path/to/land-10m.geojson

The output is committed; phasemap never runs this.
"""
import json
import os
import sys

import shapely

from shapely.affinity import translate
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

HERE = os.path.dirname(os.path.abspath(__file__))
# Extent and the box the land is cut to, unwrapped (east of 180 as 180+).
EXTENT = (165.0, 50.5, 195.5, 56.0)
COVERS = (160.0, 47.0, 202.0, 59.5)


def u(lon):
    """RFC 7946 longitude to the unwrapped range."""
    return lon + 360.0 if lon < 0 else lon


def w(lon):
    """Unwrapped longitude back to -180..180."""
    return lon - 360.0 if lon > 180.0 else lon


def rounded(geom):
    # Snapped to 1e-4 degree keeping the geometry valid, then written.
    geom = shapely.set_precision(geom, 1e-4)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = MultiPolygon([orient(x) for x in getattr(geom, "geoms", [geom])]) if geom.geom_type == "MultiPolygon" else orient(geom)
    return json.loads(json.dumps(mapping(geom)), parse_float=lambda x: round(float(x), 4))


def split(g):
    """g (unwrapped) as RFC 7946 writes it: split at 180, east part shifted."""
    west = g.intersection(box(-180, -90, 180, 90))
    east = translate(g.intersection(box(180, -90, 540, 90)), -360)
    parts = [p for p in (west, east) if not p.is_empty]
    if g.geom_type in ("Polygon", "MultiPolygon"):
        polys = [orient(x) for p in parts for x in getattr(p, "geoms", [p]) if x.geom_type == "Polygon"]
        return polys[0] if len(polys) == 1 else MultiPolygon(polys)
    if g.geom_type in ("LineString", "MultiLineString"):
        lines = [x for p in parts for x in getattr(p, "geoms", [p]) if x.geom_type == "LineString"]
        return lines[0] if len(lines) == 1 else MultiLineString(lines)
    return parts[0]


def write(name, features, bbox=None):
    fc = {"type": "FeatureCollection", "features": features}
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(fc, f, ensure_ascii=False)
        f.write("\n")


def unwrap_shape(geom):
    """A Natural Earth polygon (-180..180) moved to the unwrapped range."""
    from shapely.ops import transform
    xs = [c[0] for ring in [geom.exterior] for c in ring.coords]
    shift = 360.0 if max(xs) <= 0 else 0.0
    return translate(geom, shift)


# --- land -------------------------------------------------------------------
src = json.load(open(sys.argv[1]))
cover = box(*COVERS)
pieces = []
for feat in src["features"]:
    g = shape(feat["geometry"])
    for poly in getattr(g, "geoms", [g]):
        p = unwrap_shape(poly)
        c = p.intersection(cover)
        if not c.is_empty:
            pieces.extend(x for x in getattr(c, "geoms", [c]) if x.geom_type == "Polygon")
LAND = unary_union(pieces).simplify(0.005, preserve_topology=True)
land_polys = [x for x in getattr(LAND, "geoms", [LAND]) if x.area > 2e-4]
land = [{"type": "Feature", "properties": {"name": ""}, "geometry": rounded(split(p))} for p in land_polys]
for f in land:
    del f["properties"]["name"]
write("land.geojson", land)
LAND = unary_union(land_polys)
IN_EXTENT = LAND.intersection(box(*EXTENT))

PHASES = [
    ("1942-06", "1942-06-03", "1942-08-30"),
    ("1942-09", "1942-08-30", "1943-01-12"),
    ("1943-01", "1943-01-12", "1943-05-11"),
    ("1943-05", "1943-05-11", "1943-07-28"),
    ("1943-08", "1943-07-28", "1943-09-01"),
]
START, END = PHASES[0][1], PHASES[-1][2]


def span(phase):
    return [(s, e) for p, s, e in PHASES if p == phase][0]


# --- places (approximate positions, about 0.05 degree) ----------------------
TOWNS = [
    ("dutch-harbor", "Dutch Harbor", -166.54, 53.89, 1),
    ("fort-glenn", "Fort Glenn", -167.89, 53.38, 2),
    ("nikolski", "Nikolski", -168.87, 52.94, 3),
    ("atka", "Atka", -174.20, 52.20, 3),
    ("adak", "Adak", -176.64, 51.87, 1),
    ("amchitka", "Amchitka", 179.28, 51.40, 2),
    ("kiska", "Kiska Harbor", 177.55, 51.98, 1),
    ("shemya", "Shemya", 174.12, 52.72, 3),
    ("attu", "Attu village", 173.23, 52.93, 2),
    ("nikolskoye", "Nikolskoye", 165.98, 55.20, 3),
]
write("towns.geojson", [
    {"type": "Feature", "id": i, "properties": {"id": i, "name": n, "rank": r},
     "geometry": {"type": "Point", "coordinates": [x, y]}}
    for i, n, x, y, r in TOWNS
])

write("labels.geojson", [
    {"type": "Feature", "id": "bering-sea", "properties": {"id": "bering-sea", "name": "Bering Sea", "kind": "sea"},
     "geometry": {"type": "Point", "coordinates": [-178.5, 55.2]}},
    {"type": "Feature", "id": "pacific", "properties": {"id": "pacific", "name": "Pacific Ocean", "kind": "sea"},
     "geometry": {"type": "Point", "coordinates": [176.0, 50.9]}},
])

# --- control ------------------------------------------------------------------
# Zones cover the land as far as the land layer does (the layer `covers`
# the same box), so they run on to the map's edges.
ATTU = LAND.intersection(box(172.3, 52.6, 173.4, 53.1))
KISKA = LAND.intersection(box(177.15, 51.75, 177.8, 52.2))
SOVIET = LAND.intersection(box(COVERS[0], COVERS[1], 170.0, COVERS[3]))
US = LAND.difference(SOVIET).difference(ATTU).difference(KISKA)


def zone(fid, power, name, geom, start, end, certainty="high"):
    return {"type": "Feature", "id": fid, "properties": {
        "id": fid, "power": power, "name": name, "certainty": certainty,
        "start_date": start, "end_date": end}, "geometry": rounded(split(geom))}


write("control.geojson", [
    zone("us-aleutians", "US", "Territory of Alaska", US, START, END),
    zone("su-komandorski", "SU", "Kamchatka and the Commander Islands", SOVIET, START, END),
    zone("us-attu-1942", "US", "Attu", ATTU, START, "1942-06-07"),
    zone("jp-attu", "JP", "Attu (Japanese-held)", ATTU, "1942-06-07", "1943-05-30"),
    zone("us-attu-1943", "US", "Attu", ATTU, "1943-05-30", END),
    zone("us-kiska-1942", "US", "Kiska", KISKA, START, "1942-06-06"),
    zone("jp-kiska", "JP", "Kiska (Japanese-held)", KISKA, "1942-06-06", "1943-07-28"),
    zone("us-kiska-1943", "US", "Kiska", KISKA, "1943-08-15", END),
])

# The blockade of Attu and Kiska by US ships and aircraft from Adak and
# Amchitka: schematic, across the antimeridian.
BLOCKADE = Polygon([(170.5, 50.7), (183.5, 50.7), (183.5, 52.6), (178.0, 53.6), (170.5, 53.6)]).difference(LAND)
write("presence.geojson", [
    {"type": "Feature", "id": "us-blockade", "properties": {
        "id": "us-blockade", "power": "US", "name": "US blockade of Attu and Kiska (schematic)",
        "certainty": "low", "start_date": "1943-01-12", "end_date": "1943-07-28"},
     "geometry": rounded(split(orient(BLOCKADE) if BLOCKADE.geom_type == "Polygon" else BLOCKADE))},
])


def move(fid, phase, power, kind, name, coords):
    s, e = span(phase)
    return {"type": "Feature", "id": fid, "properties": {
        "id": fid, "power": power, "kind": kind, "name": name, "start_date": s, "end_date": e},
        "geometry": rounded(split(LineString([(u(x), y) for x, y in coords])))}


write("movement.geojson", [
    move("m1", "1942-06", "JP", "advance", "Carrier raid on Dutch Harbor",
         [(-170.6, 51.0), (-168.5, 52.4), (-166.9, 53.6)]),
    move("m2", "1942-06", "JP", "advance", "Landing force to Kiska",
         [(174.0, 50.6), (176.6, 51.3), (177.45, 51.85)]),
    move("m3", "1942-06", "JP", "advance", "Landing force to Attu",
         [(170.0, 50.6), (172.0, 51.8), (173.1, 52.75)]),
    move("m4", "1942-09", "US", "advance", "Landing on Adak",
         [(-166.7, 53.75), (-169.5, 52.6), (-173.5, 51.7), (-176.5, 51.75)]),
    move("m5", "1943-01", "US", "advance", "Landing on Amchitka",
         [(-176.6, 51.7), (-178.6, 51.45), (179.4, 51.35)]),
    move("m6", "1943-05", "US", "advance", "Landing on Attu",
         [(-176.8, 51.6), (-179.5, 51.05), (176.0, 51.35), (173.35, 52.7)]),
    move("m7", "1943-08", "JP", "evacuation", "Kiska garrison evacuated",
         [(177.6, 51.95), (174.5, 51.1), (170.0, 50.8), (165.2, 50.6)]),
    move("m8", "1943-08", "US", "advance", "Landing on Kiska",
         [(-176.7, 51.75), (-179.0, 51.6), (178.3, 51.7), (177.7, 51.85)]),
    move("m9", "1943-08", "CA", "advance", "13th Canadian Infantry Brigade",
         [(-176.6, 51.95), (-179.2, 52.15), (178.4, 52.15), (177.65, 52.05)]),
])


def event(fid, phase, name, kind, date, x, y):
    s, e = span(phase)
    return {"type": "Feature", "id": fid, "properties": {
        "id": fid, "name": name, "kind": kind, "date": date, "start_date": s, "end_date": e},
        "geometry": {"type": "Point", "coordinates": [x, y]}}


write("event.geojson", [
    event("e1", "1942-06", "Dutch Harbor bombed", "battle", "1942-06-03", -166.50, 53.95),
    event("e2", "1942-06", "Kiska occupied", "landing", "1942-06-06", 177.50, 51.95),
    event("e3", "1942-06", "Attu occupied", "landing", "1942-06-07", 173.25, 52.88),
    event("e4", "1942-09", "Adak", "landing", "1942-08-30", -176.60, 51.90),
    event("e5", "1943-01", "Amchitka", "landing", "1943-01-12", 179.25, 51.42),
    event("e6", "1943-01", "Komandorski Islands", "battle", "1943-03-26", 168.5, 53.3),
    event("e7", "1943-05", "Massacre Bay", "landing", "1943-05-11", 173.20, 52.82),
    event("e8", "1943-05", "Attu retaken", "capture", "1943-05-30", 173.30, 52.93),
    event("e9", "1943-08", "Kiska evacuated", "withdrawal", "1943-07-28", 177.60, 52.00),
    event("e10", "1943-08", "Kiska landing", "landing", "1943-08-15", 177.45, 51.88),
])
