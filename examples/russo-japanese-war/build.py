"""Builds the example theatre (Russo-Japanese War in Manchuria, 1904-1905).

Basemap layers are clipped from the repository's geodata/basemap (Natural
Earth); history layers are written from the schematic zones below. Run from
the repository root: python3 examples/russo-japanese-war/build.py
(needs shapely). The output is committed; phasemap never runs this.
"""
import json
import os

from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, "..", "..", "geodata", "basemap")
EXTENT = (117.0, 36.0, 133.0, 47.0)
CLIP = box(*EXTENT)


def rounded(geom):
    return json.loads(json.dumps(mapping(geom)), parse_float=lambda x: round(float(x), 4))


def write(name, features):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)
        f.write("\n")


def clip_layer(name, keep=lambda p: True, simplify=0.02):
    with open(os.path.join(BASE, name)) as f:
        src = json.load(f)
    out = []
    for feat in src["features"]:
        if not keep(feat["properties"]):
            continue
        g = shape(feat["geometry"]).intersection(CLIP)
        if g.is_empty:
            continue
        g = g.simplify(simplify, preserve_topology=True)
        if g.is_empty:
            continue
        if g.geom_type in ("Polygon", "MultiPolygon"):
            g = MultiPolygon([orient(x) for x in getattr(g, "geoms", [g]) if x.geom_type == "Polygon"])
        props = {k: v for k, v in feat["properties"].items() if k in ("name", "rank", "kind")}
        out.append({"type": "Feature", "properties": props, "geometry": rounded(g)})
    return out


land_features = clip_layer("land.geojson")
write("land.geojson", land_features)
write("lakes.geojson", clip_layer("lakes.geojson", simplify=0.01))
write("rivers.geojson", clip_layer("rivers.geojson", keep=lambda p: p.get("rank", 9) <= 2, simplify=0.02))
LAND = unary_union([shape(f["geometry"]) for f in land_features]).buffer(0)

# Towns: coordinates rounded from GeoNames; names as English sources of the
# time wrote them.
TOWNS = [
    ("port-arthur", "Port Arthur", 121.26, 38.81, 1),
    ("dalny", "Dalny", 121.60, 38.92, 2),
    ("mukden", "Mukden", 123.43, 41.80, 1),
    ("liaoyang", "Liaoyang", 123.17, 41.27, 1),
    ("tieling", "Tieling", 123.84, 42.29, 2),
    ("harbin", "Harbin", 126.65, 45.75, 1),
    ("newchwang", "Newchwang", 122.23, 40.67, 2),
    ("antung", "Antung", 124.39, 40.13, 2),
    ("seoul", "Seoul", 126.98, 37.57, 1),
    ("chemulpo", "Chemulpo", 126.70, 37.46, 2),
    ("pyongyang", "Pyongyang", 125.75, 39.02, 2),
    ("kuanchengzi", "Kuanchengzi", 125.32, 43.88, 2),
    ("kirin", "Kirin", 126.55, 43.84, 3),
    ("vladivostok", "Vladivostok", 131.89, 43.12, 1),
    ("haicheng", "Haicheng", 122.75, 40.85, 3),
    ("pitzuwo", "Pitzuwo", 122.50, 39.40, 3),
]
write("towns.geojson", [
    {"type": "Feature", "id": i, "properties": {"id": i, "name": n, "rank": r},
     "geometry": {"type": "Point", "coordinates": [x, y]}}
    for i, n, x, y, r in TOWNS
])

PHASES = [
    ("1904-02", "1904-02-08", "1904-04-30"),
    ("1904-05", "1904-04-30", "1904-08-24"),
    ("1904-09", "1904-08-24", "1905-01-02"),
    ("1905-01", "1905-01-02", "1905-02-20"),
    ("1905-03", "1905-02-20", "1905-09-06"),
]

