#!/usr/bin/env python3
"""make_demo_pages.py - lay out and draw the demo issues in examples/.

Usage: python3 tools/demo-pages/make_demo_pages.py examples/

For every DIR/*/issue.json (issue package v1) this tool:

1. lays out each page: the first article gets a full-width band, the
   others share two columns below it, heights in proportion to their text;
   the resulting rectangles are written back into issue.json as "zones"
   (and each page gets "image", "width" 1000 and "height" 1400);
2. draws pages/NN.png, a 1000x1400 palette PNG that looks like a simple
   drawing of a newspaper page: a masthead band on page 1, a folio line on
   inner pages, and for every zone a headline made of glyph blocks, text
   line stripes in columns (flowed from the real paragraph lengths) and a
   picture box when the article has pictures;
3. draws every picture an article references (img/NAME.png, 600x400) as an
   abstract scene chosen from the file name (park, bus, market, ...).

Python 3 standard library only (zlib + struct write the PNGs). The output
is deterministic: running it twice gives byte-identical files.
"""

import json
import os
import struct
import sys
import zlib

PAGE_W = 1000
PAGE_H = 1400
MARGIN = 36
GAP = 16
PIC_W = 600
PIC_H = 400

# Palette: index -> RGB. Flat colours keep the PNGs small.
PALETTE = [
    (0xFA, 0xF8, 0xF2),  # 0 paper
    (0x1E, 0x1E, 0x1E),  # 1 ink
    (0xA4, 0xA4, 0xA4),  # 2 body text stripe
    (0xC8, 0xC8, 0xC8),  # 3 rule
    (0xA8, 0x20, 0x1A),  # 4 masthead red
    (0xFF, 0xFF, 0xFF),  # 5 white
    (0x2A, 0x2A, 0x2A),  # 6 headline
    (0x70, 0x70, 0x70),  # 7 subhead / kicker
    (0xBE, 0xBE, 0xBE),  # 8 caption
    (0xE4, 0xE8, 0xEC),  # 9 picture background
]
SKY = list(range(10, 18))
for i in range(8):
    t = i / 7.0
    PALETTE.append((int(0x8E + (0xE6 - 0x8E) * t),
                    int(0xBE + (0xF0 - 0xBE) * t),
                    int(0xE4 + (0xFA - 0xE4) * t)))
PALETTE += [
    (0x4F, 0x86, 0xB0),  # 18 water dark
    (0x6E, 0xA2, 0xC8),  # 19 water
    (0x96, 0xBE, 0xDC),  # 20 water light
    (0xD6, 0xE8, 0xF4),  # 21 water glint
    (0x86, 0xB4, 0x5E),  # 22 grass
    (0x57, 0x86, 0x3E),  # 23 dark green
    (0x3C, 0x6E, 0x2F),  # 24 tree
    (0xF2, 0xC1, 0x4E),  # 25 sun yellow
    (0xE0, 0x7B, 0x39),  # 26 orange
    (0xD0, 0x35, 0x2B),  # 27 lantern red
    (0x1F, 0x2A, 0x44),  # 28 night
    (0x2E, 0x3B, 0x5C),  # 29 night light
    (0x8C, 0x93, 0x9B),  # 30 building
    (0x5F, 0x66, 0x6E),  # 31 building dark
    (0xF5, 0xE6, 0xA8),  # 32 window light
    (0xB5, 0x65, 0x3C),  # 33 brick
    (0x6B, 0x6B, 0x6B),  # 34 road
    (0xED, 0xED, 0xED),  # 35 road marking
    (0x2C, 0x8C, 0x8C),  # 36 bus teal
    (0x9C, 0x6B, 0x3E),  # 37 wood
    (0x7A, 0x1A, 0x1A),  # 38 curtain
    (0x5A, 0x3B, 0x22),  # 39 stage floor
    (0xFF, 0xF4, 0xC8),  # 40 spotlight
    (0xF4, 0xF7, 0xFA),  # 41 snow
    (0x7E, 0x15, 0x10),  # 42 dark red
    (0xE9, 0xC9, 0xC4),  # 43 pale red
    (0x3D, 0x5A, 0x80),  # 44 blue
    (0xC9, 0xA2, 0x27),  # 45 ochre
]

C_PAPER, C_INK, C_TEXT, C_RULE, C_RED, C_WHITE = 0, 1, 2, 3, 4, 5
C_HEAD, C_SUB, C_CAP, C_PICBG = 6, 7, 8, 9


class Rng:
    """Small deterministic LCG (so output never depends on Python's hash)."""

    def __init__(self, seed):
        self.s = (seed * 2654435761 + 12345) & 0xFFFFFFFF

    def next(self):
        self.s = (self.s * 1103515245 + 12345) & 0x7FFFFFFF
        return self.s

    def uniform(self, a, b):
        return a + (b - a) * (self.next() % 10000) / 10000.0

    def randint(self, a, b):
        return a + self.next() % (b - a + 1)


