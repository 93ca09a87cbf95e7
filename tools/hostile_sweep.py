#!/usr/bin/env python3
"""Throws odd inputs at a phasemap binary: no panic, hang or crash allowed.

    python3 tools/hostile_sweep.py [BINARY]   # default target/release/phasemap

Complements tests/bad (which `cargo test` runs with expected messages): the
cases here are generated variations (numbers, characters, shapes, paths,
command lines) whose only requirement is that phasemap either works or says
why, exiting 0, 1 or 2 within the time limit, with no panic in stderr and
no temporary file left behind. Prints one line per case and a summary;
exits 1 when any case misbehaves.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.path.join(ROOT, "tests", "bad", "_base")
TIMEOUT = 120


def base_manifest():
    with open(os.path.join(BASE, "theatre", "theatre.json")) as f:
        return json.load(f)


def base_style():
    with open(os.path.join(BASE, "style.json")) as f:
        return json.load(f)


def fc(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def feature(geometry, **props):
    return {"type": "Feature", "properties": props, "geometry": geometry}


def point(x, y):
    return {"type": "Point", "coordinates": [x, y]}


def square(x0, y0, x1, y1):
    return {"type": "Polygon",
            "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def cases():
    """(name, manifest changes, layer files, style, argv template)."""
    odd_names = [
        "", " ", "\u0000", "\u0007bell", "\u001b[31mred\u001b[0m", "\u202eevil", "\u200b",
        "\ufeff", "\uffff", "\ud7ff", "e\u0301" * 500, "<script>alert(1)</script>", "]]>",
        "&amp;&lt;", "=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "a" * 100_000, "日本語" * 300,
        "\U0001F600" * 50, "line\nbreak", "tab\there", "\\", '"quote"', "%s%n%x",
    ]
    for i, name in enumerate(odd_names):
        towns = fc(feature(point(100, 50), id=f"t{i}", name=name, rank=1),
                   feature(point(101, 51), id="u", name=name[::-1], rank=2))
        yield (f"town-name-{i}", {}, {"towns.geojson": towns}, None, None)
        yield (f"title-{i}", {"title": name or "x", "attribution": name}, {}, None, None)
    for i, v in enumerate([1e-300, 1e300, -1e300, 0.0, -0.0, 5e-324, 1.7976931348623157e308]):
        yield (f"coord-{i}", {}, {"towns.geojson": fc(feature(point(v, v), id="a", name="A"))},
               None, None)
    for i, extent in enumerate([[90, 45, 90, 55], [110, 45, 90, 55], [-180, -90, 180, 90],
                                [170, 0, -170, 10], [0, 89.999, 1, 90], [90, 45, 90.0000001, 45.0000001],
                                [-1e9, 0, 1e9, 1]]):
        yield (f"extent-{i}", {"extent": extent}, {}, None, None)
    for i, proj in enumerate(["+proj=ortho +lat_0=-50 +lon_0=-80", "+proj=merc", "+proj=nonsense",
                              "+proj=lcc +lat_1=90 +lat_2=90", "+proj=longlat +datum=WGS84",
                              "+proj=lcc " * 5000, "", "+proj=stere +lat_0=90 +lat_ts=1e308",
                              "+proj=tmerc +k=0", "+proj=aeqd +lat_0=50 +lon_0=100 +x_0=1e300"]):
        yield (f"projection-{i}", {"projection": proj}, {}, None, None)
    # Many phases: the sheet and the animation must cope or refuse.
    phases = [{"id": f"p{i}", "title": f"P{i}", "start_date": f"{1000 + i}-01-01",
               "end_date": f"{1001 + i}-01-01", "snapshot": f"{1000 + i}-06-01"}
              for i in range(400)]
    yield ("400-phases-sheet", {"phases": phases}, {}, None,
           ["sheet", "--theatre", "{theatre}", "--style", "{style}", "--out", "{out}",
            "--width", "600"])
    yield ("400-phases-animate", {"phases": phases}, {}, None,
           ["animate", "--theatre", "{theatre}", "--style", "{style}", "--out", "{out}",
            "--width", "300", "--format", "gif"])
    # Shapes.
    yield ("bowtie", {}, {"land.geojson": fc(feature(
        {"type": "Polygon", "coordinates": [[[92, 46], [108, 54], [108, 46], [92, 54], [92, 46]]]},
        id="x", power="RED"))}, None, None)
    yield ("hole-outside", {}, {"land.geojson": fc(feature(
        {"type": "Polygon", "coordinates": [square(92, 46, 100, 50)["coordinates"][0],
                                            square(101, 51, 102, 52)["coordinates"][0]]},
        id="x", power="RED"))}, None, None)
    yield ("tiny-polygon", {}, {"land.geojson": fc(feature(
        square(100, 50, 100 + 1e-12, 50 + 1e-12), id="x", power="RED"))}, None, None)
    yield ("point-with-z", {}, {"towns.geojson": fc(feature(
        {"type": "Point", "coordinates": [100, 50, 1e308, 7]}, id="a", name="A"))}, None, None)
    yield ("many-duplicate-points", {}, {"towns.geojson": fc(*[
        feature(point(100, 50), id=f"t{i}", name="Same", rank=1) for i in range(20_000)])},
        None, None)
    yield ("line-back-and-forth", {}, {"land.geojson": fc(feature(
        {"type": "LineString", "coordinates": [[92, 46], [108, 54]] * 50_000}, id="l"))},
        None, None)
    yield ("feature-ids-collide", {}, {"towns.geojson": fc(
        feature(point(100, 50), id="a", name="A"), feature(point(101, 50), id="a", name="B"),
        feature(point(102, 50), id="A", name="C"))}, None, None)
    yield ("properties-odd-types", {}, {"towns.geojson": fc(
        feature(point(100, 50), id=7, name=["x"], rank="high", start_date=1919),
        feature(point(101, 50), id=None, name={"a": 1}, rank=1e308))}, None, None)
    # Styles.
    for i, (key, value) in enumerate([
            ("circle-radius", 1e308), ("circle-radius", -1), ("circle-radius", ["get", "rank"]),
            ("circle-radius", ["*", ["get", "rank"], 1e308]),
            ("circle-radius", ["/", 1, 0]), ("circle-radius", ["sqrt", -1]),
            ("circle-color", "#zzzzzz"), ("circle-color", "rgb(300,-1,1e9)"),
            ("circle-color", "hsl(nan, 1%, 1%)"), ("circle-opacity", 1e-320)]):
        style = base_style()
        style["layers"][2]["paint"][key] = value
        yield (f"style-{i}", {}, {}, style, None)
    # Written as text: too deep for Python's own JSON writer.
    style = json.dumps(base_style()).replace(
        '"circle-radius": 4', '"circle-radius": ' + '["+", ' * 5000 + "1" + ", 1]" * 5000)
    yield ("style-deep-expression", {}, {}, style, None)
    style = base_style()
    style["layers"] = style["layers"] * 500
    yield ("style-500-layers", {}, {}, style, None)
    # Paths and folders.
    yield ("layer-is-folder", {"layers": [{"id": "land", "role": "land", "path": "."}]},
           {}, None, None)
    yield ("layer-absolute", {"layers": [{"id": "land", "role": "land", "path": "/etc/hostname"}]},
           {}, None, None)
    yield ("layer-empty-path", {"layers": [{"id": "land", "role": "land", "path": ""}]},
           {}, None, None)
    yield ("layer-dotdot", {"layers": [{"id": "land", "role": "land",
                                        "path": "sub/../../theatre/land.geojson"}]}, {}, None, None)
    yield ("no-layers", {"layers": []}, {}, None, None)
    yield ("no-phases", {"phases": []}, {}, None, None)
    # Command lines.
    argv_cases = [
        ["render", "--theatre", "{theatre}", "--style", "{style}", "--out", "{out}", "--width", "0"],
        ["render", "--theatre", "{theatre}", "--style", "{style}", "--out", "{out}",
         "--phases", ""],
        ["render", "--theatre", "{theatre}", "--style", "{style}", "--out", "{out}",
         "--phases", "p1,p1,p1"],
        ["render", "--theatre", "{theatre}", "--style", "{style}", "--out", "/proc/self"],
        ["render", "--theatre", "{theatre}", "--style", "{style}", "--out", "{theatre}"],
        ["render", "--theatre", "{theatre}/theatre.json", "--style", "{style}", "--out", "{out}"],
        ["render", "--theatre", "/dev/null", "--style", "{style}", "--out", "{out}"],
        ["render", "--theatre", "{theatre}", "--style", "/dev/zero", "--out", "{out}"],
        ["render", "--theatre", "{theatre}", "--style", "{theatre}", "--out", "{out}"],
        ["diff", "p1", "p1", "--theatre", "{theatre}", "--style", "{style}", "--out", "{out}"],
        ["diff", "p2", "p1", "--theatre", "{theatre}", "--style", "{style}", "--out", "{out}"],
        ["sheet", "--cols", "12", "--theatre", "{theatre}", "--style", "{style}", "--out", "{out}",
         "--width", "600"],
        ["pdf", "--phase", "nope", "--theatre", "{theatre}", "--style", "{style}", "--out", "{out}"],
        ["animate", "--fade", "2", "--seconds-per-phase", "0.1", "--theatre", "{theatre}",
         "--style", "{style}", "--out", "{out}", "--width", "300"],
        ["animate", "--seconds-per-phase", "1e400", "--theatre", "{theatre}", "--out", "{out}"],
        ["animate", "--fade", "-inf", "--theatre", "{theatre}", "--out", "{out}"],
        ["commons", "--theatre", "{theatre}", "--style", "{style}", "--out", "{out}",
         "--width", "300"],
        ["list", "--theatre", "{theatre}"],
        ["check", "--theatre", "{theatre}"],
        ["--theatre", "{theatre}", "--style", "{style}", "--out", "{out}"],
    ]
    for i, argv in enumerate(argv_cases):
        yield (f"argv-{i}", {}, {}, None, argv)


DEFAULT_ARGV = ["render", "--theatre", "{theatre}", "--style", "{style}", "--out", "{out}",
                "--width", "400", "--format", "svg,png"]


def run(binary, name, changes, layers, style, argv):
    tmp = tempfile.mkdtemp(prefix="phasemap-sweep-")
    try:
        theatre = os.path.join(tmp, "theatre")
        shutil.copytree(os.path.join(BASE, "theatre"), theatre)
        manifest = base_manifest()
        manifest.update(changes)
        with open(os.path.join(theatre, "theatre.json"), "w") as f:
            json.dump(manifest, f, ensure_ascii=False, allow_nan=True)
        for file, content in layers.items():
            with open(os.path.join(theatre, file), "w") as f:
                json.dump(content, f, ensure_ascii=False)
        style_path = os.path.join(tmp, "style.json")
        with open(style_path, "w") as f:
            if isinstance(style, str):
                f.write(style)
            else:
                json.dump(style or base_style(), f)
        out = os.path.join(tmp, "out")
        args = [a.replace("{theatre}", theatre).replace("{style}", style_path)
                .replace("{out}", out) for a in (argv or DEFAULT_ARGV)]
        try:
            p = subprocess.run([binary] + args, cwd=tmp, capture_output=True, timeout=TIMEOUT,
                               env=dict(os.environ, RUST_BACKTRACE="1"))
        except subprocess.TimeoutExpired:
            return "HANG", ""
        err = p.stderr.decode("utf-8", "replace")
        problems = []
        if p.returncode not in (0, 1, 2):
            problems.append(f"exit {p.returncode}")
        if "panicked" in err or "stack backtrace" in err:
            problems.append("panic")
        if "\x1b" in err:
            problems.append("raw escape in stderr")
        for dirpath, _, files in os.walk(tmp):
            problems += [f"left {f}" for f in files if f.startswith(".phasemap-")]
        first = err.strip().splitlines()[0][:150] if err.strip() else ""
        return ("; ".join(problems) or f"ok {p.returncode}"), first
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1
                             else os.path.join(ROOT, "target", "release", "phasemap"))
    bad, total = [], 0
    for name, changes, layers, style, argv in cases():
        total += 1
        verdict, first = run(binary, name, changes, layers, style, argv)
        print(f"{name:28} {verdict:10} {first}", flush=True)
        if not verdict.startswith("ok"):
            bad.append(name)
    print(f"{total - len(bad)} passed, {len(bad)} failed")
    if bad:
        print("misbehaved:", ", ".join(bad))
        sys.exit(1)


if __name__ == "__main__":
    main()
