#!/usr/bin/env python3
"""Import the governorates and oblasts of the Russian Empire (1897 census
units) for the built-in theatre, simplified, into geodata/basemap/.

    python3 tools/import_governorates.py SHAPEFILE_BASE

SHAPEFILE_BASE is the path of `1897RussianEmpire` without extension (the
.shp, .shx, .dbf and .prj files).  They are in the git repository
fant0md/empire-migrations-coursework (data/1897RussianEmpire.*), a derived
copy of the Transcultural Empire GIS (Sablin et al. 2015, heiDATA,
doi:10.11588/data/10064); extract them with

    git -C <bare repo> show HEAD:data/1897RussianEmpire.shp > 1897RussianEmpire.shp

(likewise .shx .dbf .prj).  The layer is geographic WGS84 (its .prj:
GCS_WGS_1984, degrees); this script refuses any other .prj.

Writes geodata/basemap/governorates.geojson: one feature per unit reaching
the theatre's clip box, simplified as a coverage (shared edges stay shared,
no gaps or overlaps open) at SIMPLIFY_M in the theatre's Lambert conic, then
rounded to 4 decimals.  The outer edges (coasts, state border) are the
source's own; tools/build_history.py uses the units only as cutters and
clips them to the Natural Earth land and 1918 border, so coasts come from
one source everywhere.  Re-running gives byte-identical output.
Requires shapely >= 2.1 (coverage_simplify), pyproj, pyshp.
"""
import json
import os
import sys

import numpy as np
import shapefile
import shapely
from pyproj import Transformer
from shapely.geometry import box, mapping, shape
from shapely.geometry.polygon import orient

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "geodata", "basemap", "governorates.geojson")
LCC = "+proj=lcc +lat_1=45 +lat_2=65 +lat_0=50 +lon_0=100 +datum=WGS84 +units=m +no_defs"
CLIP = (40.0, 30.0, 160.0, 72.0)   # as tools/import_basemap.py
SIMPLIFY_M = 2000                  # 0.8 px at ~2.5 km/px; the source is coarser than this
MIN_PART_KM2 = 25                  # islets below ~2 x 2 px dropped
WGS84_PRJ = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]'

_FWD_T = Transformer.from_crs("EPSG:4326", LCC, always_xy=True)
_INV_T = Transformer.from_crs(LCC, "EPSG:4326", always_xy=True)


def _fwd(g):
    return shapely.transform(g, lambda c: np.column_stack(_FWD_T.transform(c[:, 0], c[:, 1])))


def _inv(g):
    return shapely.transform(g, lambda c: np.column_stack(_INV_T.transform(c[:, 0], c[:, 1])))


# The units the history layers cut by: the Volga-Kama country, the Urals,
# Siberia, the Steppe and the Far East (the rest of the empire is not needed).
KEEP = {"Vyatka", "Perm", "Kazan", "Simbirsk", "Samara", "Ufa", "Orenburg", "Ural", "Turgay",
        "Akmolinsk", "Semipalatinsk", "Semirechye", "Tobolsk", "Tomsk", "Yeniseysk", "Irkutsk",
        "Transbaikal", "Amur", "Primorye", "Yakutsk", "Sakhalin",
        # Soviet Russia west of the Urals within the frame (drawn whole from 1920)
        "Arkhangelsk", "Vologda", "Kostromskaya", "Nizhegorodskaya", "Penzenskaya", "Saratovskaya",
        "Astrakhanskaya", "Tambovskaya", "Voyska Donskogo", "Yaroslavskaya", "Vladimirskaya",
        "Ryazanskaya", "Voronezhskaya", "Olonetskaya"}