# Schematic zones (lon, lat): the Liao River as the western edge of the war
# zone (China declared the ground west of it neutral), Korea south and north
# of the Japanese advance, the Liaodong peninsula, the fronts of each phase.
WEST_OF_LIAO = Polygon([(117, 36), (123, 36), (123, 38.0), (120.8, 38.5), (121.6, 40.0),
                        (121.9, 40.6), (122.5, 41.4), (123.3, 42.5), (123.6, 43.5), (121.5, 47),
                        (117, 47)])
RUSSIA_PROPER = Polygon([(130.6, 42.3), (133, 42.3), (133, 47), (127.5, 47), (130.0, 45.0),
                         (131.2, 44.9), (131.0, 43.0)])
KOREA = Polygon([(124.1, 39.9), (124.4, 40.1), (125.5, 40.6), (126.8, 41.7), (128.1, 41.9),
                 (129.7, 42.4), (130.6, 42.3), (131.5, 41.5), (131.5, 34.0), (124.0, 34.0)])
KOREA_SOUTH = Polygon([(124.0, 34.0), (131.5, 34.0), (131.5, 38.9), (124.0, 38.9)])
JAPAN = Polygon([(128.5, 36.0), (133, 36.0), (133, 33.0), (128.5, 33.0)])
MANCHURIA = box(*EXTENT).difference(WEST_OF_LIAO).difference(RUSSIA_PROPER).difference(KOREA).difference(JAPAN)


def south_of(lat):
    return box(117, 36, 133, lat)


PORT_ARTHUR = Polygon([(121.0, 38.6), (121.75, 38.6), (121.75, 39.0), (121.0, 39.0)])
# Japanese-held Manchuria per phase (snapshot): ground, with the Russian
# enclave of Port Arthur where it still held out.
JP_MANCHURIA = {
    "1904-02": None,
    "1904-05": unary_union([Polygon([(124.2, 39.9), (124.6, 40.0), (124.6, 40.6), (124.0, 40.5)]),
                            Polygon([(121.8, 39.0), (122.9, 39.3), (122.9, 39.9), (121.8, 39.6)])]),
    "1904-09": south_of(41.45).intersection(MANCHURIA).difference(PORT_ARTHUR),
    "1905-01": south_of(41.55).intersection(MANCHURIA),
    "1905-03": south_of(42.6).intersection(MANCHURIA),
}
JP_KOREA = {"1904-02": KOREA_SOUTH.intersection(KOREA), "1904-05": KOREA, "1904-09": KOREA,
            "1905-01": KOREA, "1905-03": KOREA}

control = []
presence = []


def add(store, power, geom, phase, certainty, name, kind="zone"):
    start, end = [(s, e) for p, s, e in PHASES if p == phase][0]
    g = geom.intersection(LAND)
    if g.is_empty:
        return
    polys = [x for x in getattr(g, "geoms", [g]) if x.geom_type == "Polygon" and x.area > 1e-4]
    if not polys:
        return
    # RFC 7946 winding: exterior rings counter-clockwise.
    g = MultiPolygon([orient(x) for x in polys])
    fid = f"{power.lower()}-{phase}-{len(store)}"
    store.append({"type": "Feature", "id": fid, "properties": {
        "id": fid, "power": power, "name": name, "kind": kind, "certainty": certainty,
        "start_date": start, "end_date": end}, "geometry": rounded(g)})


for phase, _, _ in PHASES:
    # Each zone minus those before it: no two overlap.
    jp_m = JP_MANCHURIA[phase]
    cn = WEST_OF_LIAO
    held = JP_KOREA[phase] if jp_m is None else unary_union([JP_KOREA[phase], jp_m])
    held = held.difference(cn)
    japan = JAPAN.difference(cn)
    ru = MANCHURIA.union(RUSSIA_PROPER).difference(cn).difference(held).difference(japan)
    kr = KOREA.difference(cn).difference(held).difference(ru)
    add(control, "CN", cn, phase, "high", "Qing China (neutral)")
    add(control, "JP", japan, phase, "high", "Japan")
    add(control, "JP", held, phase, "medium", "Japanese-held ground")
    add(control, "RU", ru, phase, "medium", "Russian Empire and Russian-held Manchuria")
    if kr.area > 0.01:
        add(control, "KR", kr, phase, "low", "Korean Empire")
