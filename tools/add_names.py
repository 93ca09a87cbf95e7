#!/usr/bin/env python3
"""Add translated names to the built-in theatre's layers (phasemap).

    python3 tools/add_names.py [LANG ...]      # default: every tools/names/*.tsv

For each language, tools/names/<lang>.tsv maps an English `name` or `label`
(tab) to its translation; every feature of every layer the manifest lists
whose `name` (or `label`, or `short_name`) is in the table gets
`name:<lang>` (or `label:<lang>`, `short_name:<lang>`), the OpenStreetMap
convention phasemap reads.  The files are
edited in place, one property inserted after the English one, so the
diff shows only the names (the layers are one feature a line).  Run it again
after tools/build_history.py or tools/import_basemap.py rewrite a layer.
Names with no row are listed, and the exit status is 1.
"""
import glob
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def table(lang):
    out = {}
    with open(os.path.join(ROOT, "tools", "names", lang + ".tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            en, tr = line.split("\t")
            if en in out and out[en] != tr:
                sys.exit(f"{lang}.tsv:{n}: {en!r} translated twice")
            out[en] = tr
    return out


def layer_paths():
    with open(os.path.join(ROOT, "geodata", "theatre.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    return [os.path.join(ROOT, "geodata", l["path"]) for l in manifest["layers"]]


def add(path, lang, names, missing):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    out = []
    for line in lines:
        body = line.rstrip().rstrip(",")
        if not body.startswith("{") or '"Feature"' not in body:
            out.append(line)
            continue
        props = json.loads(body)["properties"]
        for key in ("name", "label", "short_name"):
            en = props.get(key)
            if not isinstance(en, str) or not en:
                continue
            tkey = f"{key}:{lang}"
            if en not in names:
                missing.add((os.path.relpath(path, ROOT), en))
                continue
            new = json.dumps(tkey) + ":" + json.dumps(names[en], ensure_ascii=False)
            if tkey in props:
                line = re.sub(re.escape(json.dumps(tkey)) + r'\s*:\s*"(?:[^"\\]|\\.)*"', lambda m: new, line, count=1)
            else:
                pat = re.escape(json.dumps(key)) + r'\s*:\s*' + re.escape(json.dumps(en, ensure_ascii=False))
                m = re.search(pat, line)
                if m is None:
                    sys.exit(f"{path}: cannot find {key} {en!r} in its line")
                line = line[:m.end()] + "," + new + line[m.end():]
        out.append(line)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def main():
    langs = sys.argv[1:] or sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(ROOT, "tools", "names", "*.tsv")))
    missing = set()
    for lang in langs:
        names = table(lang)
        for path in layer_paths():
            add(path, lang, names, missing)
    for path, en in sorted(missing):
        print(f"{path}: no translation of {en!r}", file=sys.stderr)
    sys.exit(1 if missing else 0)


main()
