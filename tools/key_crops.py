#!/usr/bin/env python3
"""Crops the pictures of styles/README.md (docs/key-*.png) from a real render.

Run after `cargo run --release` (built-in theatre, wikipedia style, 2400 px):
    python3 tools/key_crops.py [output/siberian-intervention]
The boxes are pixel boxes of those maps (left, top, right, bottom); when the
layout of the built-in theatre changes, look at the crops and move the boxes.
Needs Pillow (tools/requirements.txt).
"""
import sys
from pathlib import Path

from PIL import Image

CROPS = {
    # name: (phase, box)
    "legend": ("1919-04", (1190, 1356, 2250, 1720)),
    "hatch": ("1919-04", (1600, 720, 2000, 940)),
    "front": ("1919-04", (40, 420, 330, 720)),
    "railway": ("1919-04", (740, 670, 1140, 800)),
    "arrows": ("1918-11", (1480, 840, 1880, 1000)),
    "events": ("1918-08", (110, 960, 480, 1230)),
    "labels": ("1919-04", (1180, 810, 1730, 1060)),
}


def main() -> None:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "output/siberian-intervention")
    docs = Path(__file__).resolve().parent.parent / "docs"
    for name, (phase, box) in CROPS.items():
        with Image.open(src / f"{phase}.png") as im:
            if im.width != 2400:
                sys.exit(f"{src / phase}.png is {im.width} px wide; the boxes are for 2400 px")
            im.crop(box).save(docs / f"key-{name}.png", optimize=True)
        print(f"docs/key-{name}.png  {phase} {box}")


if __name__ == "__main__":
    main()
