#!/usr/bin/env python3
"""Build the 1918 railways and the historical layers of the Siberian
Intervention theatre (phasemap).

    python3 tools/build_history.py [SHARED_DATA_DIR]      # default /work/shared/data

Writes (deterministic: the same bytes on every run):
    geodata/railways.geojson
    geodata/history/{control,presence,front,movement,event}.geojson

Everything hand-authored lives in this file as plain tables (station
coordinates, region anchor polygons, dates, captions); the code only
buffers, unions, clips and writes.  Sources:
  [seed]    /work/shared/history/seed-siberian-intervention.txt (Wikipedia article)
  [general] general historical knowledge as summarised in
            /work/shared/history/BRIEF.md (FRUS 1919 Russia doc. 613 for the
            Inter-Allied railway guard sectors), plus the author's general
            knowledge for station coordinates (marked 'gk', accuracy about
            +-5 km; enough at ~2.5 km per pixel).
  gaz       coordinates from /work/shared/data/gazetteer/towns.csv (GeoNames).
Geometry inputs: Natural Earth 10m land, lakes and admin-0 boundary lines
from the shared data (public domain).

All metric work (buffers, simplification, areas) is done in the theatre's
Lambert conformal conic (see LCC below); output is RFC 7946 lon/lat.
"""
import csv
import json
import math
import os
import sys

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import (LineString, MultiLineString, MultiPolygon, Point,
                              Polygon, mapping, shape)
from shapely.ops import linemerge, substring, transform, unary_union

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"
NE = os.path.join(SHARED, "basemap", "ne_10m")
GAZ = os.path.join(SHARED, "gazetteer", "towns.csv")

LCC = "+proj=lcc +lat_1=45 +lat_2=65 +lat_0=50 +lon_0=100 +datum=WGS84 +units=m +no_defs"
_FWD = Transformer.from_crs("EPSG:4326", LCC, always_xy=True)
_INV = Transformer.from_crs(LCC, "EPSG:4326", always_xy=True)
DEC = 5                       # output decimals (about 1 m)
END_OF_PERIOD = "1922-11-16"  # exclusive end of the last phase


def _tr(t):
    def f(a):
        x, y = t.transform(a[:, 0], a[:, 1])
        return np.column_stack([x, y])
    return f


def to_m(g):
    return shapely.transform(g, _tr(_FWD))


def to_ll(g):
    return shapely.transform(g, _tr(_INV))


def densify_ll(coords, step_deg=0.25):
    """Insert vertices so hand-drawn lon/lat edges follow the curved graticule."""
    out = []
    for (x0, y0), (x1, y1) in zip(coords[:-1], coords[1:]):
        n = max(1, int(math.ceil(max(abs(x1 - x0), abs(y1 - y0)) / step_deg)))
        for i in range(n):
            out.append((x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n))
    out.append(coords[-1])
    return out


def poly_ll(coords):
    """Hand-drawn lon/lat polygon -> metric polygon (densified)."""
    c = list(coords)
    if c[0] != c[-1]:
        c.append(c[0])
    return to_m(Polygon(densify_ll(c))).buffer(0)


def line_ll(coords, step=0.25):
    return to_m(LineString(densify_ll(list(coords), step)))


