"""The site's icon (favicon, home-screen icon), drawn by code: no image file, no network, no
library.

The picture is a page of notes on a rounded square of the theme's accent colour: neutral (no
initials, no name, nothing from the trip), so a private site's icon says nothing about whose it is.
One geometry gives the SVG favicon and the PNGs a home screen needs; the "maskable" PNG fills the
square edge to edge and keeps the page inside the central circle that Android's masks leave visible.

PNGs are written by hand (zlib and struct) from rows of pixels. Every edge of the page and its lines
is axis-aligned, so a pixel's coverage is its horizontal coverage times its vertical one; only the
background's rounded corners need a distance per pixel. A 512-pixel icon takes a few milliseconds,
the same bytes each time.
"""

from __future__ import annotations

import math
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache

ACCENT = (0x1F, 0x5F, 0xA8)
"""The default theme's --accent: the icon's background."""

PAGE = (0xFF, 0xFF, 0xFF)

# The geometry, as fractions of the icon's side.
_CORNER = 0.22
"""Radius of the background's corners (the "any" icon; the maskable one is square)."""

_SHEET = (0.29, 0.19, 0.71, 0.81)
"""The page: left, top, right, bottom."""

_LINES = ((0.36, 0.31, 0.64), (0.36, 0.43, 0.64), (0.36, 0.55, 0.64), (0.36, 0.67, 0.54))
"""Lines of text on the page: left, top, right; each _LINE tall."""

_LINE = 0.055


@dataclass(frozen=True)
class _Box:
    left: float
    top: float
    right: float
    bottom: float
    colour: tuple[int, int, int]


def _boxes(size: int) -> tuple[_Box, ...]:
    s = float(size)
    sheet = _Box(_SHEET[0] * s, _SHEET[1] * s, _SHEET[2] * s, _SHEET[3] * s, PAGE)
    lines = tuple(_Box(x0 * s, y * s, x1 * s, (y + _LINE) * s, ACCENT) for x0, y, x1 in _LINES)
    return (sheet, *lines)


def _overlap(start: float, end: float, cell: int) -> float:
    """How much of the pixel cell [cell, cell + 1) the span [start, end) covers."""
    return max(0.0, min(end, cell + 1.0) - max(start, float(cell)))


def _alpha_row(y: int, size: int, radius: float) -> bytes:
    """Coverage of row y by the rounded square, as alpha bytes: 255 inside, 0 outside, between on
    the curve.

    The square is symmetric, so the left corner is made and mirrored; only the pixels next to the
    curve need a distance.
    """
    if radius <= 0 or radius <= y + 0.5 <= size - radius:
        return b"\xff" * size
    dy = abs(y + 0.5 - min(max(y + 0.5, radius), size - radius))

    def reach(distance: float) -> float:
        """How far left of the corner's centre a point of this row lies at `distance` from it."""
        return math.sqrt(max(0.0, distance * distance - dy * dy))

    outside, inside = radius - reach(radius + 0.5), radius - reach(radius - 0.5)
    """Left of `outside` a pixel is clear, right of `inside` covered; between, it is partly
    covered."""
    left = bytearray()
    for x in range(math.ceil(radius)):
        if x + 1 <= outside:
            left.append(0)
        elif x >= inside:
            left.append(255)
        else:
            distance = math.hypot(radius - (x + 0.5), dy)
            left.append(round(min(1.0, max(0.0, radius - distance + 0.5)) * 255))
    return bytes(left) + b"\xff" * (size - 2 * len(left)) + bytes(reversed(left))


def _colour_row(
    vertical: tuple[float, ...],
    columns: list[tuple[tuple[float, ...], int]],
    boxes: tuple[_Box, ...],
) -> tuple[bytes, bytes, bytes]:
    """One row's red, green and blue bytes: the accent, with the page and its lines laid over it.

    `vertical`: how much of the row each box covers; `columns`: runs of columns alike (each box's
    horizontal coverage, and how many columns).
    """
    red, green, blue = bytearray(), bytearray(), bytearray()
    for horizontal, count in columns:
        colour = [float(v) for v in ACCENT]
        for box, down, across in zip(boxes, vertical, horizontal, strict=True):
            if (amount := down * across) > 0:
                colour = [c + (v - c) * amount for c, v in zip(colour, box.colour, strict=True)]
        red += bytes((round(colour[0]),)) * count
        green += bytes((round(colour[1]),)) * count
        blue += bytes((round(colour[2]),)) * count
    return bytes(red), bytes(green), bytes(blue)


def _runs(size: int, boxes: tuple[_Box, ...]) -> list[tuple[tuple[float, ...], int]]:
    """The columns, grouped into runs that every box covers alike."""
    runs: list[tuple[tuple[float, ...], int]] = []
    for x in range(size):
        kind = tuple(_overlap(box.left, box.right, x) for box in boxes)
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + 1)
        else:
            runs.append((kind, 1))
    return runs


def _png(width: int, height: int, rows: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


@lru_cache(maxsize=8)
def icon_png(size: int, maskable: bool = False) -> bytes:
    """The icon as a square PNG of `size` pixels; `maskable`: full-bleed, for Android's shaped
    masks.

    Kept once made: `serve` rebuilds in one process, and the bytes never change.
    """
    radius = 0.0 if maskable else _CORNER * size
    boxes = _boxes(size)
    columns = _runs(size, boxes)
    made: dict[tuple[float, ...], tuple[bytes, bytes, bytes]] = {}
    """Rows that cross no horizontal edge are alike: each kind of row is coloured once."""
    rows = []
    for y in range(size):
        kind = tuple(_overlap(box.top, box.bottom, y) for box in boxes)
        if kind not in made:
            made[kind] = _colour_row(kind, columns, boxes)
        red, green, blue = made[kind]
        row = bytearray(size * 4)
        row[0::4], row[1::4], row[2::4], row[3::4] = red, green, blue, _alpha_row(y, size, radius)
        rows.append(bytes(row))
    return _png(size, size, rows)


def icon_svg() -> str:
    """The same picture as an SVG (the favicon): 512 units square."""
    size = 512

    def rect(box: _Box) -> str:
        colour = "#{:02x}{:02x}{:02x}".format(*box.colour)
        return (
            f'<rect x="{box.left:g}" y="{box.top:g}" width="{box.right - box.left:g}" '
            f'height="{box.bottom - box.top:g}" fill="{colour}"/>'
        )

    accent = "#{:02x}{:02x}{:02x}".format(*ACCENT)
    shapes = "".join(rect(box) for box in _boxes(size))
    corner = _CORNER * size
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}">'
        f'<rect width="{size}" height="{size}" rx="{corner:g}" fill="{accent}"/>{shapes}</svg>\n'
    )
