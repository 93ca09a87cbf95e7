"""Builds the Spanish Civil War test theatre: a small, schematic theatre
with two sides whose names are plurals ("Republicans", "Nationalists") and
every text in English and Spanish, except a few town names given in one
language only (the same in both). It tests the engine's own words in a
language other than English and Russian (issue 20, review 5).

The coast and fronts are hand-simplified (a few dozen points, not survey
data); each phase's zones are the Spanish ring cut along that phase's front.
Usage, from the repository root (Python 3, no packages):

    python3 tests/theatres/spain/build.py

The output is committed; phasemap never runs this.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# Spain's outline, counter-clockwise, from the mouth of the Minho; the
# fronts' ends are vertices of it.
SPAIN = [
    (-8.9, 42.1), (-8.2, 42.1), (-6.2, 41.6), (-6.9, 41.0), (-6.9, 40.0),
    (-7.3, 39.5), (-7.0, 38.9), (-7.3, 38.4), (-7.5, 37.2), (-6.3, 36.5),
    (-5.6, 36.0), (-4.9, 36.41), (-4.4, 36.7), (-3.9, 36.72), (-2.0, 36.8),
    (-0.7, 37.6), (-0.3, 38.5), (0.2, 38.8), (-0.3, 39.5), (0.9, 40.8),
    (2.2, 41.4), (3.2, 42.0), (3.2, 42.4), (1.4, 42.6), (0.0, 42.95),
    (-1.8, 43.4), (-3.8, 43.5), (-5.8, 43.6), (-8.2, 43.5), (-8.9, 43.3),
    (-9.3, 42.9),
]
# Portugal: its border with Spain (reversed) and its coast.
PORTUGAL = [
    (-8.9, 42.1), (-9.0, 41.0), (-9.5, 38.8), (-8.8, 37.0), (-7.5, 37.2),
    (-7.3, 38.4), (-7.0, 38.9), (-7.3, 39.5), (-6.9, 40.0), (-6.9, 41.0),
    (-6.2, 41.6), (-8.2, 42.1),
]
# Each phase: id, dates, the front from the Pyrenees to the south coast
# (Nationalists west of it, Republicans east).
PHASES = [
    ("1936-09", "1936-07-17", "1937-02-08",
     [(0.0, 42.95), (-1.0, 41.5), (-2.5, 41.0), (-3.9, 40.7), (-4.5, 40.0),
      (-5.0, 38.5), (-4.8, 37.6), (-4.9, 36.41)]),
    ("1938-07", "1937-02-08", "1939-04-01",
     [(1.4, 42.6), (0.6, 41.6), (-0.2, 40.5), (-1.2, 40.0), (-3.8, 40.5),
      (-3.8, 40.3), (-4.2, 39.5), (-5.0, 38.6), (-3.9, 36.72)]),
]


def area(ring):
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1])) / 2


def closed(ring):
    ring = list(ring)
    if area(ring) < 0:
        ring.reverse()
    return [list(p) for p in ring + ring[:1]]


def cut(front):
    """The ring's part east of the front and the part west of it."""
    n = len(SPAIN)
    i, j = SPAIN.index(front[0]), SPAIN.index(front[-1])
    # From the south end going counter-clockwise (east, then north) to the
    # north end: the east coast.
    east = [SPAIN[(j + k) % n] for k in range((i - j) % n + 1)]
    west = [SPAIN[(i + k) % n] for k in range((j - i) % n + 1)]
    return east + front[1:-1], west + front[-2:0:-1]


def feature(geom, **props):
    return {"type": "Feature", "geometry": geom, "properties": props}


def polygon(ring):
    return {"type": "Polygon", "coordinates": [closed(ring)]}


def write(name, features):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)
        f.write("\n")


write("land.geojson", [
    feature(polygon(SPAIN), id="spain"),
    feature(polygon(PORTUGAL), id="portugal"),
])
control, front = [], []
for pid, start, end, line in PHASES:
    east, west = cut(line)
    control.append(feature(polygon(east), id=f"rep-{pid}", power="REP", start_date=start, end_date=end))
    control.append(feature(polygon(west), id=f"nat-{pid}", power="NAT", start_date=start, end_date=end))
    # Drawn north to south: the Republicans on the left (east).
    front.append(feature({"type": "LineString", "coordinates": [list(p) for p in line]},
                         id=f"front-{pid}", kind="front", left_power="REP", right_power="NAT",
                         power="REP", start_date=start, end_date=end))
write("control.geojson", control)
write("front.geojson", front)

TOWNS = [
    # id, lon, lat, rank, English name, Spanish name (None: the same, given once)
    ("madrid", -3.70, 40.42, 1, "Madrid", None),
    ("barcelona", 2.17, 41.39, 1, "Barcelona", None),
    ("valencia", -0.38, 39.47, 1, "Valencia", None),
    ("seville", -5.98, 37.39, 1, "Seville", "Sevilla"),
    ("burgos", -3.70, 42.34, 2, "Burgos", None),
    ("salamanca", -5.66, 40.97, 2, "Salamanca", None),
    ("saragossa", -0.88, 41.65, 2, "Saragossa", "Zaragoza"),
    ("malaga", -4.42, 36.72, 2, "Malaga", "Málaga"),
    ("bilbao", -2.93, 43.26, 2, "Bilbao", None),
    ("toledo", -4.02, 39.86, 3, "Toledo", None),
    ("guadalajara", -3.17, 40.63, 3, "Guadalajara", None),
    ("corunna", -8.40, 43.36, 2, "Corunna", "La Coruña"),
]
towns = []
for tid, lon, lat, rank, en, es in TOWNS:
    props = {"id": tid, "name": en, "rank": rank}
    if es:
        props["name:es"] = es
    towns.append(feature({"type": "Point", "coordinates": [lon, lat]}, **props))
write("towns.geojson", towns)