# ---------------------------------------------------------------------------
# Gazetteer
# ---------------------------------------------------------------------------
def load_gazetteer():
    g = {}
    with open(GAZ, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            g[row["name"]] = (float(row["lon"]), float(row["lat"]))
    return g


GZ = load_gazetteer()


def P(name):
    """Gazetteer point (lon, lat)."""
    return GZ[name]


# ---------------------------------------------------------------------------
# 1. RAILWAYS (static, as built by 1916; the Amur line was complete in 1916)
# ---------------------------------------------------------------------------
# Each route is a list of waypoints (label, lon, lat, src).  src 'gaz' = from
# the gazetteer (lon/lat filled in from towns.csv, the numbers given here are
# only for reading), 'gk' = general-knowledge station or bend position
# (about +-5 km), 'brief' = BRIEF.md anchor table.  Special entry
# ('@BAIKAL', from, to) = follow the south shore of Lake Baikal at a fixed
# offset inland (computed from the NE 10m Baikal polygon, see baikal_shore()).
def W(label, lon=None, lat=None, src="gk"):
    if src == "gaz":
        lon, lat = P(label)
    return (label, lon, lat, src)


RAIL = [
    # --- Trans-Siberian main line, Samara-Zlatoust section (Ufa is off-frame)
    dict(id="transsib-ufa-chelyabinsk", name="Trans-Siberian Railway (Samara-Zlatoust section)",
         line="trans-siberian", kind="main", pts=[
             W("Ufa", src="gaz"), W("Iglino", 56.43, 54.83), W("Asha", 57.27, 54.99),
             W("Sim", 57.69, 54.99), W("Kropachevo", 57.99, 55.01), W("Berdyaush", 59.11, 55.16),
             W("Zlatoust", src="gaz"), W("Miass", 60.10, 55.05), W("Chebarkul", 60.37, 54.98),
             W("Chelyabinsk", src="gaz")]),
    # --- Trans-Siberian: Chelyabinsk - Irkutsk
    dict(id="transsib-chelyabinsk-irkutsk", name="Trans-Siberian Railway", line="trans-siberian",
         kind="main", pts=[
             W("Chelyabinsk", src="gaz"), W("Kurtamysh junction", 62.10, 55.18),
             W("Shumikha", 63.29, 55.23), W("Mishkino", 63.92, 55.34), W("Kurgan", src="gaz"),
             W("Lebyazhye", 66.50, 55.27), W("Makushino", 67.25, 55.21), W("Petukhovo", 67.89, 55.07),
             W("Mamlyutka", 68.54, 54.94), W("Petropavlovsk", src="gaz"), W("Bulayevo", 70.44, 54.90),
             W("Isilkul", 71.27, 54.91), W("Maryanovka", 72.62, 54.98), W("Omsk", src="gaz"),
             W("Kalachinsk", 74.58, 55.05), W("Tatarsk", 75.97, 55.22), W("Barabinsk", 78.35, 55.35),
             W("Kargat", 80.28, 55.19), W("Chulym", 80.96, 55.10), W("Kochenyovo", 82.20, 55.02),
             W("Novonikolayevsk", src="gaz"), W("Bolotnoye", 84.39, 55.67), W("Yurga", 84.89, 55.72),
             W("Taiga", src="gaz"), W("Anzhero-Sudzhensk", 86.08, 56.08), W("Mariinsk", 87.75, 56.21),
             W("Tyazhin", 88.52, 56.11), W("Bogotol", 89.53, 56.21), W("Achinsk", src="gaz"),
             W("Kozulka", 91.20, 56.16), W("Krasnoyarsk", src="gaz"), W("Uyar", 94.32, 55.81),
             W("Zaozyorny", 94.70, 55.96), W("Kansk", src="gaz"), W("Ilansky", 96.06, 56.24),
             W("Reshoty", 96.85, 56.15), W("Taishet", 98.00, 55.94), W("Alzamay", 98.66, 55.55),
             W("Nizhneudinsk", src="gaz"), W("Khudoelanskaya", 99.63, 54.70), W("Budagovo", 100.13, 54.63),
             W("Tulun", src="gaz"), W("Kuytun", 101.50, 54.34, "brief"),
             W("Zima", 102.05, 53.92), W("Kutulik", 102.78, 53.36), W("Cheremkhovo", 103.07, 53.15),
             W("Usolye", 103.65, 52.75), W("Telma bend", 103.90, 52.60), W("Innokentyevskaya", 104.20, 52.36),
             W("Irkutsk", src="gaz")]),
    # --- Circum-Baikal (1905 route along the old Angara line and the south shore)
    dict(id="circum-baikal", name="Circum-Baikal Railway", line="circum-baikal", kind="main", pts=[
        W("Irkutsk", src="gaz"), W("Angara left bank (Mikhalevo)", 104.42, 52.18),
        W("Angara left bank (Bolshaya Rechka)", 104.62, 52.02),
        W("Angara left bank (Nikola)", 104.76, 51.90),
        ("@BAIKAL", "Baikal station", "Boyarsky")]),   # ends where the line leaves the shore
    dict(id="transsib-mysovaya-karymskaya", name="Trans-Siberian Railway (Transbaikal Railway)",
         line="trans-siberian", kind="main", pts=[
             W("Boyarsky (leaves the shore)", 106.10, 51.86), W("Timlyuy", 106.35, 51.93),
             W("Kamensk", 106.58, 51.98), W("Selenga valley (Tataurovo)", 106.98, 52.03),
             W("Zaudinsky", 107.40, 51.88), W("Verkhneudinsk", src="gaz"), W("Onokhoy", 108.05, 51.92),
             W("Zaigraevo", 108.27, 51.84), W("Novoilyinsky", 108.70, 51.70), W("Tarbagatay bend", 108.85, 51.50),
             W("Petrovsky Zavod", 108.86, 51.28), W("Bada", 109.43, 51.42), W("Khilok", 110.46, 51.36),
             W("Khushenga", 111.03, 51.50), W("Mogzon", 111.96, 51.74), W("Gongota", 112.25, 51.77, "brief"),
             W("Yablonovaya", 112.70, 51.95), W("Ingoda valley (Ingoda)", 113.10, 52.05),
             W("Chita", src="gaz"), W("Kenon bend", 113.62, 51.98), W("Ingoda (Novaya)", 113.85, 51.82),
             W("Darasun", 114.02, 51.66), W("Karymskaya", src="gaz")]),
    # --- Chinese Eastern Railway via Manchuria station
    dict(id="cer-karymskaya-manchuria", name="Chinese Eastern Railway (Transbaikal connection)",
         line="chinese-eastern", kind="main", pts=[
             W("Karymskaya", src="gaz"), W("Tarskaya", 114.55, 51.55), W("Urulga bend", 114.85, 51.25),
             W("Olovyannaya", src="gaz"), W("Yasnaya", 115.90, 50.65), W("Borzya", src="gaz"),
             W("Kharanor", 116.78, 50.15), W("Dauriya", src="gaz"), W("Matsiyevskaya", 117.15, 49.75),
             W("Otpor (border)", 117.33, 49.64), W("Manchuria", src="gaz")]),
    dict(id="cer-manchuria-harbin", name="Chinese Eastern Railway", line="chinese-eastern", kind="main", pts=[
        W("Manchuria", src="gaz"), W("Jalainur", 117.70, 49.45), W("Wangong", 118.60, 49.35),
        W("Hailar", src="gaz"), W("Hahaer bend", 120.20, 49.25), W("Yakeshi", 120.73, 49.29),
        W("Mianduhe", 121.00, 49.05), W("Xinganling (Khingan tunnel)", 121.40, 48.85),
        W("Khingan loop", 121.70, 48.80), W("Bukhedu", 121.92, 48.77), W("Nirji bend", 122.35, 48.35),
        W("Zhalantun", 122.74, 48.01), W("Chengjisihan", 123.25, 47.65), W("Angangxi (Tsitsihar station)", 123.85, 47.17),
        W("Tailai bend", 124.25, 46.95), W("Xiaohaozi", 124.80, 46.70), W("Anda", 125.32, 46.40),
        W("Zhaodong", 125.98, 46.07), W("Harbin", src="gaz")]),
    dict(id="cer-harbin-nikolsk", name="Chinese Eastern Railway", line="chinese-eastern", kind="main", pts=[
        W("Harbin", src="gaz"), W("Acheng", 126.96, 45.54), W("Maoershan", 127.55, 45.28),
        W("Yimianpo", 128.04, 45.07), W("Hailin bend", 128.60, 44.90), W("Hengdaohezi", 129.03, 44.81),
        W("Mudanjiang", src="gaz"), W("Modaoshi", 130.06, 44.62), W("Xiachengzi", 130.45, 44.70),
        W("Suiyang", 130.90, 44.43), W("Pogranichnaya", src="gaz"), W("Grodekovo", 131.38, 44.40),
        W("Sinelnikovo bend", 131.60, 44.15), W("Kraskovo", 131.80, 43.95), W("Nikolsk-Ussuriysky", src="gaz")]),
    # --- Ussuri Railway Vladivostok - Khabarovsk
    dict(id="ussuri-vladivostok-khabarovsk", name="Ussuri Railway", line="ussuri", kind="main", pts=[
        W("Vladivostok", src="gaz"), W("Pervaya Rechka", 131.905, 43.135), W("Vtoraya Rechka", 131.925, 43.175),
        W("Sedanka", 131.975, 43.215), W("Okeanskaya", 132.015, 43.245), W("Trudovoye", 132.055, 43.300),
        W("Ugolnaya", 132.065, 43.330), W("Nadezhdinskaya", 132.03, 43.39), W("Razdolnoye", 131.92, 43.55),
        W("Baranovsky", 131.95, 43.68), W("Nikolsk-Ussuriysky", src="gaz"), W("Dmitriyevka", 132.20, 43.98),
        W("Manzovka (Sibirtsevo)", 132.45, 44.20), W("Muchnaya", 132.60, 44.40), W("Spassk", src="gaz"),
        W("Yevgenyevka", 132.95, 44.75), W("Shmakovka", 133.12, 45.05), W("Kraevsky (Dukhovskaya)", 133.30, 45.25),
        W("Ussuri station (Muravyevo-Amurskaya)", 133.48, 45.48), W("Iman", src="gaz"),
        W("Guberovo", 134.02, 46.15), W("Luchegorsk (Pozharskaya)", 134.26, 46.47), W("Bikin", 134.27, 46.82),
        W("Vyazemsky", 134.75, 47.54), W("Khor", 134.95, 47.89), W("Krasnaya Rechka", 135.05, 48.35),
        W("Khabarovsk", src="gaz")]),
    dict(id="suchan-branch", name="Suchan branch", line="suchan", kind="branch", pts=[
        W("Ugolnaya", 132.065, 43.330), W("Artyom", 132.19, 43.36), W("Shkotovo", 132.36, 43.33),
        W("Smolyaninovo", 132.55, 43.37), W("Fanza bend", 132.85, 43.25), W("Suchan", 133.13, 43.13, "brief")]),
    # --- Amur Railway Karymskaya - Khabarovsk (completed 1916)
    dict(id="amur-karymskaya-khabarovsk", name="Amur Railway", line="amur", kind="main", pts=[
        W("Karymskaya", src="gaz"), W("Urulga", 114.72, 51.68), W("Onon (Ingoda-Onon confluence)", 115.55, 51.72),
        W("Shilka", 116.03, 51.85), W("Kholbon", 116.30, 51.88), W("Priiskovaya (Nerchinsk station)", 116.55, 51.93),
        W("Shilka valley bend", 117.00, 51.93), W("Kuenga", 117.38, 51.97), W("Kuenga valley", 117.20, 52.25),
        W("Chernyshevsk (Bushuley)", 117.01, 52.52), W("Zilovo", 117.55, 53.00), W("Ksenyevskaya", 118.72, 53.57),
        W("Mogocha", 119.77, 53.74), W("Amazar", 120.87, 53.86), W("Yerofey Pavlovich", 121.95, 53.96),
        W("Urusha", 122.90, 54.05), W("Bolshoy Never (Skovorodino)", 123.93, 53.99), W("Taldan", 124.83, 53.67),
        W("Magdagachi", 125.80, 53.45), W("Tygda", 126.35, 53.12), W("Ushumun", 126.70, 52.80),
        W("Shimanovsk", 127.68, 52.00), W("Alekseevsk", src="gaz"),
        W("Bochkaryovo (Belogorsk)", 128.47, 50.92), W("Zavitaya", 129.44, 50.12), W("Bureya", 129.97, 49.80),
        W("Arkhara", 130.08, 49.42), W("Obluchye", 131.05, 49.00), W("Londoko", 131.90, 49.03),
        W("Bira", 132.45, 49.00), W("Tikhonkaya (Birobidzhan)", 132.93, 48.79), W("Birofeld bend", 133.40, 48.65),
        W("In (Smidovich)", 133.82, 48.60), W("Volochayevka", src="gaz"), W("Amur bridge (west end)", 134.95, 48.53),
        W("Khabarovsk", src="gaz")]),
    dict(id="sretensk-branch", name="Sretensk branch", line="sretensk", kind="branch", pts=[
        W("Kuenga", 117.38, 51.97), W("Shilka valley", 117.55, 52.12), W("Sretensk", src="gaz")]),
    dict(id="blagoveshchensk-branch", name="Blagoveshchensk branch", line="blagoveshchensk", kind="branch", pts=[
        W("Bochkaryovo (Belogorsk)", 128.47, 50.92), W("Tambovka bend", 128.10, 50.62),
        W("Blagoveshchensk", src="gaz")]),
    # --- Western lines
    dict(id="perm-yekaterinburg", name="Perm-Yekaterinburg-Tyumen-Omsk", line="perm-tyumen-omsk",
         kind="main", pts=[
             W("Perm", src="gaz"), W("Kungur", 56.95, 57.43), W("Kishert", 57.25, 57.35),
             W("Shalya", 58.75, 57.25), W("Kuzino", 59.45, 57.02), W("Pervouralsk", 59.95, 56.91),
             W("Ekaterinburg", src="gaz")]),
    # Perm - Vyatka (the Perm-Kotlas railway of 1899, Vyatka-Perm section)
    dict(id="perm-vyatka", name="Perm-Vyatka Railway", line="perm-kotlas", kind="main", pts=[
        W("Perm", src="gaz"), W("Overyata", 55.85, 58.08), W("Mendeleyevo", 55.20, 58.13),
        W("Vereshchagino", 54.65, 58.08), W("Kez", 53.73, 57.90), W("Balezino", 53.11, 57.97),
        W("Glazov", 52.66, 58.14), W("Yar", 52.10, 58.24), W("Zuyevka", 51.13, 58.41),
        W("Vyatka", src="gaz")]),
    dict(id="yekaterinburg-tyumen-omsk", name="Perm-Yekaterinburg-Tyumen-Omsk", line="perm-tyumen-omsk",
         kind="main", pts=[
             W("Ekaterinburg", src="gaz"), W("Bogdanovich", 62.05, 56.78), W("Kamyshlov", 62.71, 56.84),
             W("Talitsa", 63.73, 57.01), W("Tugulym", 64.64, 57.06), W("Tyumen", src="gaz"),
             W("Yalutorovsk", 66.31, 56.66), W("Zavodoukovsk", 66.55, 56.50), W("Golyshmanovo", 68.38, 56.39),
             W("Ishim", src="gaz"), W("Maslyanskaya", 70.40, 55.95), W("Nazyvayevsk", 71.35, 55.57),
             W("Lyubinsky", 72.60, 55.15), W("Omsk", src="gaz")]),
    dict(id="yekaterinburg-chelyabinsk", name="Yekaterinburg-Chelyabinsk", line="yekaterinburg-chelyabinsk",
         kind="main", pts=[
             W("Ekaterinburg", src="gaz"), W("Sysert bend", 60.78, 56.50), W("Kasli", 60.75, 55.89),
             W("Kyshtym", 60.55, 55.71), W("Argayash", 60.87, 55.49), W("Chelyabinsk", src="gaz")]),
    dict(id="tomsk-branch", name="Tomsk branch", line="tomsk", kind="branch", pts=[
        W("Taiga", src="gaz"), W("Mezheninovka", 85.30, 56.30), W("Tomsk", src="gaz")]),
    dict(id="harbin-changchun", name="Harbin-Changchun (South Manchurian branch)", line="harbin-changchun",
         kind="branch", pts=[
             W("Harbin", src="gaz"), W("Shuangchengpu", 126.31, 45.38), W("Sungari crossing (Taolaizhao)", 125.98, 44.95),
             W("Dehui", 125.70, 44.53), W("Mijiazi", 125.45, 44.15), W("Kuanchengzi", src="gaz")]),
]

BAIKAL_OFFSET_M = 3500  # Circum-Baikal drawn 3.5 km inland of the NE 10m shore


def load_fc(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["features"]


_LAKES = None


def baikal_m():
    global _LAKES
    if _LAKES is None:
        for f in load_fc(os.path.join(NE, "lakes.geojson")):
            if f["properties"].get("name") == "Lake Baikal":
                _LAKES = to_m(shape(f["geometry"]))
    return _LAKES


def baikal_shore(p_from, p_to):
    """Piece of the line offset BAIKAL_OFFSET_M from the Baikal shore, between
    the points nearest p_from and p_to, taken round the south-west end (Kultuk)."""
    lake = baikal_m()
    ring = LineString(lake.buffer(BAIKAL_OFFSET_M, quad_segs=8).exterior.coords)
    L = ring.length
    d0 = ring.project(to_m(Point(p_from)))
    d1 = ring.project(to_m(Point(p_to)))
    dk = ring.project(to_m(Point(103.70, 51.72)))  # Kultuk: must be on the arc

    def between(a, b, x):
        return a <= x <= b if a <= b else (x >= a or x <= b)
    if between(d0, d1, dk):
        arc = (substring(ring, d0, d1) if d0 <= d1 else
               LineString(list(substring(ring, d0, L).coords) + list(substring(ring, 0, d1).coords)[1:]))
    else:  # go the other way round and reverse
        arc = (substring(ring, d1, d0) if d1 <= d0 else
               LineString(list(substring(ring, d1, L).coords) + list(substring(ring, 0, d0).coords)[1:]))
        arc = LineString(list(arc.coords)[::-1])
    return arc.simplify(400)


BOYARSKY_GK = (106.10, 51.86)   # gk: where the line leaves the Baikal shore east of Mysovaya
_ARC = []


def shore_arc():
    if not _ARC:
        # start opposite the last Angara-bank waypoint (Baikal station, brief 51.87N 104.82E, is
        # at the outlet; the 3.5 km offset ring passes just south-west of it)
        _ARC.append(baikal_shore((104.74, 51.88), BOYARSKY_GK))
    return _ARC[0]


def rail_geometry(r):
    """Metric LineString of a route."""
    coords = []
    for w in r["pts"]:
        if w[0] == "@BAIKAL":
            coords.extend(shore_arc().coords)
        elif w[0].startswith("Boyarsky"):
            coords.append(shore_arc().coords[-1])   # join exactly where the shore arc ends
        else:
            coords.append(_FWD.transform(w[1], w[2]))
    # drop consecutive duplicates
    out = [coords[0]]
    for c in coords[1:]:
        if math.dist(c, out[-1]) > 1.0:
            out.append(c)
    return LineString(out)


def rail_source_note(r):
    gz = [w[0] for w in r["pts"] if w[0] != "@BAIKAL" and w[3] == "gaz"]
    gk = [w[0] for w in r["pts"] if w[0] != "@BAIKAL" and w[3] != "gaz"]
    s = "stations from gazetteer: " + ", ".join(gz) if gz else "no gazetteer stations"
    if gk:
        s += "; general-knowledge stations/bends (+-5 km): " + ", ".join(gk)
    if any(w[0] == "@BAIKAL" for w in r["pts"]):
        s += "; south-Baikal shore section traced 3.5 km inland of the NE 10m Baikal shoreline"
    return s


# ---------------------------------------------------------------------------
# Output helpers
# ---------------------------------------------------------------------------
def rnd(v):
    r = round(v, DEC)
    return 0.0 if r == 0 else r


def orient_ll(g):
    """RFC 7946 winding: exterior CCW, holes CW (in lon/lat)."""
    if g.geom_type == "Polygon":
        return shapely.geometry.polygon.orient(g, 1.0)
    if g.geom_type == "MultiPolygon":
        return MultiPolygon([shapely.geometry.polygon.orient(p, 1.0) for p in g.geoms])
    return g


def snap_ll(g):
    """Round to DEC decimals keeping polygons valid."""
    if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_valid:
        g = shapely.make_valid(g)   # the inverse projection can pinch near-touching rings
        g = unary_union([q for p in getattr(g, "geoms", [g]) if p.geom_type in ("Polygon", "MultiPolygon")
                         for q in getattr(p, "geoms", [p])])
    g = shapely.set_precision(g, 10 ** -DEC)
    if g.geom_type in ("Polygon", "MultiPolygon"):
        if not g.is_valid:
            g = shapely.make_valid(g)
        polys = [p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon" and not p.is_empty]
        if g.geom_type == "GeometryCollection":
            polys = [q for p in g.geoms if p.geom_type in ("Polygon", "MultiPolygon")
                     for q in getattr(p, "geoms", [p])]
        g = polys[0] if len(polys) == 1 else MultiPolygon(polys)
        g = orient_ll(g)
    return g


def geom_json(g):
    m = mapping(g)

    def r(c):
        if isinstance(c[0], (int, float)):
            return [rnd(c[0]), rnd(c[1])]
        return [r(x) for x in c]
    return {"type": m["type"], "coordinates": r(m["coordinates"])}


def write_fc(path, features, meta=None):
    features = sorted(features, key=lambda f: f["properties"]["id"])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    lines = ['{"type":"FeatureCollection",']
    if meta:
        lines.append('"metadata":' + json.dumps(meta, ensure_ascii=False, sort_keys=True) + ",")
    lines.append('"features":[')
    body = []
    for f in features:
        body.append(json.dumps({"type": "Feature", "properties": f["properties"],
                                "geometry": f["geometry"]}, ensure_ascii=False, separators=(",", ":")))
    lines.append(",\n".join(body))
    lines.append("]}")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print("wrote %-45s %4d features %9d bytes" % (os.path.relpath(path, ROOT), len(features),
                                                     os.path.getsize(path)))


def build_railways():
    feats = []
    lake = baikal_m()
    for r in RAIL:
        g = rail_geometry(r)
        if g.intersects(lake):
            raise SystemExit("railway %s crosses Lake Baikal" % r["id"])
        gl = to_ll(g)
        feats.append({"properties": {"id": r["id"], "name": r["name"], "line": r["line"],
                                     "kind": r["kind"], "source": "general",
                                     "source_note": rail_source_note(r)},
                      "geometry": geom_json(gl)})
    write_fc(os.path.join(ROOT, "geodata", "railways.geojson"), feats,
             {"source": "phasemap authors, general knowledge + GeoNames gazetteer; see geodata/SOURCES.md",
              "licence": "CC BY 4.0 (phasemap authors)"})
    return feats


def rail_m(rid):
    r = next(x for x in RAIL if x["id"] == rid)
    return rail_geometry(r)




# ---------------------------------------------------------------------------
# 2. PHASES (read from the manifest; snapshots are what the checker probes)
# ---------------------------------------------------------------------------
THEATRE_PATH = os.path.join(ROOT, "geodata", "theatre.json")
with open(THEATRE_PATH, encoding="utf-8") as _f:
    THEATRE = json.load(_f)
PHASES = [(p["id"], p["start_date"], p["end_date"], p["snapshot"]) for p in THEATRE["phases"]]


def phase_of(date):
    for pid, s, e, snap in PHASES:
        if s <= date < e:
            return pid, s, e, snap
    raise ValueError(date)


# ---------------------------------------------------------------------------
# 3. BASE GEOMETRY (metric)
# ---------------------------------------------------------------------------
WORK_BOX_LL = (40.0, 35.0, 160.0, 71.99)   # lon/lat window used for the history layers


def build_base():
    b = {}
    box = shapely.geometry.box(*WORK_BOX_LL)
    parts = []
    for f in load_fc(os.path.join(NE, "land.geojson")):
        g = shape(f["geometry"])
        if g.intersects(box):
            parts.append(g.intersection(box))
    # densified so that the box's edges stay on their parallels once projected
    land_ll = shapely.segmentize(unary_union(parts), 0.25)
    # Sakhalin = the land polygon containing Aleksandrovsk-Sakhalinsky
    sak_ll = next(p for p in land_ll.geoms if p.contains(Point(P("Aleksandrovsk-Sakhalinsky"))))
    # simplified once here (500 m, 0.2 px) so that the partition built from it
    # needs no later simplification (which would open gaps/overlaps)
    b["land"] = clean_area(to_m(land_ll).buffer(0).simplify(500).buffer(0), 6e6)
    b["sakhalin"] = to_m(sak_ll).buffer(0)
    b["baikal"] = baikal_m()

    borders = {}
    for f in load_fc(os.path.join(NE, "borders.geojson")):
        pr = f["properties"]
        key = tuple(sorted((str(pr["adm0_a3_l"]), str(pr["adm0_a3_r"]))))
        borders.setdefault(key, []).append(f["geometry"]["coordinates"])

    def one(a, bb, start):
        """The single NE line between countries a and bb, oriented to begin at `start`."""
        lines = borders[tuple(sorted((a, bb)))]
        c = max(lines, key=len)
        if math.dist(c[0], start) > math.dist(c[-1], start):
            c = c[::-1]
        return c
    # 1918 state border of Russia in the east = today's RU-CN (Argun, Amur,
    # Ussuri, Tumen) and RU-MN lines (the 1727 Kyakhta line); unchanged in
    # substance since 1860/1727 (minor 2004-2008 island adjustments ignored).
    short = min(borders[("CHN", "RUS")], key=len)       # Altai stub 87.32E-87.82E
    short = short if math.dist(short[0], (87.3238, 49.08527)) < 1e-3 else short[::-1]
    mn_ru = one("MNG", "RUS", (87.81632, 49.16584))
    ru_cn = one("RUS", "CHN", (116.68428, 49.82326))
    kp_ru = one("PRK", "RUS", (130.53077, 42.53048))
    chain = short + mn_ru[1:] + ru_cn[1:] + kp_ru[1:]
    closure = [(131.2, 42.0), (131.2, 30.0), (80.0, 30.0), (80.0, 49.0)]
    b["south_of_russia"] = to_m(Polygon(chain + closure)).buffer(0)   # China+Mongolia+Korea side
    cn_mn = one("CHN", "MNG", (116.68428, 49.82326))
    b["mongolia"] = to_m(Polygon(cn_mn + mn_ru[1:])).buffer(0)
    kp_cn = one("PRK", "CHN", (130.53077, 42.53048))
    b["korea"] = to_m(Polygon(kp_ru[::-1] + kp_cn[1:] + [(124.2, 39.8), (124.0, 36.0), (131.6, 36.0),
                                                          (131.6, 42.0)])).buffer(0)
    b["border_line"] = to_m(LineString(chain))
    return b


# ---------------------------------------------------------------------------
# Where control is drawn: the land the regimes reached (issue 15).  Control in
# 1918-22 was a railway-belt affair (BRIEF 3): towns, the railway and the
# steamer rivers were held; the taiga and steppe between them belonged to
# nobody in particular.  So a control zone is the part of its regime's
# governorates or oblasts (1897 census units, geodata/basemap/governorates.geojson)
# that lies within
#   RAIL_KM of a railway (both sides),
#   RIVER_KM of a navigable river of REACH_RIVERS (south of RIVER_NORTH_LAT),
#   TOWN_KM of a town of geodata/towns.geojson,
# clipped to the land and the 1918 state border.  Everything else is left
# unclaimed.  Widths are stated once here and in geodata/SOURCES.md.
# ---------------------------------------------------------------------------
RAIL_KM = 65          # a day's march either side of the line; cuts across it stay < 150 km
RIVER_KM = 30         # river towns and steamer landings
TOWN_KM = 45          # a town's district
RIVER_NORTH_LAT = 60.0
REACH_RIVERS = {"Amur", "Ussuri", "Shilka", "Ingoda", "Onon", "Argun", "Zeya", "Selenga", "Yenisei",
                "Angara", "Ob", "Irtysh", "Tobol", "Tura", "Ishim", "Tom", "Kama", "Belaya", "Vyatka",
                "Ural", "Chulym"}
UNITS_PATH = os.path.join(ROOT, "geodata", "basemap", "governorates.geojson")
# units west of Lake Baikal (cut by the Red-White fronts) and east of it
WEST_UNITS = ["Vyatka", "Perm", "Kazan", "Simbirsk", "Samara", "Ufa", "Orenburg", "Ural", "Turgay",
              "Akmolinsk", "Semipalatinsk", "Tobolsk", "Tomsk", "Yeniseysk", "Irkutsk", "Yakutsk",
              "Arkhangelsk", "Vologda", "Kostromskaya", "Nizhegorodskaya", "Penzenskaya", "Saratovskaya",
              "Astrakhanskaya", "Tambovskaya", "Voyska Donskogo", "Yaroslavskaya", "Vladimirskaya",
              "Ryazanskaya", "Voronezhskaya", "Olonetskaya"]
# Where a regime governed whole governorates rather than a railway belt, its
# zone is the whole unit: Soviet Russia west of Baikal once the Omsk regime
# had gone (5 Jan 1920), and the Far Eastern Republic in Transbaikalia and
# Amur once it held Chita (22 Oct 1920).  (power, from, pieces)
SETTLED = [("RED", "1920-01-05", {"west"}),
           ("FER", "1920-10-22", {"dauria", "plug", "tb_w1", "tb_w2", "tb_ne", "khab_w", "amur"})]
EAST_UNITS = ["Transbaikal", "Amur", "Primorye"]
# Uriankhai (Tuva), a Russian protectorate from 1914: left without control
# (gap).  Approximate Sayan-crest line (as in basemap/borders.geojson).
TUVA_LL = [(88.9, 49.0), (88.9, 49.95), (88.6, 50.9), (89.8, 51.7), (91.0, 52.0), (93.0, 52.6), (94.5, 52.9),
           (96.0, 53.3), (97.3, 53.6), (98.3, 53.3), (99.2, 52.5), (99.3, 51.4), (98.7, 49.0)]
# Points inside China, to pick China's faces out of the polygonised borders
CHINA_POINTS = [(126.64, 45.76), (116.4, 39.9), (87.6, 43.8), (75.99, 39.47), (103.8, 36.5), (111.7, 40.8),
                (123.4, 41.8), (119.7, 49.2)]
CHINA_SOUTH_LAT = 35.0   # below the frame's lowest corner (36.07N): no visible edge


def load_units():
    out = {}
    for f in load_fc(UNITS_PATH):
        out[f["properties"]["name"]] = to_m(shape(f["geometry"])).buffer(0)
    return out


def build_reach(russia):
    """Metric union of the railway, river and town corridors (see above)."""
    parts = [rail_m(r["id"]).buffer(RAIL_KM * 1000, quad_segs=8) for r in RAIL]
    north = shapely.geometry.box(40.0, 30.0, 160.0, RIVER_NORTH_LAT)
    for f in load_fc(os.path.join(ROOT, "geodata", "basemap", "rivers.geojson")):
        if f["properties"]["name"] in REACH_RIVERS:
            g = shape(f["geometry"]).intersection(north)
            if not g.is_empty:
                parts.append(to_m(densify_lines(g)).buffer(RIVER_KM * 1000, quad_segs=8))
    for f in load_fc(os.path.join(ROOT, "geodata", "towns.geojson")):
        parts.append(to_m(shape(f["geometry"])).buffer(TOWN_KM * 1000, quad_segs=16))
    # simplified once (500 m, 0.2 px) before partitioning, so that no control
    # polygon needs simplifying afterwards (which would open gaps/overlaps)
    return unary_union(parts).simplify(500).buffer(0).intersection(russia)


def densify_lines(g):
    return shapely.segmentize(g, 0.1)


def china_m(b):
    """China in 1918 (Manchuria, Inner Mongolia, Xinjiang and China proper in
    the frame): the faces of the Natural Earth admin-0 lines that contain a
    Chinese town, less Outer Mongolia and Korea, on land.  Its edges are the
    state borders and coasts; its southern clip lies outside the frame."""
    clip = shapely.geometry.box(40.0, CHINA_SOUTH_LAT, 160.0, 72.0)
    fs = load_fc(os.path.join(NE, "borders.geojson"))
    lines = [shape(f["geometry"]).intersection(clip) for f in fs]
    # the Sea of Japan joins the Chinese and Russian faces: close it with a
    # line out to sea from the Korean-Russian border's mouth of the Tumen
    kp_ru = [shape(f["geometry"]) for f in fs
             if {f["properties"]["adm0_a3_l"], f["properties"]["adm0_a3_r"]} == {"PRK", "RUS"}]
    ends = [Point(c) for g in kp_ru for c in (g.coords[0], g.coords[-1])]
    mouth = min(ends, key=lambda p: (p.y, p.x))
    lines = [g for g in lines if not g.is_empty] + [clip.exterior, LineString([mouth, (160.0, mouth.y)])]
    faces = list(shapely.ops.polygonize(unary_union(lines)))
    china = unary_union([f for f in faces if any(f.contains(Point(p)) for p in CHINA_POINTS)])
    china = china.intersection(shapely.geometry.box(40.0, CHINA_SOUTH_LAT, 135.5, 72.0))   # no Japan
    return to_m(densify_ll_poly(china)).buffer(0).intersection(b["land"]).difference(b["mongolia"]).difference(b["korea"])


def densify_ll_poly(g):
    return shapely.segmentize(g, 0.25)


def region_polys(b):
    """Region pieces of the control partition (metric), in priority order:
    each piece = its anchor (a unit, or a disc / rail corridor inside one) n
    the reach - all earlier pieces.  Returns an ordered dict name -> geometry."""
    units = load_units()
    # 300 m inside its borders: the Russian pieces are cut by it, and edges
    # that coincide to the last decimal trip polygon overlays downstream
    b["china"] = clean_area(china_m(b))
    b["china_drawn"] = clean_area(b["china"].buffer(-300))
    russia = (b["land"].difference(b["china"]).difference(b["mongolia"]).difference(b["korea"])
              .difference(poly_ll(TUVA_LL)).difference(b["baikal"]).difference(b["sakhalin"]))
    # each piece of Russian land goes to the unit it lies in; slivers where
    # the 1897 coast or border differs from Natural Earth go to the nearest unit
    wanted = WEST_UNITS + EAST_UNITS
    U = {n: russia.intersection(units[n]) for n in wanted}
    allu = unary_union(list(units.values()))
    rest = russia.difference(allu)
    for part in getattr(rest, "geoms", [rest]):
        # only slivers (the rest of Eurasia is one big leftover part)
        if part.geom_type != "Polygon" or part.area < 1e6 or part.area > 2e9:
            continue
        near = min(units, key=lambda n: (units[n].distance(part), n))
        if near in U and units[near].distance(part) < 20000:
            U[near] = U[near].union(part)
    # Yakutsk oblast is drawn only whole (Soviet from 1920): before that its
    # corridors would be slivers of the Amur railway's band beyond the oblast line
    reach = build_reach(unary_union([g for n, g in U.items() if n != "Yakutsk"]))
    b["reach"] = reach
    # anchors cut the whole units; each piece is kept whole ("name@full", for
    # the SETTLED regimes) and within the reach ("name")
    U = {n: clean_area(g) for n, g in U.items()}
    east = unary_union([U[n] for n in EAST_UNITS])
    tb, amur, pri = U["Transbaikal"], U["Amur"], U["Primorye"]
    khab_area = amur.union(pri)
    anchors = [
        # name, geometry (already inside the reach)
        ("grodekovo", pri.intersection(disc("Grodekovo", 45))),      # KAL base 1918-08 (approx.)
        # Semyonov's border base (Aug 1918) and last strip (Nov 1920): Borzya - Manchuria station
        ("dauria", tb.intersection(corridor([seg(R_CERW, "Borzya", None)], RAIL_KM))),
        # the 'Chita plug' of 1920: Chita, Karymskaya, Nerchinsk, Sretensk and
        # the railway to Manchuria station; its west end is the Gongota
        # no-man's line (about 85 km west of Chita)
        ("plug", tb.intersection(corridor([seg(R_TB, "Ingoda valley (Ingoda)", None), seg(R_CERW),
                                           seg(R_AMUR, "Karymskaya", "Kuenga"), seg("sretensk-branch")],
                                          RAIL_KM))),
        ("tb_w1", tb.intersection(disc("Verkhneudinsk", 190))),
        ("tb_w2", tb.intersection(disc("Verkhneudinsk", 420))),
        ("tb_ne", tb),
        # Khabarovsk and its approaches to the Volochayevka line (In lies
        # 110 km west, Volochayevka 40 km)
        ("khab", khab_area.intersection(disc("Khabarovsk", 75))),
        ("nikolayevsk", pri.intersection(disc("Nikolayevsk-on-Amur", 250))),
        ("khab_w", amur.intersection(disc("Khabarovsk", 260))),
        ("amur", amur),
        # the Ussuri line by distance from Vladivostok: southern Primorye to
        # just north of Spassk, the later neutral zone to about Ussuri station
        # (Spassk-Iman, BRIEF 3), then the line to Khabarovsk
        ("primorye_s", pri.intersection(disc("Vladivostok", 205))),
        ("neutral", pri.intersection(disc("Vladivostok", 285))),
        ("ussuri_n", pri.intersection(disc("Vladivostok", 560))),
        ("khab_ne", pri),
        ("west", unary_union([U[n] for n in WEST_UNITS])),
    ]
    out = {}
    taken = Polygon()
    for name, anc in anchors:
        g = clean_area(anc.difference(taken))
        out[name + "@full"] = g
        out[name] = clean_area(g.intersection(reach))
        taken = unary_union([taken, g])
    assert taken.symmetric_difference(east.union(out["west@full"])).area < 1e7
    # outside Russia
    north_half = poly_ll([(140.0, 50.0), (146.0, 50.0), (146.0, 55.0), (140.0, 55.0)])
    out["sakhalin_n"] = clean_area(b["sakhalin"].intersection(north_half))
    # Japanese Karafuto: Sakhalin south of the 1905 border on the 50th parallel
    out["karafuto"] = clean_area(b["sakhalin"].difference(north_half))
    out["korea"] = clean_area(b["land"].intersection(b["korea"]))
    out["manchuria"] = b["china_drawn"]
    out["mongolia"] = clean_area(b["land"].intersection(b["mongolia"]))
    # the west's land before the reach clip: fronts are drawn across all of it
    out["west_land"] = unary_union([russia.intersection(units[n]) for n in WEST_UNITS])
    return out


def clean_area(g, min_area=4e6):
    """Keep polygon parts >= min_area m2 (drops slivers and islets < 4 km2)."""
    polys = [p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon" and p.area >= min_area]
    if g.geom_type == "GeometryCollection":
        polys = [q for p in g.geoms if p.geom_type in ("Polygon", "MultiPolygon")
                 for q in getattr(p, "geoms", [p]) if q.area >= min_area]
    return unary_union(polys) if polys else Polygon()


# ---------------------------------------------------------------------------
# 4. CONTROL: fronts west of Baikal (digitised south -> north; WH east of the line)
# ---------------------------------------------------------------------------
# Anchors (approx., BRIEF 3 'Fronts and anchors' + general knowledge):
FRONTS_WEST = {
    # Aug 1918: Komuch/Czech front on the Volga (Kazan, Simbirsk, Syzran,
    # Samara White), Izhevsk-Votkinsk insurgents, Red Perm and Nizhny Tagil.
    "F0818": [(48.0, 48.8), (48.3, 51.0), (48.0, 52.3), (48.2, 53.2), (48.1, 54.3), (48.6, 55.6),
              (48.9, 56.1), (49.6, 56.4), (51.0, 56.5), (52.5, 57.3), (54.5, 57.3), (55.5, 56.3), (57.0, 56.0),
              (58.5, 56.5), (59.3, 57.0), (60.0, 57.8), (60.5, 58.9)],
    # 30 Nov 1918: Perm (Red) - Kungur (Red) - Ufa (White) - Orenburg (White)
    "F1811": [(53.5, 48.8), (53.8, 51.0), (53.6, 52.3), (54.0, 53.3), (54.6, 54.3), (55.0, 55.0),
              (55.2, 55.6), (55.8, 56.5), (56.9, 57.1), (57.4, 57.45), (57.3, 58.1), (58.2, 58.9)],
    # Jan-Feb 1919: Perm White (25 Dec), Ufa (31 Dec) and Orenburg (22 Jan) Red
    "F1901": [(55.5, 48.8), (55.6, 51.0), (56.0, 52.8), (56.35, 54.7), (55.7, 55.8), (54.9, 56.8),
              (55.0, 57.7), (55.5, 58.9)],
    # late Apr 1919: Glazov - Sarapul - Chistopol - Bugulma - Buguruslan (White) - Orenburg (Red)
    "F1904": [(57.0, 48.8), (56.0, 50.8), (55.6, 51.6), (54.6, 52.2), (53.3, 52.8), (52.2, 53.45),
              (51.6, 54.2), (51.0, 54.9), (50.6, 55.3), (51.3, 56.3), (52.0, 57.2), (52.3, 58.1),
              (52.8, 58.9)],
    # Jun 1919: Ufa Red (9 Jun); Perm still White until 1 Jul
    "F1906": [(57.8, 48.8), (57.3, 51.5), (56.9, 53.5), (56.7, 54.8), (56.4, 55.9), (55.6, 57.0),
              (56.0, 58.0), (56.5, 58.9)],
    # late Jul 1919: Yekaterinburg (14 Jul) and Chelyabinsk (25 Jul) Red
    "F1907": [(62.0, 48.8), (61.8, 52.0), (61.9, 55.0), (62.0, 56.0), (61.8, 57.0), (61.5, 58.9)],
    # Aug-Oct 1919: the Tobol line (Kurgan, Tyumen, Tobolsk Red)
    "F1908": [(65.0, 48.8), (64.5, 52.5), (65.2, 54.5), (66.0, 55.6), (66.8, 56.5), (68.0, 57.5),
              (68.5, 58.9)],
    # early Nov 1919: Petropavlovsk (30 Oct) and Ishim (4 Nov) Red
    "F1910": [(70.5, 48.8), (70.5, 53.0), (70.0, 54.9), (70.0, 56.0), (71.0, 57.5), (72.0, 58.9)],
    # 15 Nov 1919: 20-100 km east of Omsk, crossing the railway between Omsk
    # and Novonikolayevsk (at ~74.3E), north to Tara, south towards Pavlodar
    "F1911": [(78.0, 48.8), (77.2, 51.5), (76.3, 52.6), (75.5, 53.2), (75.0, 53.8), (74.4, 54.6), (74.3, 55.05),
              (74.4, 55.8), (74.7, 56.9), (74.8, 58.9)],
    # late Dec 1919: Novonikolayevsk (14 Dec), Tomsk (20 Dec) Red
    "F1912": [(83.0, 48.8), (84.5, 52.0), (86.0, 54.5), (87.0, 55.8), (86.5, 57.0), (86.0, 58.9)],
}
# which front is in force from which date (to the next entry)
WEST_PERIODS = [("1918-08-02", "F0818"), ("1918-09-10", "F1811"), ("1918-12-31", "F1901"),
                ("1919-03-04", "F1904"), ("1919-06-09", "F1906"), ("1919-07-14", "F1907"),
                ("1919-08-10", "F1908"), ("1919-10-30", "F1910"), ("1919-11-14", "F1911"),
                ("1919-12-14", "F1912"), ("1920-01-05", None)]
FRONT_NOTES = {
    "F0818": "Volga front (Kazan taken by the Whites 7 Aug 1918); general, approx.",
    "F1811": "Perm (Red) - Kungur - Ufa (White) - Orenburg (White), BRIEF 1918-11; general, approx.",
    "F1901": "after Perm (25 Dec 1918) and Ufa (31 Dec 1918); general, approx.",
    "F1904": "Glazov - Sarapul - Chistopol - Bugulma - Buguruslan - Orenburg (Red), BRIEF 1919-04; general, approx.",
    "F1906": "after Ufa (9 Jun 1919); general, approx.",
    "F1907": "after Yekaterinburg (14 Jul) and Chelyabinsk (25 Jul 1919); general, approx.",
    "F1908": "Tobol line, Aug-Oct 1919; general, approx.",
    "F1910": "after Petropavlovsk (30 Oct) and Ishim (4 Nov 1919); general, approx.",
    "F1911": "Omsk fell 14 Nov 1919; front 20-100 km east of Omsk, Tara to Pavlodar, BRIEF 1919-11; general, approx.",
    "F1912": "after Novonikolayevsk (14 Dec) and Tomsk (20 Dec 1919); general, approx.",
}


def east_side(front_ll):
    # closed far outside the land the fronts cut (north of 72N, south of 35N),
    # so that no closing edge shows as a zone edge
    return poly_ll(front_ll + [(front_ll[-1][0], 80.0), (179.0, 80.0), (179.0, 30.0), (front_ll[0][0], 30.0)])


# Timetables for the pieces east of the lake: (start, power, certainty,
# source, note); each entry runs to the next one; power None = no control
# drawn (gap).  All dates [general] unless the source says seed.
E = END_OF_PERIOD
FER_END = "1922-11-15"   # FER merged into the RSFSR on 15 Nov 1922
KAL_TL = [("1918-08-02", "RED", "high", "general", "Far Eastern Soviet (Khabarovsk) until Sep 1918"),
          ("1918-09-05", "KAL", "high", "seed+general", "ataman Kalmykov at Khabarovsk from 5 Sep 1918, Japanese-backed [seed]"),
          ("1920-02-13", "ZEMSTVO", "medium", "general", "Primorye zemstvo authority after Kalmykov fled (Feb 1920, approx.); Japanese garrison until autumn 1920"),
          ("1920-10-22", "FER", "medium", "general", "Far Eastern Republic after the Japanese left Khabarovsk (autumn 1920, approx.)"),
          ("1921-12-22", "PRI", "high", "general", "Priamur Whites take Khabarovsk 22 Dec 1921"),
          ("1922-02-14", "FER", "high", "general", "FER retakes Khabarovsk 14 Feb 1922 after Volochayevka"),
          (FER_END, None, None, None, None)]


def tl_replace(tl, start, end, entry):
    """Timetable with [start, end) replaced by entry (power, cert, src, note)."""
    out = []
    for i, t in enumerate(tl):
        t_end = tl[i + 1][0] if i + 1 < len(tl) else E
        if t_end <= start or t[0] >= end:
            out.append(t)
        else:
            if t[0] < start:
                out.append(t)
            if t_end > end:
                out.append((end,) + t[1:])
    out.append((start,) + tuple(entry))
    out.sort(key=lambda x: x[0])
    # collapse duplicates on the same start (keep the inserted one)
    res = []
    for t in out:
        if res and res[-1][0] == t[0]:
            res[-1] = t if t[1:] == tuple(entry) else res[-1]
        else:
            res.append(t)
    return res


SEM_NOTE = "Semyonov's Transbaikalia, Japanese-backed [seed]; Chita from late Aug/early Sep 1918 [general]"
TIMETABLE = {
    "primorye_s": [
        ("1918-08-02", "WH", "medium", "general", "Czech-protected anti-Bolshevik authorities at Vladivostok (Derber, Horvat), then Kolchak's Primorye administration"),
        ("1920-01-31", "ZEMSTVO", "high", "general", "Primorye zemstvo government, Vladivostok, from 31 Jan 1920"),
        ("1921-05-26", "PRI", "high", "seed+general", "Japanese-backed Provisional Priamur Government [seed], coup of 26 May 1921 [general]"),
        ("1922-10-25", "FER", "high", "general", "FER army enters Vladivostok 25 Oct 1922"),
        (FER_END, None, None, None, None)],
    "ussuri_n": KAL_TL,
    "khab": KAL_TL,
    "plug": [
        ("1918-08-02", "RED", "high", "general", "Soviet Chita (Tsentrosibir) until late Aug 1918"),
        ("1918-08-26", "WH", "medium", "general", "Chita taken by Czechoslovak and Siberian troops (late Aug 1918, approx.)"),
        ("1918-09-01", "SEM", "high", "seed+general", SEM_NOTE),
        ("1920-10-22", "FER", "high", "seed+general", "end of Semyonov's regime Oct 1920 [seed]; FER takes Chita 22 Oct 1920 [general]"),
        (FER_END, None, None, None, None)],
    "tb_w1": [
        ("1918-08-02", "RED", "medium", "general", "Soviet Transbaikalia"),
        ("1918-08-20", "WH", "medium", "general", "Verkhneudinsk taken by Czechoslovak and Siberian troops (~20 Aug 1918, approx.)"),
        ("1918-09-01", "SEM", "high", "seed+general", SEM_NOTE),
        ("1920-03-01", "RED", "medium", "general", "Bolshevik-led Verkhneudinsk authority after the Japanese left (Mar 1920, approx.)"),
        ("1920-04-06", "FER", "high", "general", "Far Eastern Republic, founded at Verkhneudinsk 6 Apr 1920"),
        (FER_END, None, None, None, None)],
    "tb_w2": [
        ("1918-08-02", "RED", "medium", "general", "Soviet Transbaikalia"),
        ("1918-08-26", "WH", "medium", "general", "Czechoslovak advance on Chita (late Aug 1918, approx.)"),
        ("1918-09-01", "SEM", "high", "seed+general", SEM_NOTE),
        ("1920-04-06", "FER", "medium", "general", "FER west of the Gongota no-man's line (approx.)"),
        (FER_END, None, None, None, None)],
    "tb_ne": [
        ("1918-08-02", "RED", "medium", "general", "Soviet Transbaikalia"),
        ("1918-09-01", "SEM", "medium", "seed+general", SEM_NOTE + "; countryside contested by partisans from 1919"),
        ("1920-04-06", "FER", "low", "general", "partisan-held eastern Transbaikalia aligned with the FER (approx.)"),
        (FER_END, None, None, None, None)],
    "amur": [
        ("1918-08-02", "RED", "high", "general", "Amur oblast soviet (Blagoveshchensk)"),
        ("1918-09-18", "WH", "medium", "general", "White administration under Japanese occupation after 18 Sep 1918; Omsk's authority largely nominal"),
        ("1920-02-06", "RED", "medium", "general", "partisans and Soviets retake Amur oblast (Feb 1920, approx.)"),
        ("1920-06-01", "FER", "low", "general", "Amur oblast joins the FER (summer 1920, approx.)"),
        (FER_END, None, None, None, None)],
    "nikolayevsk": [
        ("1918-08-02", "RED", "medium", "general", "Soviet Nikolayevsk-on-Amur"),
        ("1918-09-10", "WH", "medium", "general", "White administration with a Japanese garrison (Sep 1918, approx.)"),
        ("1920-02-28", "RED", "low", "general", "Tryapitsyn's partisans hold Nikolayevsk (Feb-Jun 1920)"),
        ("1920-06-03", None, None, None, None),   # Japanese military occupation, no civil control drawn
        ("1922-10-08", "FER", "medium", "general", "lower Amur to the FER after the Japanese left (autumn 1922, approx.)"),
        (FER_END, None, None, None, None)],
    "sakhalin_n": [
        ("1918-09-01", "WH", "low", "general", "White (Kolchak) administration on northern Sakhalin (nominal)"),
        ("1920-04-21", "JP", "high", "general", "Japanese occupation of northern Sakhalin (troops crossed 50N 21 Apr 1920; held until 15 May 1925)"),
        ("1925-05-15", None, None, None, None)],
    "manchuria": [
        ("1918-08-02", "CN", "high", "general", "China (Manchuria, Inner Mongolia, Xinjiang): Chinese territory in every phase; the CER zone is shown as presence"),
        (E, None, None, None, None)],
    "karafuto": [
        ("1918-08-02", "JPE", "high", "general", "Karafuto: southern Sakhalin, Japanese since the Treaty of Portsmouth (1905); the border is the 50th parallel"),
        (E, None, None, None, None)],
    "korea": [
        ("1918-08-02", "JPE", "high", "general", "Korea (Chosen), annexed by Japan in 1910"),
        (E, None, None, None, None)],
    "mongolia": [
        ("1919-10-29", "CN", "medium", "seed+general", "China 'later occupied Outer Mongolia' [seed]: Urga Oct-Nov 1919, lost to Ungern Feb 1921 [general]"),
        ("1921-02-04", None, None, None, None)],
}
# Grodekovo: Kalmykov's base area in Aug 1918 (approx.), then as southern Primorye
TIMETABLE["grodekovo"] = tl_replace(TIMETABLE["primorye_s"], "1918-08-02", "1918-09-05",
                                    ("KAL", "medium", "general", "Ussuri Cossack base area of Kalmykov at Grodekovo (Aug 1918, approx.)"))
# Dauria: Semyonov's base on the Manchurian border in Aug 1918; plug until late Nov 1920
TIMETABLE["dauria"] = tl_replace(
    tl_replace(TIMETABLE["plug"], "1918-08-02", "1918-09-01",
               ("SEM", "medium", "seed+general", "Special Manchurian Detachment [seed] around Dauria, Aug 1918 [general]")),
    "1920-10-22", "1920-11-21",
    ("SEM", "medium", "general", "Semyonov's last border strip until pushed into Manchuria (late Nov 1920, approx.)"))
# Ussuri line Spassk-Iman (the later neutral zone)
TIMETABLE["neutral"] = tl_replace(tl_replace(tl_replace(
    tl_replace(KAL_TL, "1918-08-02", "1918-08-24", ("RED", "medium", "general", "Ussuri front north of Spassk (Aug 1918)")),
    "1918-08-24", "1918-09-05", ("WH", "medium", "general", "Allied and White advance after Dukhovskaya (23-24 Aug 1918)")),
    "1920-10-22", "1921-12-22", (None, None, None, None)),
    "1922-02-14", "1922-10-09", (None, None, None, None))
TIMETABLE["neutral"] = tl_replace(TIMETABLE["neutral"], "1922-10-09", FER_END,
                                  ("FER", "medium", "general", "FER after Spassk (8-9 Oct 1922)"))
# west of the Volochayevka front and the middle Amur: never Priamur
TIMETABLE["khab_w"] = tl_replace(KAL_TL, "1920-10-22", FER_END,
                                 ("FER", "medium", "general", "Far Eastern Republic (from autumn 1920, approx.)"))
TIMETABLE["khab_ne"] = TIMETABLE["khab_w"]
CERT_HIGH_CORE = {"ussuri_n": "medium", "khab_w": "medium", "khab_ne": "low"}


def fix_tl(tl):
    """Normalise timetable entries to 5-tuples (tl_replace may insert 5-tuples of None)."""
    return [tuple(t) + (None,) * (5 - len(t)) for t in tl]


def west_power(inside_flags, date):
    """Power of a west piece at a date, given its membership of each front's
    east side (dict front -> bool)."""
    cur = None
    for s, fr in WEST_PERIODS:
        if s <= date:
            cur = fr
    if cur is None:
        return "RED"
    return "WH" if inside_flags[cur] else "RED"


def settled_split(pw, s, e, name):
    """[(start, end, whole)]: the entry [s, e) cut where its regime's zone
    becomes the whole unit (SETTLED)."""
    for p, t, names in SETTLED:
        if p == pw and name in names:
            if e <= t:
                return [(s, e, False)]
            if s >= t:
                return [(s, e, True)]
            return [(s, t, False), (t, e, True)]
    return [(s, e, False)]


def build_control(b, regions):
    """Returns list of (power, start, end, certainty, source, note, geom_m, piece_names)."""
    records = []
    for name, tl in TIMETABLE.items():
        tl = fix_tl(tl)
        g = regions[name]
        if g.is_empty and regions.get(name + "@full", g).is_empty:
            continue
        for i, (s, pw, cert, src, note) in enumerate(tl):
            e = tl[i + 1][0] if i + 1 < len(tl) else E
            if pw is None or s >= e:
                continue
            if name in CERT_HIGH_CORE and cert == "high":
                cert = CERT_HIGH_CORE[name] if name != "khab_ne" else "low"
            for s2, e2, whole in settled_split(pw, s, e, name):
                gg = regions[name + "@full"] if whole else g
                if not gg.is_empty:
                    records.append([pw, s2, e2, cert, src, note, gg, name])
    # west of Baikal: split the piece by every front's east side
    pieces = [(regions["west@full"], {})]
    for fid, coords in FRONTS_WEST.items():
        es = east_side(coords)
        nxt = []
        for g, flags in pieces:
            a, o = g.intersection(es), g.difference(es)
            for part, inside in ((a, True), (o, False)):
                part = clean_area(part, 1e6)
                if not part.is_empty:
                    f = dict(flags)
                    f[fid] = inside
                    nxt.append((part, f))
        pieces = nxt
    bounds = [s for s, _ in WEST_PERIODS]
    for g, flags in pieces:
        lon = to_ll(g.representative_point()).x
        runs = []
        for i, s in enumerate(bounds):
            e = bounds[i + 1] if i + 1 < len(bounds) else E
            pw = west_power(flags, s)
            if s >= "1920-01-05":
                cert = "medium" if s < "1920-01-22" else "high"
            else:
                cert = "medium" if lon < 62.0 else "high"
            if runs and runs[-1][0] == pw and runs[-1][3] == cert and s != "1920-01-05":
                runs[-1][2] = e
            else:
                runs.append([pw, s, e, cert])
        # split the final RED run at 1920-01-22 only for certainty (handled above)
        g_full, g_reach = g, clean_area(g.intersection(b["reach"]))
        for pw, s, e, cert in runs:
            g = g_full if s >= "1920-01-05" else g_reach
            if g.is_empty:
                continue
            if pw == "WH":
                note = "Siberian Whites / Omsk government (Kolchak from 18 Nov 1918); limit = front in force (approx.)"
                src = "seed+general"
            else:
                note = ("Soviet Russia; from Jan 1920 the RSFSR to Lake Baikal (Irkutsk Political Centre 5-21 Jan, "
                        "Bolshevik revkom from 22 Jan 1920)" if s >= "1920-01-05" else
                        "Soviet Russia west of the front (approx.)")
                src = "general"
            records.append([pw, s, e, cert, src, note, g, "west"])
    # merge records with identical (power, start, end, certainty, source, note)
    groups = {}
    for r in records:
        key = tuple(r[:6])
        groups.setdefault(key, []).append(r)
    out = []
    for key, rs in groups.items():
        g = unary_union([r[6] for r in rs])
        out.append(list(key) + [g, sorted(set(r[7] for r in rs))])
    out.sort(key=lambda r: (r[1], r[0], r[2], r[3], r[5]))
    return out


POWER_NAMES = {p: v["name"] for p, v in THEATRE["powers"].items()}


def slug(s):
    out = "".join(c if c.isalnum() else "-" for c in s.lower())
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def poly_out(g_m, simplify_m=300):
    """metric polygon -> snapped, oriented lon/lat polygon (valid)."""
    g = g_m.simplify(simplify_m, preserve_topology=True) if simplify_m else g_m
    g = to_ll(g)
    return snap_ll(g)


# ---------------------------------------------------------------------------
# 5. PRESENCE (foreign troops; may overlap anything)
# ---------------------------------------------------------------------------
def ST(label):
    """lon/lat of a station: railway waypoint label (exact, else prefix) or gazetteer."""
    for r in RAIL:
        for w in r["pts"]:
            if w[0] == label:
                return (w[1], w[2])
    for r in RAIL:
        for w in r["pts"]:
            if w[0] != "@BAIKAL" and w[0].startswith(label):
                return (w[1], w[2])
    if label == "Baikal station":
        return (104.83, 51.87)
    if label == "Boyarsky":
        return BOYARSKY_GK
    return P(label)


_RAIL_CACHE = {}


def seg(route, a=None, b=None):
    """Metric piece of a railway between stations a and b (None = route end);
    digitised from a to b."""
    if route not in _RAIL_CACHE:
        _RAIL_CACHE[route] = rail_m(route)
    line = _RAIL_CACHE[route]
    da = 0.0 if a is None else line.project(to_m(Point(ST(a))))
    db = line.length if b is None else line.project(to_m(Point(ST(b))))
    piece = substring(line, min(da, db), max(da, db))
    if da > db:
        piece = LineString(list(piece.coords)[::-1])
    return piece


def corridor(segs, km=35):
    return unary_union([s.buffer(km * 1000, quad_segs=8) for s in segs])


def disc(label, km=45):
    return to_m(Point(ST(label))).buffer(km * 1000, quad_segs=16)


def ellipse(lon, lat, a_km, b_km, angle_deg=0):
    c = to_m(Point(lon, lat))
    t = [2 * math.pi * i / 72 for i in range(72)]
    an = math.radians(angle_deg)
    pts = [(c.x + a_km * 1000 * math.cos(x) * math.cos(an) - b_km * 1000 * math.sin(x) * math.sin(an),
            c.y + a_km * 1000 * math.cos(x) * math.sin(an) + b_km * 1000 * math.sin(x) * math.cos(an))
           for x in t]
    return Polygon(pts)


# railway pieces used several times
R_USSURI = "ussuri-vladivostok-khabarovsk"
R_AMUR = "amur-karymskaya-khabarovsk"
R_TB = "transsib-mysovaya-karymskaya"
R_CERW = "cer-karymskaya-manchuria"
R_CER1 = "cer-manchuria-harbin"
R_CER2 = "cer-harbin-nikolsk"
R_TS = "transsib-chelyabinsk-irkutsk"
R_CB = "circum-baikal"


def S(route, a=None, b=None):
    return (route, a, b)


def presence_table(b):
    """(id, power, contingent, kind, start, end, certainty, source, label, note, geometry_m)"""
    sak_n = None
    T = []

    def add(i, pw, ct, kind, s, e, cert, src, label, note, geom):
        T.append((i, pw, ct, kind, s, e, cert, src, label, note, geom))

    def C(*specs, km=35):
        return corridor([seg(*sp) for sp in specs], km)

    # ---- Japan
    add("jp-garrison-vladivostok", "JP", None, "garrison", "1918-08-11", "1922-10-25", "high", "seed+general",
        "Japanese garrison, Vladivostok",
        "seed: entry through Vladivostok, withdrawal Oct 1922; general: landings from 11-12 Aug 1918, last troops left 25 Oct 1922",
        disc("Vladivostok", 45))
    add("jp-corridor-1918-08-ussuri", "JP", None, "rail_corridor", "1918-08-11", "1918-09-01", "medium", "general",
        "Japanese troops on the Ussuri line",
        "general: landing from about 11-12 Aug 1918 and advance to the Ussuri front (approx.)",
        C(S(R_USSURI, "Vladivostok", "Spassk")))
    add("jp-corridor-1918-08-cer", "JP", None, "rail_corridor", "1918-08-15", "1918-09-01", "low", "seed+general",
        "Japanese troops with Semyonov on the CER",
        "seed: troops entered 'through Vladivostok and points along the Manchurian border'; general: moving along the CER with Semyonov (approx.)",
        C(S(R_CER1, "Manchuria", "Hailar")))
    add("jp-zone-1918", "JP", None, "rail_corridor", "1918-09-05", "1919-03-04", "medium", "seed+general",
        "Japanese zone east of Chita",
        "seed: by Nov 1918 Japan occupied all ports and major towns in the Maritime Province and east of Chita; "
        "BRIEF 3 recipe: bands on the CER, Ussuri, Amur and Blagoveshchensk lines and Chita-Verkhneudinsk (35 km)",
        C(S(R_CER1), S(R_CER2), S(R_CERW), S(R_USSURI), S(R_AMUR), S("blagoveshchensk-branch"),
          S("sretensk-branch"), S(R_TB, "Verkhneudinsk", "Karymskaya")))
    add("jp-garrison-blagoveshchensk", "JP", None, "garrison", "1918-09-18", "1920-02-06", "medium", "seed+general",
        "Japanese garrison, Blagoveshchensk",
        "seed: image caption (capture of Blagoveshchensk); general: taken 18 Sep 1918, Japanese left Amur oblast early 1920 (approx.)",
        disc("Blagoveshchensk", 45))
    add("jp-garrison-nikolayevsk-1918", "JP", None, "garrison", "1918-09-10", "1920-03-12", "medium", "general",
        "Japanese garrison, Nikolayevsk-on-Amur",
        "general: taken Sep 1918 (approx.); garrison destroyed in the Nikolayevsk incident (Mar 1920)",
        disc("Nikolayevsk-on-Amur", 45))
    # FRUS 1919 Russia doc. 613 guard sectors (Inter-Allied Railway Agreement)
    frus = "FRUS 1919 Russia doc. 613 (US railway-committee telegram, ~Apr 1919): "
    add("jp-sector-nikolsk-spassk", "JP", None, "guard_sector", "1919-03-04", "1920-01-05", "high", "general",
        "Japanese guard sector Nikolsk-Spassk", frus + "Nikolsk-Spassk", C(S(R_USSURI, "Nikolsk-Ussuriysky", "Spassk")))
    add("jp-sector-guberovo-karymskaya", "JP", None, "guard_sector", "1919-03-04", "1920-01-05", "high", "general",
        "Japanese guard sector Guberovo-Khabarovsk-Karymskaya",
        frus + "Guberovo (excl.)-Khabarovsk-Amur Railway-Karymskaya",
        C(S(R_USSURI, "Guberovo", "Khabarovsk"), S(R_AMUR)))
    add("jp-sector-manchuria-verkhneudinsk", "JP", None, "guard_sector", "1919-03-04", "1920-01-05", "high", "general",
        "Japanese guard sector Manchuria station-Verkhneudinsk",
        frus + "Manchuria station-Verkhneudinsk (excl.)",
        C(S(R_CERW), S(R_TB, "Onokhoy", "Karymskaya")))
    add("jp-zone-1920-transbaikal", "JP", None, "rail_corridor", "1920-01-05", "1920-10-15", "medium", "seed+general",
        "Japanese troops in Transbaikalia",
        "seed: Japan stayed, and signed the Gongota Agreement to evacuate Transbaikal; general: Chita-area evacuation done by about Oct 1920 (approx.)",
        C(S(R_CERW), S(R_TB, "Chita", "Karymskaya"), S(R_AMUR, "Karymskaya", "Kuenga"), S("sretensk-branch")))
    add("jp-corridor-1920-verkhneudinsk-chita", "JP", None, "rail_corridor", "1920-01-05", "1920-03-01", "medium", "general",
        "Japanese troops Verkhneudinsk-Chita", "general: Japanese left Verkhneudinsk in early Mar 1920 (approx.)",
        C(S(R_TB, "Verkhneudinsk", "Chita")))
    add("jp-corridor-1920-cer", "JP", None, "rail_corridor", "1920-01-05", "1920-04-06", "low", "general",
        "Japanese troops in the CER zone", "general: Japanese troops in the CER zone, early 1920 (approx.)",
        C(S(R_CER1), S(R_CER2, "Harbin", "Pogranichnaya")))
    add("jp-corridor-1920-ussuri-khabarovsk", "JP", None, "rail_corridor", "1920-01-05", "1920-10-22", "medium", "general",
        "Japanese troops Spassk-Khabarovsk",
        "general: Japan held Khabarovsk until autumn 1920 (approx.); strike on Russian garrisons 4-5 Apr 1920",
        C(S(R_USSURI, "Spassk", "Khabarovsk")))
    add("jp-zone-primorye-south", "JP", None, "rail_corridor", "1920-01-05", "1922-10-08", "medium", "seed+general",
        "Japanese zone, southern Primorye",
        "seed: Japan backed the Priamur government at Vladivostok, withdrew Oct 1922; general: Vladivostok-Nikolsk-Spassk, "
        "the CER border section and Suchan; Spassk fell to the FER 8-9 Oct 1922",
        C(S(R_USSURI, "Vladivostok", "Spassk"), S(R_CER2, "Pogranichnaya", "Nikolsk-Ussuriysky"), S("suchan-branch")))
    add("jp-garrison-nikolayevsk-1920", "JP", None, "occupation", "1920-07-01", "1922-10-08", "medium", "general",
        "Japanese occupation, lower Amur",
        "general: Nikolayevsk area re-occupied mid-1920 after the massacre (approx.), evacuated autumn 1922 (approx.)",
        disc("Nikolayevsk-on-Amur", 50))
    add("jp-occupation-sakhalin", "JP", None, "occupation", "1920-04-21", "1925-05-15", "high", "general",
        "Japanese occupation of northern Sakhalin",
        "general: troops crossed 50N 21 Apr 1920, occupation formalised Jul 1920, held until 15 May 1925",
        None)  # geometry filled below from the control piece
    # ---- United States
    add("us-corridor-vladivostok-nikolsk", "US", None, "rail_corridor", "1918-08-15", "1919-03-04", "high", "seed",
        "US troops Vladivostok-Nikolsk",
        "seed: first 3,000 landed 15-21 Aug 1918 and guarded the railway Vladivostok-Nikolsk-Ussuriysky",
        unary_union([C(S(R_USSURI, "Vladivostok", "Nikolsk-Ussuriysky")), disc("Vladivostok", 45)]))
    add("us-garrisons-1918", "US", None, "garrison", "1918-09-05", "1919-03-04", "low", "general",
        "US detachments, Khabarovsk and Suchan", "general: detachments at Khabarovsk and the Suchan mines (approx.)",
        unary_union([disc("Khabarovsk", 40), disc("Suchan", 40)]))
    add("us-sector-vladivostok-nikolsk", "US", None, "guard_sector", "1919-03-04", "1920-01-05", "high", "general",
        "US guard sector Vladivostok-Nikolsk", frus + "Vladivostok-Nikolsk (excl.)",
        C(S(R_USSURI, "Vladivostok", "Razdolnoye")))
    add("us-sector-spassk-ussuri", "US", None, "guard_sector", "1919-03-04", "1920-01-05", "high", "general",
        "US guard sector Spassk-Ussuri station", frus + "Spassk (excl.)-Ussuri station",
        C(S(R_USSURI, "Yevgenyevka", "Ussuri station")))
    add("us-sector-verkhneudinsk-baikal", "US", None, "guard_sector", "1919-03-04", "1920-01-05", "high", "general",
        "US guard sector Verkhneudinsk-Baikal", frus + "Verkhneudinsk-Baikal station",
        C(S(R_TB, None, "Verkhneudinsk"), S(R_CB, "Angara left bank (Nikola)", None)))
    add("us-sector-suchan", "US", None, "guard_sector", "1919-03-04", "1920-01-05", "high", "general",
        "US guard sector Suchan branch", frus + "Suchan branch", C(S("suchan-branch")))
    add("us-garrison-vladivostok-1920", "US", None, "garrison", "1920-01-05", "1920-04-01", "high", "general",
        "US troops embarking at Vladivostok", "general: the last US troops sailed 1 Apr 1920 (seed misdates this, BRIEF 0 #2)",
        disc("Vladivostok", 40))
    # ---- China
    add("cn-corridor-cer", "CN", None, "rail_corridor", "1918-08-02", E, "high", "seed+general",
        "Chinese troops in the CER zone",
        "seed: 2,000 troops by Aug 1918; general: Chinese guards on the CER (Harbin), " + frus +
        "CER Nikolsk (excl.)-Manchuria station (excl.) and Harbin-Changchun",
        C(S(R_CER1), S(R_CER2, "Harbin", "Pogranichnaya"), S("harbin-changchun")))
    add("cn-sector-ussuri-guberovo", "CN", None, "guard_sector", "1919-03-04", "1920-01-05", "high", "general",
        "Chinese guard sector Ussuri station-Guberovo", frus + "Ussuri station (excl.)-Guberovo",
        C(S(R_USSURI, "Ussuri station", "Guberovo")))
    # ---- Czechoslovak Legion
    add("cz-garrison-vladivostok", "CZ", None, "garrison", "1918-08-02", "1920-09-02", "high", "seed+general",
        "Czechoslovak Legion, Vladivostok",
        "general: took Vladivostok 29 Jun 1918; the last transport left 2 Sep 1920; seed: evacuation in 1920",
        disc("Vladivostok", 45))
    add("cz-corridor-1918-08", "CZ", None, "rail_corridor", "1918-08-02", "1918-09-01", "medium", "seed+general",
        "Czechoslovak Legion on the Trans-Siberian",
        "seed: 50,000-man Legion fighting along the Trans-Siberian; general: holds the line from the Volga via Omsk to Irkutsk "
        "and the south-Baikal line, Verkhneudinsk ~20 Aug; Ussuri front north of Vladivostok",
        C(S("transsib-ufa-chelyabinsk"), S(R_TS), S(R_CB), S(R_TB, None, "Verkhneudinsk"),
          S("yekaterinburg-chelyabinsk"), S("yekaterinburg-tyumen-omsk"),
          S(R_USSURI, "Vladivostok", "Spassk"), S(R_CER2, "Grodekovo", "Nikolsk-Ussuriysky")))
    add("cz-corridor-1918-11", "CZ", None, "rail_corridor", "1918-09-01", "1919-03-04", "medium", "general",
        "Czechoslovak Legion, Urals to Vladivostok",
        "general: holds the railway from the Urals to Vladivostok; left the front in early 1919",
        C(S("transsib-ufa-chelyabinsk"), S(R_TS), S(R_CB), S(R_TB), S(R_CERW), S(R_CER1), S(R_CER2),
          S("yekaterinburg-chelyabinsk"), S("yekaterinburg-tyumen-omsk"), S("perm-yekaterinburg", "Kungur", None),
          S(R_USSURI, "Vladivostok", "Nikolsk-Ussuriysky")))
    add("cz-sector-baikal-omsk", "CZ", None, "guard_sector", "1919-03-04", "1919-06-09", "high", "general",
        "Czechoslovak guard sector Baikal-Omsk", frus + "Baikal-Omsk",
        C(S(R_TS, "Omsk", None), S(R_CB, None, "Angara left bank (Nikola)")))
    add("cz-corridor-1919", "CZ", None, "rail_corridor", "1919-06-09", "1920-01-05", "medium", "general",
        "Czechoslovak Legion, Novonikolayevsk-Irkutsk",
        "general: guards Novonikolayevsk-Irkutsk (approx.); first combat unit sailed from Vladivostok 9 Dec 1919",
        C(S(R_TS, "Novonikolayevsk", None), S(R_CB, None, "Angara left bank (Nikola)")))
    add("cz-corridor-1920-02", "CZ", None, "rail_corridor", "1920-01-05", "1920-04-06", "medium", "seed+general",
        "Czechoslovak Legion moving east",
        "general: armistice with the Red 5th Army at Kuytun 7 Feb 1920, eastward evacuation; seed: evacuation in 1920",
        C(S(R_TS, "Kuytun", None), S(R_CB), S(R_TB), S(R_CERW), S(R_CER1), S(R_CER2),
          S(R_USSURI, "Vladivostok", "Nikolsk-Ussuriysky")))
    # ---- Britain, Canada, France, Italy
    add("al-gb-vladivostok-1918", "AL", "GB", "garrison", "1918-08-03", "1918-09-01", "high", "general",
        "British 25th Middlesex", "general: landed ~3 Aug 1918 from Hong Kong; fought on the Ussuri front (Dukhovskaya 23-24 Aug)",
        unary_union([disc("Vladivostok", 40), C(S(R_USSURI, "Nikolsk-Ussuriysky", "Spassk"), km=30)]))
    add("al-fr-vladivostok-1918", "AL", "FR", "garrison", "1918-08-09", "1918-09-01", "medium", "general",
        "French colonial battalion", "general: a French colonial battalion at Vladivostok (approx.)",
        disc("Vladivostok", 40))
    add("al-ca-vladivostok", "AL", "CA", "garrison", "1918-10-15", "1919-06-05", "high", "seed+general",
        "Canadian Siberian Expeditionary Force",
        "seed: 4,192 men, most stayed in Vladivostok, home Apr-Jun 1919; general: main body from Oct 1918 (approx.)",
        disc("Vladivostok", 40))
    add("al-gb-omsk", "AL", "GB", "garrison", "1918-10-01", "1919-09-01", "medium", "seed+general",
        "British battalions at Omsk",
        "seed: British contingent trekked west with the Czechs; general: Middlesex at Omsk from Oct 1918, 1/9th Hampshire from 7 Jan 1919",
        disc("Omsk", 45))
    add("al-gb-yekaterinburg", "AL", "GB", "garrison", "1919-04-01", "1919-07-14", "medium", "general",
        "British battalion at Yekaterinburg", "general: the British battalion moved from Omsk to Yekaterinburg (spring 1919)",
        disc("Ekaterinburg", 45))
    add("al-fr-omsk", "AL", "FR", "garrison", "1918-12-01", "1919-11-14", "medium", "general",
        "French mission (Janin), Omsk", "general: Janin commanded the Czech and Allied troops west of Baikal",
        disc("Omsk", 35))
    add("al-it-trains", "AL", "IT", "garrison", "1918-10-01", "1920-01-05", "low", "seed",
        "Italian contingent (armoured trains)",
        "seed: Alpini and ex-POW Legione Redenta; main areas of operation Irkutsk, Harbin and Vladivostok (Italy paragraph, BRIEF 0 #8)",
        unary_union([disc("Irkutsk", 40), disc("Harbin", 40), disc("Vladivostok", 40)]))
    add("al-gb-missions-1920", "AL", "GB", "garrison", "1920-01-05", "1920-04-06", "low", "general",
        "Allied missions leaving Vladivostok", "general: British and other missions leaving; staff captured at Krasnoyarsk in Jan 1920",
        disc("Vladivostok", 35))
    # ---- partisans (RED, broad ellipses, low)
    add("red-partisans-amur", "RED", None, "partisan", "1919-01-01", "1920-02-06", "low", "general",
        "Amur partisans", "general: Amur oblast partisan war 1919 (approx. extent)", ellipse(128.4, 51.2, 300, 170, 20))
    add("red-partisans-suchan", "RED", None, "partisan", "1919-01-01", "1920-04-06", "low", "general",
        "Suchan partisans", "general: Suchan / southern Primorye partisans 1919-20 (approx. extent)",
        ellipse(133.4, 43.7, 140, 80, 30))
    add("red-partisans-yenisei", "RED", None, "partisan", "1919-03-04", "1920-01-05", "low", "general",
        "Taseyevo partisan republic", "general: Yenisei / Taseyevo partisans 1919 (approx. extent)",
        ellipse(95.3, 56.9, 190, 110, 0))
    add("red-partisans-altai", "RED", None, "partisan", "1919-08-01", "1919-12-14", "low", "general",
        "Altai partisans", "general: West Siberian peasant Red army (Mamontov) autumn 1919 (approx. extent)",
        ellipse(81.6, 52.6, 200, 120, 30))
    add("red-partisans-e-transbaikal", "RED", None, "partisan", "1919-03-04", "1920-10-22", "low", "general",
        "Eastern Transbaikal partisans", "general: eastern Transbaikalia partisans 1919-20 (approx. extent)",
        ellipse(118.9, 51.9, 260, 160, 35))
    return T


# ---------------------------------------------------------------------------
# 6. MOVEMENT (digitised in the direction of movement; last vertex = arrowhead)
# ---------------------------------------------------------------------------
def path(*parts, simplify=4000):
    """Join railway pieces (S(...)) and lon/lat points into one metric line."""
    coords = []
    for p in parts:
        if isinstance(p, tuple) and len(p) == 3 and isinstance(p[0], str):
            coords.extend(seg(*p).coords)   # already digitised from a to b
        else:
            lon, lat = (ST(p) if isinstance(p, str) else p)
            coords.append(_FWD.transform(lon, lat))
    out = [coords[0]]
    for c in coords[1:]:
        if math.dist(c, out[-1]) > 100:
            out.append(c)
    return LineString(out).simplify(simplify)


def movement_table():
    M = []

    def add(i, pw, ct, kind, s, e, cert, src, label, note, geom):
        M.append((i, pw, ct, kind, s, e, cert, src, label, note, geom))
    add("mv-cz-east-1918", "CZ", None, "advance", "1918-08-02", "1918-09-01", "high", "seed+general",
        "Czechoslovak Legion fights east round Baikal",
        "seed: Legion fighting along the Trans-Siberian; general: Verkhneudinsk ~20 Aug, link-up near Olovyannaya ~31 Aug 1918",
        path(S(R_TS, "Kuytun", None), S(R_CB), S(R_TB), S(R_CERW, None, "Olovyannaya")))
    add("mv-allies-ussuri-1918", "JP", None, "advance", "1918-08-11", "1918-09-01", "medium", "general",
        "Allied advance on the Ussuri front", "general: Japanese, British, French, Czech and Cossack advance; Dukhovskaya 23-24 Aug 1918",
        path(S(R_USSURI, "Vladivostok", "Kraevsky (Dukhovskaya)")))
    add("mv-jp-transbaikal-1918", "JP", None, "advance", "1918-08-15", "1919-03-04", "medium", "seed+general",
        "Japanese and Semyonov advance into Transbaikalia",
        "seed: entry along the Manchurian border, Semyonov took Transbaikalia; general: Chita early Sep 1918 (approx.)",
        path(S(R_CERW, "Manchuria", "Karymskaya"), S(R_TB, "Karymskaya", "Chita")))
    add("mv-jp-amur-1918", "JP", None, "advance", "1918-09-01", "1919-03-04", "high", "seed+general",
        "Japanese advance to Khabarovsk and up the Amur",
        "general: Khabarovsk 5 Sep, Blagoveshchensk 18 Sep 1918; seed: image caption (Blagoveshchensk)",
        path(S(R_USSURI, "Spassk", "Khabarovsk"), S(R_AMUR, "Khabarovsk", "Bochkaryovo"),
             S("blagoveshchensk-branch")))
    add("mv-al-west-1918", "AL", "GB", "advance", "1918-09-01", "1919-03-04", "high", "seed+general",
        "British, French and Italian contingents move west",
        "seed: the British, Italian and French contingents trekked westwards with the Czechs towards the Urals; general: Middlesex at Omsk from Oct 1918",
        path(S(R_USSURI, "Vladivostok", "Nikolsk-Ussuriysky"), S(R_CER2, "Nikolsk-Ussuriysky", "Harbin"),
             S(R_CER1, "Harbin", "Manchuria"), S(R_CERW, "Manchuria", "Karymskaya"), S(R_TB, "Karymskaya", "Boyarsky"),
             S(R_CB, "Boyarsky", "Irkutsk"), S(R_TS, "Irkutsk", "Omsk"), simplify=8000))
    add("mv-wh-offensive-1919", "WH", None, "advance", "1919-03-04", "1919-06-09", "high", "general",
        "Kolchak's spring offensive towards the Volga",
        "general: attack from 4 Mar 1919, Ufa 14-16 Mar, about 120 km from the Volga by late April",
        path((58.5, 55.0), (56.0, 54.75), (54.2, 54.4), (52.9, 54.0)))
    add("mv-red-counteroffensive-1919", "RED", None, "advance", "1919-03-04", "1919-06-09", "medium", "general",
        "Red counter-offensive from 28 April",
        "general: Red Eastern Front counter-offensive from 28 Apr 1919 (Buguruslan, Ufa 9 Jun)",
        path((50.9, 53.2), (52.1, 53.55), (53.6, 54.1)))
    add("mv-red-advance-1919", "RED", None, "advance", "1919-06-09", "1920-01-05", "high", "general",
        "Red Army advance: Ufa, Chelyabinsk, Omsk",
        "general: Ufa 9 Jun, Yekaterinburg 14 Jul, Chelyabinsk 25 Jul, Petropavlovsk 30 Oct, Omsk 14 Nov 1919",
        path(S("transsib-ufa-chelyabinsk"), S(R_TS, None, "Omsk"), simplify=6000))
    add("mv-red-advance-north-1919", "RED", None, "advance", "1919-06-09", "1920-01-05", "medium", "general",
        "Red Army advance: Perm, Yekaterinburg, Tyumen",
        "general: Perm 1 Jul, Yekaterinburg 14 Jul, Tyumen Aug 1919",
        path(S("perm-yekaterinburg"), S("yekaterinburg-tyumen-omsk", None, "Ishim"), simplify=6000))
    add("mv-wh-retreat-1919", "WH", None, "retreat", "1919-11-14", "1920-01-05", "high", "general",
        "White government and army retreat east",
        "general: Omsk fell 14 Nov 1919; the government moved to Irkutsk; Novonikolayevsk fell 14 Dec",
        path(S(R_TS, "Omsk", "Taiga"), simplify=6000))
    add("mv-red-advance-1920", "RED", None, "advance", "1920-01-05", "1920-04-06", "high", "general",
        "Red 5th Army advances to Irkutsk",
        "general: Krasnoyarsk 7 Jan, armistice with the Czechoslovaks at Kuytun 7 Feb, 5th Army in Irkutsk 7 Mar 1920",
        path(S(R_TS, "Novonikolayevsk", "Zima"), simplify=6000))
    add("mv-wh-ice-march-1920", "WH", None, "retreat", "1920-01-05", "1920-04-06", "high", "general",
        "Great Siberian Ice March to Chita",
        "general: Kappel's (then Voitsekhovsky's) remnants by-pass Irkutsk and cross the frozen Baikal to Mysovaya, reaching Chita Feb-Mar 1920",
        path(S(R_TS, "Krasnoyarsk", "Usolye"), (104.05, 52.55), (104.40, 52.45), (104.95, 52.25),
             (105.40, 52.03), (105.70, 51.86), S(R_CB, "Mysovaya", None),
             S(R_TB, None, "Chita"), simplify=6000))
    add("mv-cz-evacuation-1920", "CZ", None, "evacuation", "1920-01-05", "1920-04-06", "high", "seed+general",
        "Czechoslovak evacuation to Vladivostok",
        "seed: evacuation carried out in 1920; general: via the CER to Vladivostok, last transport 2 Sep 1920",
        path(S(R_TS, "Kuytun", None), S(R_CB), S(R_TB), S(R_CERW), S(R_CER1), S(R_CER2),
             S(R_USSURI, "Nikolsk-Ussuriysky", "Vladivostok"), simplify=8000))
    add("mv-cz-sail-1920", "CZ", None, "evacuation", "1919-12-09", "1920-09-02", "high", "general",
        "Czechoslovaks sail from Vladivostok",
        "general: first combat unit sailed 9 Dec 1919, last transport 2 Sep 1920",
        path((131.90, 42.98), (132.35, 42.55), (132.75, 42.20)))
    add("mv-us-sail-1920", "US", None, "evacuation", "1920-01-05", "1920-04-01", "high", "general",
        "Last US troops sail (1 Apr 1920)", "general: last US troops left Vladivostok 1 Apr 1920",
        path((131.80, 42.97), (132.0, 42.50), (132.20, 42.10)))
    add("mv-jp-sakhalin-1920", "JP", None, "advance", "1920-04-21", "1920-10-22", "high", "general",
        "Japan occupies northern Sakhalin", "general: troops crossed 50N on 21 Apr 1920",
        path((142.35, 49.35), (142.25, 50.25), (142.30, 51.10)))
    add("mv-jp-withdraw-transbaikal-1920", "JP", None, "withdrawal", "1920-07-15", "1920-10-22", "high", "seed+general",
        "Japanese withdraw from Transbaikalia",
        "seed: Gongota Agreement to evacuate Transbaikal; general: signed 15 Jul 1920, evacuation by about Oct",
        path(S(R_TB, "Chita", "Karymskaya"), S(R_CERW, "Karymskaya", "Manchuria")))
    add("mv-fer-chita-1920", "FER", None, "advance", "1920-10-19", "1921-12-22", "high", "seed+general",
        "FER army takes Chita (22 Oct 1920)",
        "seed: end of Semyonov's regime Oct 1920; general: FER takes Chita 22 Oct 1920",
        path(S(R_TB, "Khilok", "Chita")))
    add("mv-fer-partisans-chita-1920", "FER", None, "advance", "1920-10-19", "1921-12-22", "medium", "general",
        "Amur and Transbaikal partisans close on Chita", "general: partisan fronts round Sretensk and Nerchinsk (approx.)",
        path(S("sretensk-branch", "Sretensk", "Kuenga"), S(R_AMUR, "Kuenga", "Karymskaya")))
    add("mv-pri-advance-1921", "PRI", None, "advance", "1921-12-01", "1922-02-14", "high", "general",
        "Priamur Whites advance to Khabarovsk",
        "general: Molchanov's offensive, Khabarovsk taken 22 Dec 1921",
        path(S(R_USSURI, "Spassk", "Khabarovsk"), S(R_AMUR, "Khabarovsk", "Volochayevka")))
    add("mv-fer-volochayevka-1922", "FER", None, "advance", "1921-12-22", "1922-10-08", "high", "general",
        "FER army breaks through at Volochayevka",
        "general: Volochayevka 10-12 Feb 1922 (Blyukher), Khabarovsk retaken 14 Feb 1922",
        path(S(R_AMUR, "Birofeld", "Khabarovsk"), S(R_USSURI, "Khabarovsk", "Bikin")))
    add("mv-fer-vladivostok-1922", "FER", None, "advance", "1922-10-08", E, "high", "general",
        "FER army: Spassk and Vladivostok",
        "general: Spassk stormed 8-9 Oct 1922, Vladivostok entered 25 Oct 1922",
        path(S(R_USSURI, "Iman", "Vladivostok")))
    add("mv-jp-withdrawal-1922", "JP", None, "withdrawal", "1922-10-08", E, "high", "seed+general",
        "Japanese troops leave Vladivostok",
        "seed: withdrawal Oct 1922; general: last troops left 25 Oct 1922 (drawn from the harbour entrance, off the mainland)",
        path((132.00, 42.95), (132.70, 42.45), (133.60, 41.90)))
    add("mv-pri-evacuation-1922", "PRI", None, "evacuation", "1922-10-08", E, "high", "general",
        "Whites evacuate by sea", "general: the Whites left Vladivostok by sea (Oct 1922) for Korea and China",
        path((131.78, 42.98), (131.20, 42.30), (130.60, 41.60)))
    return M


# ---------------------------------------------------------------------------
# 7. EVENTS
# ---------------------------------------------------------------------------
# (id, date, kind, name, power, lon/lat or station, certainty, source, note, show_end or None)
EVENTS = [
    ("ev-czech-vladivostok-1918", "1918-06-29", "capture", "Czechoslovaks seize Vladivostok (29 Jun 1918)", "CZ",
     (131.93, 43.14), "high", "general", "before the period; shown with the landings", None),
    ("ev-landing-jp-1918", "1918-08-12", "landing", "Japanese landing at Vladivostok (Aug 1918)", "JP",
     "Vladivostok", "high", "seed+general", "expedition announced 2 Aug; landing from about 11-12 Aug 1918 (approx.)", None),
    ("ev-landing-us-1918", "1918-08-15", "landing", "US landing at Vladivostok (15-21 Aug 1918)", "US",
     (131.84, 43.09), "high", "seed", "first 3,000 landed 15-21 Aug 1918", None),
    ("ev-dukhovskaya-1918", "1918-08-23", "battle", "Battle of Dukhovskaya (23-24 Aug 1918)", "JP",
     (133.05, 44.95), "medium", "general", "Ussuri front; Japanese, British, French, Czech and Cossack troops (place approx.)", None),
    ("ev-khabarovsk-1918", "1918-09-05", "capture", "Khabarovsk taken (5 Sep 1918)", "KAL",
     "Khabarovsk", "high", "general", "Japanese and Kalmykov's Cossacks", None),
    ("ev-blagoveshchensk-1918", "1918-09-18", "capture", "Japanese take Blagoveshchensk (18 Sep 1918)", "JP",
     "Blagoveshchensk", "high", "seed+general", "seed: infobox image; general: date (one source: by 23 Sep)", None),
    ("ev-kolchak-coup-1918", "1918-11-18", "coup", "Kolchak's coup at Omsk (18 Nov 1918)", "WH",
     "Omsk", "high", "general", "the seed gives no date (BRIEF 0 #6)", None),
    ("ev-fall-of-omsk-1919", "1919-11-14", "capture", "Red Army takes Omsk (14 Nov 1919)", "RED",
     (73.40, 55.02), "high", "general", "the seed's 'summer 1919' is wrong (BRIEF 0 #1)", None),
    ("ev-zemstvo-vladivostok-1920", "1920-01-31", "coup", "Zemstvo government in Vladivostok (31 Jan 1920)", "ZEMSTVO",
     (131.92, 43.12), "high", "general", "left-coalition Primorye government", None),
    ("ev-kuytun-armistice-1920", "1920-02-07", "treaty", "Kuytun armistice (7 Feb 1920)", "CZ",
     (101.50, 54.34), "high", "general", "Czechoslovaks and the Red 5th Army", None),
    ("ev-kolchak-execution-1920", "1920-02-07", "execution", "Kolchak shot at Irkutsk (7 Feb 1920)", "RED",
     "Irkutsk", "high", "general", "by the Bolshevik Irkutsk revolutionary committee; seed's order is wrong (BRIEF 0 #1)", None),
    ("ev-nikolayevsk-1920", "1920-03-12", "massacre", "Nikolayevsk incident (Mar-Jun 1920)", "RED",
     "Nikolayevsk-on-Amur", "high", "general", "Japanese garrison and residents killed by partisans; town burned in June 1920",
     "1920-10-22"),
    ("ev-us-leave-1920", "1920-04-01", "withdrawal", "Last US troops leave (1 Apr 1920)", "US",
     (131.86, 43.10), "high", "general", "the seed's 'June 1920' is wrong (BRIEF 0 #2)", None),
    ("ev-japanese-strike-1920", "1920-04-04", "battle", "Japanese strike on Russian garrisons (4-5 Apr 1920)", "JP",
     "Nikolsk-Ussuriysky", "high", "general", "Vladivostok, Nikolsk, Spassk, Khabarovsk", "1920-10-22"),
    ("ev-fer-founded-1920", "1920-04-06", "founding", "Far Eastern Republic founded (6 Apr 1920)", "FER",
     "Verkhneudinsk", "high", "seed+general", "seed: Moscow-backed buffer; general: date and place", None),
    ("ev-sakhalin-1920", "1920-04-21", "landing", "Japan occupies northern Sakhalin (Apr-Jul 1920)", "JP",
     "Aleksandrovsk-Sakhalinsky", "high", "general", "troops crossed 50N 21 Apr 1920", None),
    ("ev-gongota-1920", "1920-07-15", "treaty", "Gongota Agreement (15 Jul 1920)", "JP",
     (112.25, 51.77), "high", "seed+general", "seed: Gongota Agreement of 1920; general: date and place", None),
    ("ev-czech-leave-1920", "1920-09-02", "withdrawal", "Last Czechoslovaks leave (2 Sep 1920)", "CZ",
     (131.90, 43.08), "high", "general", "last transport from Vladivostok", None),
    ("ev-chita-1920", "1920-10-22", "capture", "FER takes Chita (22 Oct 1920)", "FER",
     "Chita", "high", "seed+general", "seed: end of Semyonov's regime Oct 1920; general: date", None),
    ("ev-priamur-coup-1921", "1921-05-26", "coup", "Priamur coup in Vladivostok (26 May 1921)", "PRI",
     "Vladivostok", "high", "seed+general", "seed: Japanese-backed Provisional Priamur Government; general: date", None),
    ("ev-khabarovsk-1921", "1921-12-22", "capture", "Whites take Khabarovsk (22 Dec 1921)", "PRI",
     (135.06, 48.49), "high", "general", "Molchanov's offensive", None),
    ("ev-volochayevka-1922", "1922-02-12", "battle", "Battle of Volochayevka (10-12 Feb 1922)", "FER",
     "Volochayevka", "high", "general", "FER army under Blyukher; Khabarovsk retaken 14 Feb", None),
    ("ev-spassk-1922", "1922-10-08", "battle", "Storming of Spassk (8-9 Oct 1922)", "FER",
     "Spassk", "high", "general", "", None),
    ("ev-jp-leave-1922", "1922-10-25", "withdrawal", "Last Japanese troops leave Vladivostok (25 Oct 1922)", "JP",
     (131.93, 43.00), "high", "seed+general", "seed: withdrawal Oct 1922; general: date (point placed in the harbour approaches, off the mainland)", None),
    ("ev-vladivostok-1922", "1922-10-25", "capture", "FER army enters Vladivostok (25 Oct 1922)", "FER",
     "Vladivostok", "high", "general", "FER merged into the RSFSR on 15 Nov 1922", None),
]


def event_window(date, end_override):
    """start = date, or the phase start when the date falls after its
    phase's snapshot (or before the period); end = end of that phase."""
    if date < PHASES[0][1]:
        pid, s, e, snap = PHASES[0]
        return s, end_override or e, pid
    pid, s, e, snap = phase_of(date)
    start = date if date <= snap else s
    return start, end_override or e, pid


# ---------------------------------------------------------------------------
# 8. FRONTS  ("left"/"right" = side when walking from the first to the last
#    vertex; N-S fronts are digitised south -> north, so left = west)
# ---------------------------------------------------------------------------
def orient_left(line, left_geom):
    """Reverse the line if left_geom is not on its left."""
    c = list(line.coords)
    votes = 0
    for i in range(0, len(c) - 1, max(1, (len(c) - 1) // 7)):
        (x0, y0), (x1, y1) = c[i], c[i + 1]
        L = math.hypot(x1 - x0, y1 - y0)
        if L == 0:
            continue
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        px, py = mx - (y1 - y0) / L * 8000, my + (x1 - x0) / L * 8000
        votes += 1 if left_geom.contains(Point(px, py)) else -1
    return line if votes >= 0 else LineString(c[::-1])


def parts_of(g, min_len=15000):
    g = linemerge(g) if g.geom_type in ("MultiLineString", "GeometryCollection") and not g.is_empty else g
    ls = []
    for x in getattr(g, "geoms", [g]):
        if x.geom_type != "LineString":
            continue
        # a shared edge that loops back on itself is cut where it crosses
        ls.extend([x] if x.is_simple else list(getattr(unary_union(x), "geoms", [x])))
    ls = [x for x in ls if x.length >= min_len]
    return sorted(ls, key=lambda x: -x.length)


def front_table(regions):
    F = []

    def add(i, kind, s, e, lp, rp, cert, src, label, note, geoms):
        for k, g in enumerate(geoms):
            F.append((i if len(geoms) == 1 else "%s-%d" % (i, k + 1), kind, s, e, lp, rp, cert, src, label, note, g))

    def shared(a, bnames, left, clip=None):
        ga = unary_union([regions[x] for x in a])
        gb = unary_union([regions[x] for x in bnames])
        line = ga.boundary.intersection(gb.buffer(200))
        if clip:
            line = line.intersection(poly_ll(clip))
        lg = ga if left == "a" else gb
        return [orient_left(p, lg) for p in parts_of(line)]
    west = regions["west_land"]
    bounds = WEST_PERIODS
    for i, (s, fid) in enumerate(bounds):
        if fid is None:
            continue
        e = bounds[i + 1][0]
        ln = line_ll(FRONTS_WEST[fid], 0.1).intersection(west)
        red_side = west.difference(east_side(FRONTS_WEST[fid]))
        geoms = [orient_left(p, red_side) for p in parts_of(ln)]
        add("front-%s" % slug(fid[1:]), "front", s, e, "RED", "WH", "medium", "general",
            "Red-White front", FRONT_NOTES[fid], geoms)
    add("front-1918-08-ussuri", "front", "1918-08-02", "1918-08-24", "RED", "WH", "medium", "general",
        "Ussuri front", "general: Ussuri front at about 45N between Spassk and Iman (BRIEF 3), broken at Dukhovskaya 23-24 Aug 1918",
        shared(["neutral"], ["primorye_s", "grodekovo"], "a", clip=[(132.0, 44.5), (135.0, 44.5), (135.0, 45.4), (132.0, 45.4)]))
    add("front-1918-08-dauria", "front", "1918-08-02", "1918-08-26", "RED", "SEM", "low", "general",
        "Dauria front", "general: Dauria front near Manchuria station (BRIEF 3), approx.",
        shared(["plug", "tb_ne"], ["dauria"], "a"))
    add("front-1918-08-transbaikal", "front", "1918-08-20", "1918-08-26", "WH", "RED", "low", "general",
        "Czechoslovak advance east of Verkhneudinsk",
        "general: Verkhneudinsk taken about 20 Aug 1918, Chita late Aug (approx.)",
        shared(["tb_w1"], ["tb_w2"], "a", clip=[(109.0, 50.6), (111.0, 50.6), (111.0, 52.6), (109.0, 52.6)]))
    add("front-1920-02-kuytun", "front", "1920-01-05", "1920-03-07", "RED", "CZ", "medium", "general",
        "Red 5th Army / Czechoslovak rearguard",
        "general: Red 5th Army near Zima-Kuytun; armistice at Kuytun 7 Feb 1920 (BRIEF 3); control is Red on both sides",
        [line_ll([(101.30, 53.85), (101.50, 54.34), (101.75, 54.85)], 0.05)])
    add("front-1920-07-gongota", "front", "1920-04-06", "1920-10-22", "FER", "SEM", "medium", "seed+general",
        "Chita plug: Gongota no-man's line",
        "seed: Gongota Agreement 1920; general: no-man's line west of Chita (approx.)",
        shared(["tb_w2"], ["plug"], "a", clip=[(111.8, 50.6), (113.0, 50.6), (113.0, 52.9), (111.8, 52.9)]))
    add("front-1920-07-plug-east", "front", "1920-04-06", "1920-10-22", "SEM", "FER", "low", "general",
        "Chita plug: partisan front",
        "general: partisan fronts around Sretensk and Nerchinsk (BRIEF 3), approx.",
        shared(["plug", "dauria"], ["tb_ne"], "a"))
    nz = [p for p in parts_of(line_ll([(131.5, 45.30), (138.5, 45.30)], 0.05).intersection(regions["neutral"]))][:1]
    nz = [orient_left(p, poly_ll([(129.0, 45.3), (142.0, 45.3), (142.0, 47.0), (129.0, 47.0)])) for p in nz]
    add("nz-1920", "neutral_zone", "1920-10-22", "1921-05-26", "FER", "ZEMSTVO", "low", "general",
        "Neutral zone (approx. Spassk-Iman)", "general: neutral zone between the FER and the Japanese zone, roughly Spassk-Iman (BRIEF 3), approx.", nz)
    add("nz-1921", "neutral_zone", "1921-05-26", "1921-12-22", "FER", "PRI", "low", "general",
        "Neutral zone (approx. Spassk-Iman)", "general: neutral zone between the FER and the Japanese/Priamur zone (BRIEF 3), approx.", nz)
    add("nz-1922", "neutral_zone", "1922-02-14", "1922-10-08", "FER", "PRI", "low", "general",
        "Neutral zone (approx. Spassk-Iman)", "general: the Whites fell back behind the neutral zone after Volochayevka", nz)
    add("front-1922-02-volochayevka", "front", "1921-12-22", "1922-02-14", "FER", "PRI", "high", "general",
        "Front: Volochayevka-In", "general: White line at Volochayevka, FER at In, 40-110 km west of Khabarovsk (BRIEF 3)",
        shared(["khab_w"], ["khab"], "a", clip=[(133.6, 47.9), (134.6, 47.9), (134.6, 49.4), (133.6, 49.4)]))
    # off-map indicator for the spring-1919 front (its southern end leaves the
    # frame near Orenburg; arrow just inside the west edge, pointing west)
    # placed south of the drawn front (at about 50N, 55-57E), pointing west towards the lower Volga
    y = 1000000.0
    arrow = LineString([(-2820000.0, y), (-2910000.0, y), (-3000000.0, y)])
    add("front-1919-04-offmap", "offmap", "1919-03-04", "1919-06-09", "RED", "WH", "medium", "general",
        "Front near the Volga, off map (c. 50-53°E)",
        "general: spring-1919 front Glazov-Chistopol-Buguruslan-Orenburg at about 50-53E; indicator only (sides not meaningful)",
        [arrow])
    return F


# ---------------------------------------------------------------------------
# 9. WRITE
# ---------------------------------------------------------------------------
def phases_of(s, e):
    return [pid for pid, ps, pe, snap in PHASES if s <= snap < e]


def common(i, name_key, name, power, s, e, cert, src, note, kind, extra=None):
    p = {"id": i, name_key: name, "power": power, "start_date": s, "end_date": e, "certainty": cert,
         "source": src, "source_note": note, "kind": kind, "phases": phases_of(s, e)}
    if extra:
        p.update(extra)
    return p


def line_out(g_m):
    g = to_ll(g_m)
    g = shapely.set_precision(g, 10 ** -DEC)
    if g.geom_type == "LineString" and not g.is_simple:
        # a shared edge with a spike (a sliver's two sides) doubles back on
        # itself: keep the longest stretch that does not
        pieces = list(getattr(linemerge(unary_union(g)), "geoms", [linemerge(unary_union(g))]))
        g = max((p for p in pieces if p.is_simple), key=lambda p: (p.length, p.wkt))
    return g


def main():
    build_railways()
    b = build_base()
    regions = region_polys(b)
    meta = {"source": "phasemap authors (CC BY 4.0); BRIEF.md tags seed/general; see geodata/SOURCES.md",
            "generator": "tools/build_history.py",
            "dates": "start_date inclusive, end_date exclusive; a feature shows in a phase iff start_date <= snapshot < end_date"}
    hist = os.path.join(ROOT, "geodata", "history")
    # --- control
    feats = []
    counter = {}
    for pw, s, e, cert, src, note, g, names in build_control(b, regions):
        if g.is_empty:
            continue
        key = "ctl-%s-%s" % (pw.lower(), s)
        counter[key] = counter.get(key, 0) + 1
        fid = key if counter[key] == 1 else "%s-%d" % (key, counter[key])
        geo = poly_out(g, 0)
        feats.append({"properties": common(fid, "name", POWER_NAMES[pw], pw, s, e, cert, src, note, "region",
                                           {"regions": names}), "geometry": geom_json(geo)})
    # fix duplicate ids deterministically: counter suffix depends on the sorted order above
    write_fc(os.path.join(hist, "control.geojson"), feats, meta)
    # --- presence
    feats = []
    for (i, pw, ct, kind, s, e, cert, src, label, note, geom) in presence_table(b):
        if geom is None:
            geom = regions["sakhalin_n"]
        if pw == "JP" and kind != "occupation":
            # keep Japanese bands off the lake and west of nothing beyond 103.5E (never applies; safety)
            pass
        geom = geom.difference(b["baikal"]) if geom.intersects(b["baikal"]) else geom
        geo = poly_out(geom, 300)
        feats.append({"properties": common(i, "label", label, pw, s, e, cert, src, note, kind,
                                           {"contingent": ct}), "geometry": geom_json(geo)})
    write_fc(os.path.join(hist, "presence.geojson"), feats, meta)
    # --- fronts
    feats = []
    for (i, kind, s, e, lp, rp, cert, src, label, note, g) in front_table(regions):
        feats.append({"properties": common(i, "label", label, lp, s, e, cert, src, note, kind,
                                           {"left_power": lp, "right_power": rp}),
                      "geometry": geom_json(line_out(g.simplify(300, preserve_topology=True)))})
    write_fc(os.path.join(hist, "front.geojson"), feats, meta)
    # --- movement
    feats = []
    for (i, pw, ct, kind, s, e, cert, src, label, note, g) in movement_table():
        feats.append({"properties": common(i, "label", label, pw, s, e, cert, src, note, kind,
                                           {"contingent": ct}), "geometry": geom_json(line_out(g))})
    write_fc(os.path.join(hist, "movement.geojson"), feats, meta)
    # --- events
    feats = []
    for (i, date, kind, name, pw, where, cert, src, note, end_override) in EVENTS:
        lon, lat = ST(where) if isinstance(where, str) else where
        s, e, pid = event_window(date, end_override)
        p = common(i, "name", name, pw, s, e, cert, src, note, kind, {"date": date, "phase": pid})
        feats.append({"properties": p, "geometry": {"type": "Point", "coordinates": [rnd(lon), rnd(lat)]}})
    write_fc(os.path.join(hist, "event.geojson"), feats, meta)




# ---------------------------------------------------------------------------
# 10. THEATRE MANIFEST: captions, per-phase source notes, troop figures
#     (only these fields are touched; formatting kept: indent 2, scalar
#     lists inline, UTF-8)
# ---------------------------------------------------------------------------
CAPTIONS = {   # BRIEF section 1 captions, plain text
    "1918-08": "August 1918. Japanese, American, British and French contingents land at Vladivostok, held by the Czechoslovak Legion since June, to rescue the Legion and guard Allied stores. West of Lake Baikal the Legion and Siberian Whites hold the Trans-Siberian Railway. East of it, Soviet forces still hold Chita, Blagoveshchensk and Khabarovsk, fighting on the Ussuri front north of Vladivostok and against Semyonov on the Manchurian border.",
    "1918-11": "Autumn 1918. Japanese troops link up with the Czechoslovak Legion (5 Sept), and the last Soviet towns east of Baikal fall: Khabarovsk, Blagoveshchensk and Chita. By November Japan occupies every port and major town in the Maritime Province and east of Chita, with the atamans Semyonov (Chita) and Kalmykov (Khabarovsk) as clients. On 18 November Admiral Kolchak seizes power in Omsk. The British, French and Italian contingents move west towards the Urals; the Japanese and Americans stay in the east.",
    "1919-04": "Spring 1919. Kolchak's armies attack from the Urals on 4 March, retake Ufa, and by late April stand about 120 km from the Volga; the Red counter-offensive opens on 28 April. Behind the front, under the Inter-Allied Railway Agreement, the Czechoslovaks guard the line from Lake Baikal to Omsk, while American, Japanese and Chinese troops guard sectors further east. Japan's clients rule Transbaikalia and Khabarovsk.",
    "1919-11": "Summer–autumn 1919. The Red Army drives Kolchak back across the Urals: Ufa (9 June), Yekaterinburg (14 July), Chelyabinsk (25 July). After the Tobol battles it takes Omsk on 14 November 1919. The White government and army retreat east along the railway towards Irkutsk amid partisan risings; the Czechoslovaks hold the line and begin leaving through Vladivostok. East of Baikal, Japan and the atamans remain.",
    "1920-02": "Winter 1920. Kolchak resigns in early January, is handed over at Irkutsk by the Czechoslovaks (15 Jan), and is shot by the Bolshevik revolutionary committee on 7 February 1920. Soviet power reaches Lake Baikal. In Vladivostok a left-wing zemstvo government replaces the Whites (31 Jan). The Czechoslovak Legion and the Western contingents leave through Vladivostok; the last Americans sail on 1 April. Japan stays.",
    "1920-07": "Summer 1920. Moscow sets up the Far Eastern Republic (6 April, Verkhneudinsk) as a buffer with Japan. Japan, having struck Russian garrisons in Primorye on 4–5 April, occupies northern Sakhalin after the massacre at Nikolayevsk-on-Amur. Under the Gongota Agreement (15 July) Japan agrees to leave Transbaikalia, exposing Semyonov's \"Chita plug\". The Western Allies are gone, and the last Czechoslovaks sail from Vladivostok on 2 September.",
    "1921-06": "1920–21. With the Japanese gone from Transbaikalia, the Far Eastern Republic takes Chita (22 October 1920), ends Semyonov's regime, and makes Chita its capital. Japan now holds only southern Primorye, the lower Amur around Nikolayevsk, and northern Sakhalin. On 26 May 1921 a White coup in Vladivostok installs the Japanese-backed Provisional Priamur Government.",
    "1922-02": "Winter 1921–22. Priamur White forces under Molchanov advance north from the Japanese zone and take Khabarovsk (22 December 1921) but are checked west of it. At Volochayevka (10–12 February 1922) the Far Eastern Republic's army under Blyukher breaks the White line and retakes Khabarovsk (14 February). The Whites fall back behind the neutral zone, and Japan announces it will withdraw.",
    "1922-10": "October 1922. The Far Eastern Republic's army storms Spassk (8–9 October) and, as the last Japanese troops leave, enters Vladivostok on 25 October 1922; the Whites evacuate by sea. On 15 November the Far Eastern Republic merges into Soviet Russia. Japanese troops remain only in northern Sakhalin, until 1925.",
}
PHASE_SOURCE_NOTES = {
    "1918-08": "seed: US landings 15-21 Aug 1918, 12,000 Japanese agreed, 50,000-man Legion; general: British (3 Aug), Japanese (11-12 Aug) and French landings, Czech capture of Vladivostok 29 Jun 1918, Dukhovskaya 23-24 Aug, Verkhneudinsk ~20 Aug (approx.).",
    "1918-11": "seed: link-up 5 Sep, all ports and towns east of Chita by Nov, Allies trek west, Kalmykov and Semyonov Japanese-backed; general: Khabarovsk 5 Sep, Blagoveshchensk 18 Sep, Kolchak's coup 18 Nov 1918 (the seed gives no date).",
    "1919-04": "general: spring offensive from 4 Mar 1919, Red counter-offensive 28 Apr; railway guard sectors from FRUS 1919 Russia doc. 613; seed: Canadians leave Apr-Jun 1919. The front (about 50-53E) is drawn at its true position near the frame's west edge.",
    "1919-11": "general: Ufa 9 Jun, Yekaterinburg 14 Jul, Chelyabinsk 25 Jul, Omsk 14 Nov 1919. The seed's 'summer 1919 collapse after Kolchak's execution' is corrected (BRIEF 0 #1).",
    "1920-02": "general: Kolchak handed over 15 Jan, shot 7 Feb 1920; zemstvo government 31 Jan; last US troops 1 Apr 1920 (the seed misdates the Western withdrawal, BRIEF 0 #2).",
    "1920-07": "seed: Moscow-backed FER, Gongota Agreement (1920); general: FER founded 6 Apr, Japanese strike 4-5 Apr, Gongota 15 Jul, northern Sakhalin from 21 Apr 1920, last Czechoslovaks 2 Sep 1920.",
    "1921-06": "seed: end of Semyonov's regime Oct 1920, Japanese-backed Priamur government; general: Chita 22 Oct 1920, Priamur coup 26 May 1921, neutral zone Spassk-Iman (approx.).",
    "1922-02": "general: Khabarovsk taken by the Whites 22 Dec 1921, Volochayevka 10-12 Feb, Khabarovsk retaken 14 Feb 1922; seed: withdrawal carried out Oct 1922 under Kato Tomosaburo.",
    "1922-10": "seed: Japanese withdrawal Oct 1922; general: Spassk 8-9 Oct, Vladivostok 25 Oct, FER merged into the RSFSR 15 Nov 1922, northern Sakhalin held until 15 May 1925.",
}
_TR_NOTE = "as given in the seed's infobox; a commitment or peak figure, not a simultaneous strength"
TROOPS = [   # BRIEF section 2 (all [seed] unless noted)
    {"power": "JP", "contingent": None, "figure": 70000, "label": "70,000",
     "note": _TR_NOTE + "; text: 'more than 70,000 involved'; the Terauchi cabinet agreed to 12,000; about 5,000 dead"},
    {"power": "US", "contingent": None, "figure": 7950, "label": "7,950",
     "note": _TR_NOTE + "; 10,000 authorised, first 3,000 landed 15-21 Aug 1918; 27th and 31st Infantry"},
    {"power": "AL", "contingent": "GB", "figure": 1500, "label": "1,500",
     "note": _TR_NOTE + "; 25th Middlesex and 1/9th Hampshire [general: 1/9th]"},
    {"power": "AL", "contingent": "CA", "figure": 4192, "label": "4,192",
     "note": _TR_NOTE + "; Canadian Siberian Expeditionary Force, home Apr-Jun 1919; fewer than 100 went to Omsk"},
    {"power": "AL", "contingent": "IT", "figure": 2400, "label": "2,400",
     "note": _TR_NOTE + "; the text adds 2,500 ex-POWs (Legione Redenta); the two numbers are not reconciled"},
    {"power": "AL", "contingent": "FR", "figure": 800, "label": "800", "note": _TR_NOTE},
    {"power": "CN", "contingent": None, "figure": 8000, "label": "8,000",
     "note": _TR_NOTE + "; the text says 2,000 troops by August 1918"},
    {"power": "CZ", "contingent": None, "figure": 50000, "label": "50,000",
     "note": "not in the infobox; the text's '50,000 man Czech Legion'"},
    {"power": "WH", "contingent": None, "figure": 300000, "label": "300,000",
     "note": _TR_NOTE + "; paper strength of Kolchak's forces, use with caution"},
    {"power": "SEM", "contingent": None, "figure": 100000, "label": "100,000",
     "note": _TR_NOTE + "; implausibly high: general knowledge gives Semyonov about 20,000 in Mar 1920"},
    {"power": "RED", "contingent": None, "figure": 600000, "label": "at least 600,000",
     "note": "seed: 'at least 600,000' Red / pro-Bolshevik, no breakdown"},
]
THEATRE_NOTES = ("Troop figures are the seed's infobox figures (commitments or peaks, not simultaneous strengths); "
                 "the listed anti-Bolshevik figures sum to 544,842, not the infobox's '550,000'; the infobox "
                 "'bandits' (50,000) and the casualty column (200,000 / 400,000, assignment unclear) are not mapped. "
                 "History layers: geodata/history/*, built by tools/build_history.py, checked by "
                 "tools/check_history.py; sources and departures from the brief in geodata/SOURCES.md.")


def _dump(o, ind=0):
    sp = " " * ind
    if isinstance(o, dict):
        if not o:
            return "{}"
        items = ['%s  %s: %s' % (sp, json.dumps(k, ensure_ascii=False), _dump(v, ind + 2)) for k, v in o.items()]
        return "{\n" + ",\n".join(items) + "\n" + sp + "}"
    if isinstance(o, list):
        if not o:
            return "[]"
        if all(not isinstance(x, (dict, list)) for x in o):
            return "[" + ", ".join(json.dumps(x, ensure_ascii=False) for x in o) + "]"
        return "[\n" + ",\n".join(sp + "  " + _dump(x, ind + 2) for x in o) + "\n" + sp + "]"
    return json.dumps(o, ensure_ascii=False)


def update_theatre():
    with open(THEATRE_PATH, encoding="utf-8") as f:
        text = f.read()
    d = json.loads(text)
    def keep_translations(old, english):
        # {"en": ..., "ru": ...} texts keep their other languages
        if isinstance(old, dict):
            return {**old, "en": english}
        return english

    for p in d["phases"]:
        p["caption"] = keep_translations(p.get("caption"), CAPTIONS[p["id"]])
        p["source_note"] = PHASE_SOURCE_NOTES[p["id"]]
    old_troops = d.get("troops", [])
    troops = [dict(t) for t in TROOPS]
    for i, t in enumerate(troops):
        if i < len(old_troops):
            t["label"] = keep_translations(old_troops[i].get("label"), t["label"])
    d["troops"] = troops
    d["notes"] = THEATRE_NOTES
    out = _dump(d) + ("\n" if text.endswith("\n") else "")
    with open(THEATRE_PATH, "w", encoding="utf-8") as f:
        f.write(out)
    print("updated geodata/theatre.json (captions, source_note, troops, notes)")


if __name__ == "__main__":
    main()
    update_theatre()