def seed_of(text):
    return zlib.crc32(text.encode("utf-8"))


class Canvas:
    """An 8-bit palette image: a list of bytearray rows."""

    def __init__(self, w, h, bg=C_PAPER):
        self.w, self.h = w, h
        self.rows = [bytearray([bg]) * w for _ in range(h)]

    def rect(self, x, y, w, h, c):
        x0, y0 = max(0, int(x)), max(0, int(y))
        x1, y1 = min(self.w, int(x + w)), min(self.h, int(y + h))
        if x1 <= x0 or y1 <= y0:
            return
        span = bytes([c]) * (x1 - x0)
        for yy in range(y0, y1):
            self.rows[yy][x0:x1] = span

    def frame(self, x, y, w, h, c, t=1):
        self.rect(x, y, w, t, c)
        self.rect(x, y + h - t, w, t, c)
        self.rect(x, y, t, h, c)
        self.rect(x + w - t, y, t, h, c)

    def hspan(self, x0, x1, y, c, clip):
        cx, cy, cw, ch = clip
        if y < cy or y >= cy + ch:
            return
        x0, x1 = max(x0, cx), min(x1, cx + cw)
        if x1 > x0:
            self.rect(x0, y, x1 - x0, 1, c)

    def ellipse(self, cx, cy, rx, ry, c, clip):
        if rx <= 0 or ry <= 0:
            return
        for yy in range(int(cy - ry), int(cy + ry) + 1):
            d = 1.0 - ((yy - cy) / ry) ** 2
            if d < 0:
                continue
            half = rx * d ** 0.5
            self.hspan(int(cx - half), int(cx + half) + 1, yy, c, clip)

    def poly(self, pts, c, clip):
        """Fill a polygon (even-odd scanline)."""
        ys = [p[1] for p in pts]
        for yy in range(int(min(ys)), int(max(ys)) + 1):
            yc = yy + 0.5
            xs = []
            n = len(pts)
            for i in range(n):
                (xa, ya), (xb, yb) = pts[i], pts[(i + 1) % n]
                if (ya <= yc < yb) or (yb <= yc < ya):
                    xs.append(xa + (yc - ya) * (xb - xa) / (yb - ya))
            xs.sort()
            for i in range(0, len(xs) - 1, 2):
                self.hspan(int(xs[i]), int(xs[i + 1]) + 1, yy, c, clip)

    def png(self):
        raw = bytearray()
        for row in self.rows:
            raw.append(0)
            raw += row
        plte = b"".join(bytes(rgb) for rgb in PALETTE)

        def chunk(tag, data):
            body = tag + data
            return (struct.pack(">I", len(data)) + body +
                    struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF))

        ihdr = struct.pack(">IIBBBBB", self.w, self.h, 8, 3, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
                chunk(b"PLTE", plte) +
                chunk(b"IDAT", zlib.compress(bytes(raw), 9)) +
                chunk(b"IEND", b""))


# ---------------------------------------------------------------- digits

FONT = {
    "0": ["01110", "10001", "10011", "10101", "11001", "10001", "01110"],
    "1": ["00100", "01100", "00100", "00100", "00100", "00100", "01110"],
    "2": ["01110", "10001", "00001", "00010", "00100", "01000", "11111"],
    "3": ["11110", "00001", "00001", "01110", "00001", "00001", "11110"],
    "4": ["00010", "00110", "01010", "10010", "11111", "00010", "00010"],
    "5": ["11111", "10000", "11110", "00001", "00001", "10001", "01110"],
    "6": ["00110", "01000", "10000", "11110", "10001", "10001", "01110"],
    "7": ["11111", "00001", "00010", "00100", "01000", "01000", "01000"],
    "8": ["01110", "10001", "10001", "01110", "10001", "10001", "01110"],
    "9": ["01110", "10001", "10001", "01111", "00001", "00010", "01100"],
    "-": ["00000", "00000", "00000", "11111", "00000", "00000", "00000"],
}


def draw_digits(cv, text, x, y, scale, c):
    """Draw digits and '-' with a 5x7 bitmap font; returns the end x."""
    for ch in text:
        glyph = FONT.get(ch)
        if glyph is None:
            x += 3 * scale
            continue
        for gy, line in enumerate(glyph):
            for gx, bit in enumerate(line):
                if bit == "1":
                    cv.rect(x + gx * scale, y + gy * scale, scale, scale, c)
        x += 6 * scale
    return x


