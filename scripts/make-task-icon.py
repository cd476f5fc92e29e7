#!/usr/bin/env python3
"""Writes icon.png (beside task.json): the 32x32 icon the Azure Pipelines task
catalogue shows for the task. Drawn here, with the standard library only, so the
icon has a source and no download: a rounded orange tile (cargo's crate colour)
with a white key. Deterministic: running it again gives the same bytes.

Usage: python3 scripts/make-task-icon.py [OUTPUT]   (default: icon.png at the repository root)
"""
import pathlib
import struct
import sys
import zlib

SIZE = 32
ORANGE = (0xDE, 0x6A, 0x1F, 0xFF)
WHITE = (0xFF, 0xFF, 0xFF, 0xFF)
CLEAR = (0, 0, 0, 0)


def inside_rounded_tile(x, y, radius=6):
    cx = min(max(x, radius), SIZE - 1 - radius)
    cy = min(max(y, radius), SIZE - 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius


def on_key(x, y):
    # Ring of the bow, centred at (11, 16), outer radius 6, inner 3.
    d2 = (x - 11) ** 2 + (y - 16) ** 2
    if 9 < d2 <= 36:
        return True
    # Shaft and two teeth.
    if 16 <= x <= 26 and 15 <= y <= 17:
        return True
    if (x in (21, 22) or x in (25, 26)) and 18 <= y <= 20:
        return True
    return False


def pixel(x, y):
    if not inside_rounded_tile(x, y):
        return CLEAR
    return WHITE if on_key(x, y) else ORANGE


def png_bytes():
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(SIZE)) for y in range(SIZE))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) +
            chunk(b"IEND", b""))


def main(argv):
    out = pathlib.Path(argv[1]) if len(argv) > 1 else pathlib.Path(__file__).resolve().parent.parent / "icon.png"
    out.write_bytes(png_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