# 1897 transliterations of the source -> the English short names used on the
# map and in tools/build_history.py; kind from the Russian name.
def short_name(eng):
    base = eng.replace(" guberniya", "").replace(" oblast", "").strip()
    fixes = {"Eniseyskaya": "Yeniseysk", "Zabaykalskaya": "Transbaikal", "Primorskaya": "Primorye",
             "Amurskaya": "Amur", "Irkutskaya": "Irkutsk", "Tomskaya": "Tomsk", "Tobolskaya": "Tobolsk",
             "Yakutskaya": "Yakutsk", "Permskaya": "Perm", "Vyatskaya": "Vyatka", "Ufimskaya": "Ufa",
             "Orenburgskaya": "Orenburg", "Akmolinskaya": "Akmolinsk", "Semipalatinskaya": "Semipalatinsk",
             "Turgayskaya": "Turgay", "Uralskaya": "Ural", "Samarskaya": "Samara", "Kazanskaya": "Kazan",
             "Simbirskaya": "Simbirsk", "Arkhangelskaya": "Arkhangelsk", "Vologodskaya": "Vologda",
             "Semirechenskaya": "Semirechye", "Syr-Daryinskaya": "Syr-Darya"}
    return fixes.get(base, base)


def slug(s):
    out = "".join(c if c.isalnum() else "-" for c in s.lower())
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    base = sys.argv[1]
    with open(base + ".prj", encoding="ascii") as f:
        prj = f.read()
    if not prj.startswith(WGS84_PRJ):
        sys.exit("%s.prj: expected geographic WGS84, got %s" % (base, prj[:80]))
    r = shapefile.Reader(base, encoding="utf-8")
    clip = box(*CLIP)
    names, geoms, props = [], [], []
    for sr in r.iterShapeRecords():
        rec = sr.record.as_dict()
        g = shapely.make_valid(shape(sr.shape.__geo_interface__))
        if not g.intersects(clip):
            continue
        g = g.intersection(clip)
        polys = [p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon"]
        if not polys:
            continue
        ru = rec["NAMERUS"]
        kind = "guberniya" if "губерния" in ru else "oblast" if "область" in ru else "other"
        name = short_name(rec["NAMEENG"])
        if name not in KEEP:
            continue
        names.append(name)
        geoms.append(_fwd(shapely.MultiPolygon(polys)))
        props.append({"id": "gov-" + slug(name), "name": name, "name_ru": ru, "name_1897": rec["NAMEENG"],
                      "kind": kind})
    geoms = list(shapely.coverage_simplify(geoms, SIMPLIFY_M))
    feats = []
    for g, p in zip(geoms, props):
        g = shapely.make_valid(g)
        parts = [q for q in getattr(g, "geoms", [g]) if q.geom_type == "Polygon" and q.area >= MIN_PART_KM2 * 1e6]
        if not parts:
            continue
        g = shapely.set_precision(_inv(shapely.MultiPolygon(parts)), 1e-4)
        g = shapely.MultiPolygon([orient(q, 1.0) for q in getattr(g, "geoms", [g]) if q.geom_type == "Polygon"])
        geo = mapping(g if len(g.geoms) > 1 else g.geoms[0])
        feats.append((p["id"], {"type": "Feature", "properties": p, "geometry": geo}))
    feats.sort(key=lambda x: x[0])
    ids = [i for i, _ in feats]
    if len(set(ids)) != len(ids):
        sys.exit("duplicate unit ids: %s" % sorted(i for i in ids if ids.count(i) > 1))
    meta = {"source": "Transcultural Empire GIS (Sablin et al. 2015, heiDATA doi:10.11588/data/10064), "
                      "1897 census units, via github.com/fant0md/empire-migrations-coursework data/1897RussianEmpire; "
                      "simplified (coverage, %d m in the theatre LCC); see geodata/SOURCES.md" % SIMPLIFY_M,
            "generator": "tools/import_governorates.py"}
    lines = ['{"type":"FeatureCollection","metadata":%s,"features":[' % json.dumps(meta, sort_keys=True)]
    body = [json.dumps(f, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for _, f in feats]
    lines.append(",\n".join(body))
    lines.append("]}")
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %s: %d units, %d bytes" % (os.path.relpath(OUT, ROOT), len(feats), os.path.getsize(OUT)))


if __name__ == "__main__":
    main()