write("control.geojson", control)


def line(coords):
    return {"type": "LineString", "coordinates": [list(c) for c in coords]}


def feat(fid, props, geom, phase):
    start, end = [(s, e) for p, s, e in PHASES if p == phase][0]
    p = {"id": fid, "start_date": start, "end_date": end}
    p.update(props)
    return {"type": "Feature", "id": fid, "properties": p, "geometry": geom}


# Fronts run with Russian ground on the left (teeth face the enemy).
fronts = [
    feat("front-1904-09", {"kind": "front", "left_power": "JP", "right_power": "RU", "name": "Line south of Mukden"},
         line([(122.3, 41.45), (123.0, 41.45), (123.8, 41.45), (124.8, 41.2)]), "1904-09"),
    feat("front-1905-01", {"kind": "front", "left_power": "JP", "right_power": "RU", "name": "Shaho line"},
         line([(122.5, 41.55), (123.3, 41.55), (124.1, 41.5), (124.9, 41.3)]), "1905-01"),
    feat("front-1905-03", {"kind": "front", "left_power": "JP", "right_power": "RU", "name": "Line north of Tieling"},
         line([(123.4, 42.6), (124.0, 42.6), (124.8, 42.5)]), "1905-03"),
]
write("front.geojson", fronts)

moves = [
    feat("m1", {"power": "JP", "kind": "advance", "name": "Japanese First Army"},
         line([(126.7, 37.5), (126.3, 38.3), (125.7, 39.1), (124.9, 39.7)]), "1904-02"),
    feat("m2", {"power": "JP", "kind": "advance", "name": "First Army across the Yalu"},
         line([(124.5, 40.1), (124.2, 40.6), (123.9, 41.0)]), "1904-05"),
    feat("m3", {"power": "JP", "kind": "advance", "name": "Second Army from Pitzuwo"},
         line([(122.5, 39.5), (122.0, 39.2), (121.6, 39.05)]), "1904-05"),
    feat("m4", {"power": "JP", "kind": "advance", "name": "Advance on Liaoyang"},
         line([(122.3, 39.9), (122.6, 40.6), (123.0, 41.1)]), "1904-09"),
    feat("m5", {"power": "RU", "kind": "retreat", "name": "Retreat to Mukden"},
         line([(123.2, 41.3), (123.3, 41.55), (123.4, 41.75)]), "1904-09"),
    feat("m6", {"power": "RU", "kind": "retreat", "name": "Retreat from Mukden"},
         line([(123.45, 41.85), (123.7, 42.2), (124.1, 42.8), (124.4, 43.2)]), "1905-03"),
]
write("movement.geojson", moves)

events = [
    ("e1", "Port Arthur attacked", "battle", "1904-02-08", 121.35, 38.75, "1904-02"),
    ("e2", "Chemulpo", "landing", "1904-02-09", 126.6, 37.45, "1904-02"),
    ("e3", "Yalu", "battle", "1904-05-01", 124.45, 40.2, "1904-05"),
    ("e4", "Nanshan", "battle", "1904-05-26", 121.7, 39.1, "1904-05"),
    ("e5", "Liaoyang", "battle", "1904-09-04", 123.1, 41.2, "1904-09"),
    ("e6", "Port Arthur surrenders", "capture", "1905-01-02", 121.3, 38.85, "1905-01"),
    ("e7", "Mukden", "battle", "1905-03-10", 123.35, 41.9, "1905-03"),
]
write("event.geojson", [
    feat(i, {"name": n, "kind": k, "date": d}, {"type": "Point", "coordinates": [x, y]}, ph)
    for i, n, k, d, x, y, ph in events
])