def draw_pseudo_glyph(cv, x, y, size, ch, c, bg):
    """A square of strokes standing in for one CJK character."""
    rng = Rng(ord(ch))
    t = max(2, size // 9)
    cv.rect(x, y, size, size, bg)
    nh = rng.randint(2, 4)
    for i in range(nh):
        yy = y + int((i + 1) * size / (nh + 1)) - t // 2
        x0 = x + rng.randint(0, size // 4)
        x1 = x + size - rng.randint(0, size // 4)
        cv.rect(x0, yy, x1 - x0, t, c)
    nv = rng.randint(1, 3)
    for i in range(nv):
        xx = x + int((i + 1) * size / (nv + 1)) - t // 2
        y0 = y + rng.randint(0, size // 3)
        y1 = y + size - rng.randint(0, size // 5)
        cv.rect(xx, y0, t, y1 - y0, c)


# ---------------------------------------------------------------- scenes

def sky(cv, box, colors=SKY):
    x, y, w, h = box
    n = len(colors)
    for i, c in enumerate(colors):
        y0 = y + h * i // n
        y1 = y + h * (i + 1) // n
        cv.rect(x, y0, w, y1 - y0, c)


def hills(cv, box, base, amp, c, rng):
    x, y, w, h = box
    f1, f2 = rng.uniform(1.0, 2.5), rng.uniform(3.0, 6.0)
    p1, p2 = rng.uniform(0, 6.28), rng.uniform(0, 6.28)
    import math
    step = max(1, w // 150)
    for xx in range(0, w, step):
        u = xx / float(w)
        top = base - amp * (0.7 * math.sin(f1 * 6.28 * u + p1) +
                            0.3 * math.sin(f2 * 6.28 * u + p2))
        cv.rect(x + xx, y + int(top * h), step, h - int(top * h), c)


def scene_river(cv, box, rng):
    x, y, w, h = box
    sky(cv, (x, y, w, int(h * 0.55)))
    cv.ellipse(x + w * 0.78, y + h * 0.18, w * 0.06, w * 0.06, 25, box)
    hills(cv, (x, y, w, h), 0.5, 0.06, 23, rng)
    cv.rect(x, y + int(h * 0.58), w, h - int(h * 0.58), 19)
    for i in range(6):
        yy = y + int(h * (0.64 + 0.055 * i))
        x0 = x + rng.randint(0, w // 2)
        cv.rect(x0, yy, rng.randint(w // 10, w // 3), max(1, h // 100), 21)
    # bridge: deck and arches
    deck = y + int(h * 0.5)
    cv.rect(x, deck, w, max(3, h // 28), 31)
    for i in range(4):
        cx = x + w * (0.125 + 0.25 * i)
        cv.ellipse(cx, deck + h * 0.1, w * 0.1, h * 0.09, 19, box)
        cv.rect(int(cx + w * 0.1), deck, max(2, w // 60),
                int(h * 0.13), 31)
    cv.rect(x, y + int(h * 0.9), w, h - int(h * 0.9), 22)


def scene_park(cv, box, rng):
    x, y, w, h = box
    sky(cv, (x, y, w, int(h * 0.6)))
    cv.ellipse(x + w * 0.18, y + h * 0.2, w * 0.07, w * 0.07, 25, box)
    hills(cv, box, 0.55, 0.08, 23, rng)
    hills(cv, box, 0.7, 0.05, 22, rng)
    # a curving path
    pts = [(x + w * 0.45, y + h), (x + w * 0.62, y + h),
           (x + w * 0.56, y + h * 0.72), (x + w * 0.52, y + h * 0.72)]
    cv.poly(pts, 35, box)
    for i in range(7):
        tx = x + w * (0.06 + 0.14 * i) + rng.randint(-8, 8) * w / 600.0
        ty = y + h * rng.uniform(0.55, 0.72)
        r = w * rng.uniform(0.035, 0.06)
        cv.rect(int(tx - r * 0.12), int(ty), max(2, int(r * 0.24)),
                int(r * 1.6), 37)
        cv.ellipse(tx, ty, r, r * 1.1, 24, box)


def scene_bus(cv, box, rng):
    x, y, w, h = box
    sky(cv, (x, y, w, int(h * 0.5)))
    for i in range(6):
        bw = w * rng.uniform(0.1, 0.17)
        bh = h * rng.uniform(0.2, 0.42)
        bx = x + w * i / 6.0
        cv.rect(int(bx), int(y + h * 0.55 - bh), int(bw), int(bh),
                30 if i % 2 else 31)
        for r in range(3):
            cv.rect(int(bx + bw * 0.2), int(y + h * 0.55 - bh + 8 + r * bh
                                            / 4), int(bw * 0.6),
                    max(2, h // 60), 32)
    cv.rect(x, y + int(h * 0.55), w, h - int(h * 0.55), 34)
    for i in range(8):
        cv.rect(x + i * w // 8, y + int(h * 0.9), w // 16, max(2, h // 70),
                35)
    bx, by, bw, bh = x + w * 0.15, y + h * 0.45, w * 0.62, h * 0.34
    cv.rect(int(bx), int(by), int(bw), int(bh), 36)
    for i in range(6):
        cv.rect(int(bx + bw * (0.04 + 0.16 * i)), int(by + bh * 0.15),
                int(bw * 0.12), int(bh * 0.35), 21)
    cv.rect(int(bx), int(by + bh * 0.7), int(bw), max(2, int(bh * 0.06)),
            5)
    for fx in (0.18, 0.8):
        cv.ellipse(bx + bw * fx, by + bh, h * 0.06, h * 0.06, 1, box)


def scene_market(cv, box, rng):
    x, y, w, h = box
    sky(cv, (x, y, w, int(h * 0.5)), [28, 28, 29, 29])
    cv.rect(x, y + int(h * 0.5), w, h - int(h * 0.5), 39)
    for i in range(5):
        sx = x + w * (0.02 + 0.2 * i)
        sw = w * 0.17
        cv.rect(int(sx), int(y + h * 0.5), int(sw), int(h * 0.3), 37)
        cv.poly([(sx - 4, y + h * 0.5), (sx + sw + 4, y + h * 0.5),
                 (sx + sw * 0.5, y + h * 0.36)], 27 if i % 2 else 26, box)
        cv.rect(int(sx + sw * 0.1), int(y + h * 0.56), int(sw * 0.8),
                max(2, int(h * 0.05)), 32)
    for i in range(12):
        lx = x + w * (0.04 + 0.08 * i)
        ly = y + h * (0.12 + 0.05 * ((i * 7) % 4))
        cv.rect(int(lx), y, 1, int(ly - y), 45)
        cv.ellipse(lx, ly, w * 0.018, w * 0.024, 27, box)
    for i in range(9):
        px = x + w * rng.uniform(0.05, 0.95)
        cv.ellipse(px, y + h * 0.88, w * 0.015, h * 0.06, 31, box)


def scene_stage(cv, box, rng):
    x, y, w, h = box
    cv.rect(x, y, w, h, 28)
    cv.poly([(x + w * 0.5, y), (x + w * 0.25, y + h * 0.8),
             (x + w * 0.75, y + h * 0.8)], 29, box)
    cv.rect(x, y + int(h * 0.78), w, h - int(h * 0.78), 39)
    cv.ellipse(x + w * 0.5, y + h * 0.8, w * 0.25, h * 0.06, 40, box)
    cv.rect(x, y, int(w * 0.14), h, 38)
    cv.rect(x + w - int(w * 0.14), y, int(w * 0.14), h, 38)
    cv.rect(x, y, w, int(h * 0.1), 42)
    for fx, col in ((0.42, 27), (0.58, 44)):
        cx = x + w * fx
        cv.poly([(cx - w * 0.06, y + h * 0.78), (cx + w * 0.06, y + h * 0.78),
                 (cx + w * 0.03, y + h * 0.45),
                 (cx - w * 0.03, y + h * 0.45)], col, box)
        cv.ellipse(cx, y + h * 0.4, w * 0.03, w * 0.035, 43, box)
        cv.rect(int(cx - w * 0.035), int(y + h * 0.33), int(w * 0.07),
                max(2, int(h * 0.035)), 45)


def scene_run(cv, box, rng):
    x, y, w, h = box
    sky(cv, (x, y, w, int(h * 0.5)))
    hills(cv, box, 0.45, 0.04, 23, rng)
    cv.rect(x, y + int(h * 0.5), w, h - int(h * 0.5), 22)
    cv.poly([(x + w * 0.46, y + h * 0.5), (x + w * 0.54, y + h * 0.5),
             (x + w * 0.95, y + h), (x + w * 0.05, y + h)], 34, box)
    cv.poly([(x + w * 0.497, y + h * 0.5), (x + w * 0.503, y + h * 0.5),
             (x + w * 0.51, y + h), (x + w * 0.49, y + h)], 35, box)
    cols = [27, 44, 26, 36, 25, 33]
    for i in range(9):
        t = 0.2 + 0.1 * i
        px = x + w * (0.5 + (rng.uniform(-0.3, 0.3)) * t)
        py = y + h * (0.5 + 0.45 * t)
        s = h * 0.09 * t
        cv.rect(int(px - s * 0.25), int(py - s * 2), max(2, int(s * 0.5)),
                int(s * 1.2), cols[i % len(cols)])
        cv.ellipse(px, py - s * 2.3, s * 0.3, s * 0.3, 37, box)
        cv.rect(int(px - s * 0.25), int(py - s * 0.8), max(1, int(s * 0.2)),
                int(s * 0.8), 1)
        cv.rect(int(px + s * 0.05), int(py - s * 0.8), max(1, int(s * 0.2)),
                int(s * 0.8), 1)
    cv.rect(x + int(w * 0.1), y + int(h * 0.3), max(2, w // 120),
            int(h * 0.2), 31)
    cv.rect(x + int(w * 0.9), y + int(h * 0.3), max(2, w // 120),
            int(h * 0.2), 31)
    cv.rect(x + int(w * 0.1), y + int(h * 0.3), int(w * 0.8),
            max(4, int(h * 0.06)), 27)


def scene_library(cv, box, rng):
    x, y, w, h = box
    cv.rect(x, y, w, h, 43)
    cv.rect(x, y + int(h * 0.85), w, h - int(h * 0.85), 37)
    cols = [27, 44, 36, 25, 33, 23, 26, 31]
    for shelf in range(4):
        sy = y + h * (0.06 + 0.2 * shelf)
        cv.rect(x + int(w * 0.04), int(sy + h * 0.17), int(w * 0.92),
                max(2, h // 50), 39)
        bx = x + w * 0.05
        while bx < x + w * 0.94:
            bw = w * rng.uniform(0.012, 0.03)
            bh = h * rng.uniform(0.11, 0.16)
            cv.rect(int(bx), int(sy + h * 0.17 - bh), max(1, int(bw)),
                    int(bh), cols[rng.randint(0, len(cols) - 1)])
            bx += bw + max(1, w // 300)
    cv.rect(x + int(w * 0.3), y + int(h * 0.78), int(w * 0.4),
            int(h * 0.05), 37)


def scene_food(cv, box, rng):
    x, y, w, h = box
    cv.rect(x, y, w, h, 37)
    for i in range(8):
        cv.rect(x, y + h * i // 8, w, max(1, h // 200), 39)
    cv.ellipse(x + w * 0.5, y + h * 0.55, w * 0.36, h * 0.36, 5, box)
    cv.ellipse(x + w * 0.5, y + h * 0.55, w * 0.33, h * 0.32, 41, box)
    cv.ellipse(x + w * 0.4, y + h * 0.45, w * 0.1, h * 0.12, 5, box)
    cv.ellipse(x + w * 0.62, y + h * 0.45, w * 0.1, h * 0.12, 22, box)
    cv.ellipse(x + w * 0.4, y + h * 0.68, w * 0.1, h * 0.12, 33, box)
    cv.ellipse(x + w * 0.62, y + h * 0.68, w * 0.1, h * 0.12, 26, box)
    cv.rect(x + int(w * 0.9), y + int(h * 0.15), max(3, w // 80),
            int(h * 0.75), 30)


def scene_veg(cv, box, rng):
    x, y, w, h = box
    cv.rect(x, y, w, h, 37)
    cols = [22, 23, 27, 26, 24, 25, 5, 44]
    for r in range(3):
        for c in range(4):
            bx = x + w * (0.03 + 0.245 * c)
            by = y + h * (0.05 + 0.32 * r)
            bw, bh = w * 0.22, h * 0.28
            cv.rect(int(bx), int(by), int(bw), int(bh), 39)
            col = cols[(r * 4 + c) % len(cols)]
            for k in range(6):
                cv.ellipse(bx + bw * (0.2 + 0.3 * (k % 3)),
                           by + bh * (0.3 + 0.4 * (k // 3)),
                           bw * 0.14, bh * 0.18, col, box)


def scene_snow(cv, box, rng):
    x, y, w, h = box
    sky(cv, (x, y, w, h), [30, 30, 3, 3, 9, 9])
    for i in range(5):
        bw = w * rng.uniform(0.12, 0.2)
        bh = h * rng.uniform(0.25, 0.45)
        bx = x + w * i / 5.0
        cv.rect(int(bx), int(y + h * 0.62 - bh), int(bw), int(bh), 31)
        cv.rect(int(bx), int(y + h * 0.62 - bh), int(bw),
                max(3, h // 40), 41)
    cv.rect(x, y + int(h * 0.62), w, h - int(h * 0.62), 41)
    cv.poly([(x + w * 0.35, y + h), (x + w * 0.65, y + h),
             (x + w * 0.52, y + h * 0.62), (x + w * 0.48, y + h * 0.62)],
            9, box)
    for i in range(60):
        cv.ellipse(x + w * rng.uniform(0, 1), y + h * rng.uniform(0, 0.95),
                   max(1.0, w / 300.0), max(1.0, w / 300.0), 5, box)


def scene_city(cv, box, rng):
    x, y, w, h = box
    sky(cv, (x, y, w, int(h * 0.7)))
    for layer, col in ((0.6, 30), (0.75, 31)):
        bx = x
        while bx < x + w:
            bw = w * rng.uniform(0.06, 0.14)
            bh = h * rng.uniform(0.2, 0.5)
            cv.rect(int(bx), int(y + h * layer - bh), int(bw) + 1,
                    int(bh) + int(h * (1 - layer)), col)
            for r in range(int(bh / (h * 0.06))):
                cv.rect(int(bx + bw * 0.2), int(y + h * layer - bh + 6 +
                                                 r * h * 0.06),
                        int(bw * 0.6), max(1, h // 90), 32)
            bx += bw + 2
    cv.rect(x, y + int(h * 0.82), w, h - int(h * 0.82), 34)
    cv.rect(x, y + int(h * 0.9), w, max(2, h // 80), 35)


def scene_people(cv, box, rng):
    x, y, w, h = box
    cv.rect(x, y, w, h, 43)
    cv.rect(x, y + int(h * 0.7), w, h - int(h * 0.7), 37)
    cols = [27, 44, 36, 25, 33, 23, 26, 31]
    for i in range(7):
        px = x + w * (0.08 + 0.14 * i)
        py = y + h * rng.uniform(0.42, 0.5)
        cv.poly([(px - w * 0.05, y + h), (px + w * 0.05, y + h),
                 (px + w * 0.04, py + h * 0.08),
                 (px - w * 0.04, py + h * 0.08)], cols[i % 8], box)
        cv.ellipse(px, py, w * 0.03, w * 0.035, 37 if i % 3 else 45, box)
        cv.ellipse(px, py - w * 0.015, w * 0.03, w * 0.02, 1, box)


SCENES = {
    "bridge": scene_river, "river": scene_river, "park": scene_park,
    "bus": scene_bus, "market": scene_market, "stage": scene_stage,
    "opera": scene_stage, "run": scene_run, "marathon": scene_run,
    "library": scene_library, "lunch": scene_food, "food": scene_food,
    "veg": scene_veg, "snow": scene_snow, "city": scene_city,
    "street": scene_city, "people": scene_people, "crowd": scene_people,
}
SCENE_ORDER = sorted(SCENES)


def draw_scene(cv, box, src, seed_text):
    base = os.path.splitext(os.path.basename(src))[0]
    key = base.split("-")[0].split("_")[0].rstrip("0123456789")
    fn = SCENES.get(key)
    if fn is None:
        fn = SCENES[SCENE_ORDER[seed_of(base) % len(SCENE_ORDER)]]
    fn(cv, box, Rng(seed_of(seed_text + src)))


# ---------------------------------------------------------------- layout

def weight(art, lead):
    w = len(art.get("headline", "")) * 12
    w += sum(len(p) for p in art.get("body", []))
    w += 260 * len(art.get("images", []))
    return w * (1.3 if lead else 1.0)


def split_heights(total, weights, gap, minimum):
    """Split total (minus gaps) among weights; each at least minimum."""
    n = len(weights)
    avail = total - gap * (n - 1)
    s = float(sum(weights)) or 1.0
    hs = [max(minimum, int(avail * wt / s)) for wt in weights]
    hs[-1] = avail - sum(hs[:-1])
    return hs


def layout_page(page):
    """Return a list of [x, y, w, h] zones, one per article."""
    arts = page["articles"]
    top = MARGIN + 216 if page["number"] == 1 else MARGIN + 60
    bottom = PAGE_H - MARGIN - 14
    left, width = MARGIN, PAGE_W - 2 * MARGIN
    area = bottom - top
    zones = []
    if not arts:
        return zones
    if len(arts) == 1:
        return [[left, top, width, area]]
    ws = [weight(a, i == 0) for i, a in enumerate(arts)]
    lead_h = int(area * ws[0] / sum(ws))
    lead_h = max(int(area * 0.34), min(int(area * 0.5), lead_h))
    zones.append([left, top, width, lead_h])
    y = top + lead_h + GAP
    rest = ws[1:]
    rest_h = bottom - y
    if len(rest) == 1:
        zones.append([left, y, width, rest_h])
        return zones
    colw = (width - GAP) // 2
    best = None
    for k in range(1, len(rest)):
        d = abs(sum(rest[:k]) - sum(rest[k:]))
        if best is None or d < best[0]:
            best = (d, k)
    k = best[1]
    for cx, group in ((left, rest[:k]), (left + colw + GAP, rest[k:])):
        yy = y
        for hh in split_heights(rest_h, group, GAP, 170):
            zones.append([cx, yy, colw, hh])
            yy += hh + GAP
    return zones


# ---------------------------------------------------------------- drawing

PUNCT = set("，。、；：？！—…·,.:;!?")
OPENING = set("“‘《（「(")
BRACKETS = OPENING | set("”’》）」)")


def draw_blocks(cv, text, x, y, maxw, size, c, center=False):
    """Draw text as a row of glyph blocks (wrapping); returns bottom y."""
    gap = max(1, size // 7)
    step = size + gap
    per_line = max(1, maxw // step)
    lines = [text[i:i + per_line] for i in range(0, len(text), per_line)]
    for line in lines:
        lw = len(line) * step - gap
        xx = x + (maxw - lw) // 2 if center else x
        for ch in line:
            if ch in BRACKETS:
                bx = xx + (size * 2 // 3 if ch in OPENING else size // 6)
                cv.rect(bx, y + size // 6, max(1, size // 8),
                        size * 2 // 3, c)
            elif ch in PUNCT:
                cv.rect(xx + size // 3, y + size - size // 3, size // 3,
                        size // 3, c)
            elif ch != " ":
                draw_pseudo_glyph(cv, xx, y, size, ch, c, C_PAPER)
            xx += step
        y += step + gap
    return y


def flow_text(cv, paras, x, y, w, h, ncols, hole):
    """Fill columns with text stripes; paragraphs cycle until full."""
    if not paras:
        paras = ["　" * 60]
    cgap = 14
    colw = (w - cgap * (ncols - 1)) // ncols
    pitch, char = 12, 11
    pi, left, first = 0, len(paras[0]), True
    for col in range(ncols):
        cx = x + col * (colw + cgap)
        yy = y
        while yy + pitch <= y + h:
            x0, x1 = cx, cx + colw
            if hole is not None:
                hx, hy, hw, hh = hole
                if yy + pitch > hy - 6 and yy < hy + hh + 6 and \
                        x0 < hx + hw + 10 and x1 > hx - 10:
                    if hx - 10 - x0 >= x1 - (hx + hw + 10):
                        x1 = hx - 10
                    else:
                        x0 = hx + hw + 10
            cap = (x1 - x0) // char
            if cap < 4:
                yy += pitch
                continue
            indent = 2 if first else 0
            n = min(left, cap - indent)
            cv.rect(x0 + indent * char, yy + 3, n * char - 2, 6, C_TEXT)
            left -= n
            first = False
            if left <= 0:
                pi = (pi + 1) % len(paras)
                left, first = len(paras[pi]), True
            yy += pitch


def draw_article(cv, art, zone, lead, src_seed):
    x, y, w, h = zone
    pad = 8
    ix, iw = x + pad, w - 2 * pad
    yy = y + pad
    bottom = y + h - pad
    if art.get("continued_from"):
        cv.frame(ix, yy, 64, 14, C_SUB)
        cv.rect(ix + 6, yy + 5, 52, 4, C_SUB)
        yy += 22
    if art.get("kicker"):
        yy = draw_blocks(cv, art["kicker"], ix, yy, iw, 14 if lead else 11,
                         C_SUB, center=lead)
    yy = draw_blocks(cv, art["headline"], ix, yy, iw, 42 if lead else 24,
                     C_HEAD, center=lead) + 2
    if art.get("subhead"):
        yy = draw_blocks(cv, art["subhead"], ix, yy, iw, 16 if lead else 13,
                         C_SUB, center=lead) + 2
    if art.get("byline"):
        yy = draw_blocks(cv, art["byline"], ix, yy, iw, 10, C_TEXT) + 4
    hole = None
    if art.get("images"):
        img = art["images"][0]
        if lead and iw > 600:
            pw = int(iw * 0.46)
            ph = min(int(pw * 2 / 3), bottom - yy - 60)
            px = ix + iw - pw
        else:
            pw = iw
            ph = min(int(pw * 0.55), int((bottom - yy) * 0.45))
            px = ix
        if ph > 40:
            cv.rect(px, yy, pw, ph, C_PICBG)
            draw_scene(cv, (px, yy, pw, ph), img["src"], src_seed)
            cv.frame(px, yy, pw, ph, C_RULE)
            cap_y = yy + ph + 5
            caption = img.get("caption", "")[:max(1, pw // 10) * 2]
            cap_bottom = draw_blocks(cv, caption, px, cap_y, pw, 8, C_CAP)
            hole = (px, yy, pw, cap_bottom - yy)
    text_bottom = bottom
    if art.get("continues"):
        text_bottom -= 22
        cv.frame(ix + iw - 64, bottom - 14, 64, 14, C_SUB)
        cv.rect(ix + iw - 58, bottom - 9, 52, 4, C_SUB)
    ncols = max(1, iw // 210)
    flow_text(cv, art.get("body", []), ix, yy + 4, iw, text_bottom - yy - 4,
              ncols, hole)


def draw_masthead(cv, issue):
    x, w = MARGIN, PAGE_W - 2 * MARGIN
    cv.rect(x, MARGIN, w, 3, C_INK)
    y = MARGIN + 10
    cv.rect(x, y, w, 150, C_RED)
    gx = x + 24
    for ch in issue["paper"]["name"]:
        draw_pseudo_glyph(cv, gx, y + 22, 106, ch, C_WHITE, C_RED)
        gx += 122
    draw_digits(cv, issue["date"], x + w - 290, y + 34, 4, C_WHITE)
    if issue.get("number"):
        draw_digits(cv, str(issue["number"]), x + w - 290, y + 90, 3,
                    C_WHITE)
    cv.rect(x + w - 290, y + 122, 240, 3, 43)
    y += 160
    for i, n in enumerate((5, 4, 8, 6)):
        cv.rect(x + i * 240, y + 10, n * 22, 10, C_SUB)
    cv.rect(x, y + 34, w, 4, C_INK)
    cv.rect(x, y + 41, w, 1, C_INK)


def draw_folio(cv, issue, page):
    x, w = MARGIN, PAGE_W - 2 * MARGIN
    y = MARGIN
    cv.rect(x, y, 56, 40, C_RED)
    draw_digits(cv, "%02d" % page["number"], x + 11, y + 6, 4, C_WHITE)
    gx = x + 72
    for ch in page.get("name", ""):
        draw_pseudo_glyph(cv, gx, y + 6, 28, ch, C_RED, C_PAPER)
        gx += 34
    draw_blocks(cv, issue["paper"]["name"], x + w // 2 - 40, y + 14, 120,
                14, C_SUB)
    draw_digits(cv, issue["date"], x + w - 118, y + 14, 2, C_SUB)
    cv.rect(x, y + 46, w, 3, C_INK)
    cv.rect(x, y + 52, w, 1, C_INK)


def draw_page(issue, page, zones):
    cv = Canvas(PAGE_W, PAGE_H)
    if page["number"] == 1:
        draw_masthead(cv, issue)
    else:
        draw_folio(cv, issue, page)
    seed = issue["date"] + ":%d" % page["number"]
    for i, (art, z) in enumerate(zip(page["articles"], zones)):
        draw_article(cv, art, z, i == 0, seed)
        x, y, w, h = z
        if y + h < PAGE_H - MARGIN - 30:
            cv.rect(x, y + h + GAP // 2, w, 1 if i else 2, C_RULE if i
                    else C_INK)
        if x > MARGIN and i:
            cv.rect(x - GAP // 2, y, 1, h, C_RULE)
    cv.rect(MARGIN, PAGE_H - MARGIN - 6, PAGE_W - 2 * MARGIN, 1, C_RULE)
    return cv


# ---------------------------------------------------------------- driver

ART_KEYS = ["id", "kicker", "headline", "subhead", "byline", "body",
            "images", "zones", "continues", "continued_from"]
PAGE_KEYS = ["number", "name", "image", "width", "height", "articles"]


def ordered(d, keys):
    out = {k: d[k] for k in keys if k in d}
    for k in d:
        if k not in out:
            out[k] = d[k]
    return out


def write_file(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    old = None
    if os.path.exists(path):
        with open(path, "rb") as f:
            old = f.read()
    if old != data:
        with open(path, "wb") as f:
            f.write(data)


def process(pkg):
    path = os.path.join(pkg, "issue.json")
    with open(path, encoding="utf-8") as f:
        issue = json.load(f)
    pics = {}
    new_pages = []
    for page in issue["pages"]:
        zones = layout_page(page)
        arts = []
        for art, z in zip(page["articles"], zones):
            art = dict(art)
            art["zones"] = [z]
            for img in art.get("images", []):
                pics[img["src"]] = issue["date"]
            arts.append(ordered(art, ART_KEYS))
        page = dict(page)
        page["articles"] = arts
        page["image"] = "pages/%02d.png" % page["number"]
        page["width"], page["height"] = PAGE_W, PAGE_H
        new_pages.append(ordered(page, PAGE_KEYS))
        cv = draw_page(issue, page, zones)
        write_file(os.path.join(pkg, page["image"]), cv.png())
    issue["pages"] = new_pages
    for src in sorted(pics):
        cv = Canvas(PIC_W, PIC_H, C_PICBG)
        draw_scene(cv, (0, 0, PIC_W, PIC_H), src, pics[src])
        write_file(os.path.join(pkg, src), cv.png())
    text = json.dumps(issue, ensure_ascii=False, indent=2) + "\n"
    write_file(path, text.encode("utf-8"))
    return len(new_pages), len(pics)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: make_demo_pages.py EXAMPLES_DIR\n")
        return 2
    root = argv[1]
    pkgs = sorted(d for d in os.listdir(root)
                  if os.path.isfile(os.path.join(root, d, "issue.json")))
    if not pkgs:
        sys.stderr.write("%s: no */issue.json found\n" % root)
        return 1
    for d in pkgs:
        npages, npics = process(os.path.join(root, d))
        print("%s: %d pages, %d pictures" % (d, npages, npics))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
