"""Drawn stand-ins for the photos, screenshots and logos of the talk that belong to others.

Nothing here is copied: each file is a card in the deck's style that names its subject, says which
original it replaces and who publishes that original, and shows a simple drawing evoking it.
All drawing goes through `_PillowCanvas` (a Pillow image in slot coordinates, CSS px with y down,
supersampled for smooth edges) and `_card` (the shared frame: illustration panel, title, "stand-in
for ..." caption).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

import save
from style import BLUE, GREEN, GRID, INK, LIGHT, MUTED, ORANGE, PURPLE, RED, WHITE, figure, image_font, mix, rgb, tint

Box = tuple[float, float, float, float]
GOLD = "#d2a23a"
SERIES_TRACKS = (BLUE, RED, GREEN)
DARK = "#1f2130"
PALETTE = 256  # flat drawings need few colours: a 256-colour palette PNG is a third of the size


# ---------------------------------------------------------------- drawing primitives

class _PillowCanvas:
    """A Pillow image drawn in slot coordinates (CSS px, y down), `ss` times supersampled, output at `scale`."""

    def __init__(self, w: float, h: float, scale: float = 1.5, bg: str = WHITE, ss: int = 3):
        self.w, self.h, self.scale = w, h, scale
        self.k = scale * ss
        self.img = Image.new("RGB", (round(w * self.k), round(h * self.k)), bg)
        self.draw = ImageDraw.Draw(self.img)

    def _p(self, *xy: float) -> list[int]:
        return [round(v * self.k) for v in xy]

    def _w(self, width: float) -> int:
        return max(1, round(width * self.k))

    def rect(self, x0, y0, x1, y1, fill=None, outline=None, width=1.0, r=0.0):
        box = self._p(x0, y0, x1, y1)
        if r:
            self.draw.rounded_rectangle(box, radius=round(r * self.k), fill=fill, outline=outline,
                                        width=self._w(width))
        else:
            self.draw.rectangle(box, fill=fill, outline=outline, width=self._w(width))

    def ellipse(self, cx, cy, rx, ry, fill=None, outline=None, width=1.0):
        self.draw.ellipse(self._p(cx - rx, cy - ry, cx + rx, cy + ry), fill=fill, outline=outline,
                          width=self._w(width))

    def circle(self, cx, cy, r, fill=None, outline=None, width=1.0):
        self.ellipse(cx, cy, r, r, fill, outline, width)

    def line(self, points, fill=INK, width=1.0, joint="curve"):
        self.draw.line(self._p(*[v for pt in points for v in pt]), fill=fill, width=self._w(width),
                       joint=joint)

    def polygon(self, points, fill=None, outline=None, width=1.0):
        self.draw.polygon(self._p(*[v for pt in points for v in pt]), fill=fill, outline=outline,
                          width=self._w(width))

    def chord(self, cx, cy, rx, ry, start, end, fill=None):
        self.draw.chord(self._p(cx - rx, cy - ry, cx + rx, cy + ry), start, end, fill=fill)

    def arc(self, cx, cy, r, start, end, fill=INK, width=1.0):
        self.draw.arc(self._p(cx - r, cy - r, cx + r, cy + r), start, end, fill=fill, width=self._w(width))

    def text(self, x, y, s, size, fill=INK, weight=400, mono=False, italic=False, anchor="la"):
        self.draw.text(self._p(x, y), s, font=image_font(round(size * self.k), weight, mono, italic),
                       fill=fill, anchor=anchor)

    def textlen(self, s, size, weight=400, mono=False) -> float:
        return image_font(round(size * self.k), weight, mono).getlength(s) / self.k

    def wrap(self, s, size, max_w, weight=400) -> list[str]:
        lines: list[str] = []
        for word in s.split():
            if lines and self.textlen(lines[-1] + " " + word, size, weight) <= max_w:
                lines[-1] += " " + word
            else:
                lines.append(word)
        return lines

    def paragraph(self, x, y, s, size, max_w, fill=INK, weight=400, leading=1.25, anchor="la") -> float:
        """Draw wrapped text; return the y below it."""
        for line in self.wrap(s, size, max_w, weight):
            self.text(x, y, line, size, fill, weight, anchor=anchor)
            y += size * leading
        return y

    def arrow(self, x0, y0, x1, y1, fill=MUTED, width=2.0, head=8.0):
        ang = math.atan2(y1 - y0, x1 - x0)
        bx, by = x1 - head * math.cos(ang), y1 - head * math.sin(ang)
        self.line([(x0, y0), (bx, by)], fill, width)
        nx, ny = -math.sin(ang) * head * 0.55, math.cos(ang) * head * 0.55
        self.polygon([(x1, y1), (bx + nx, by + ny), (bx - nx, by - ny)], fill=fill)

    def star(self, cx, cy, r, fill=ORANGE):
        pts = []
        for i in range(10):
            rad = r if i % 2 == 0 else r * 0.45
            a = -math.pi / 2 + i * math.pi / 5
            pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
        self.polygon(pts, fill=fill)

    def finish(self) -> Image.Image:
        return self.img.resize((round(self.w * self.scale), round(self.h * self.scale)), Image.LANCZOS)


# ---------------------------------------------------------------- the card family

def _card(w: float, h: float, title: str, caption: str, illustrate: Callable[[_PillowCanvas, Box], None], *,
          scale: float = 1.5, title_size: float = 20, caption_size: float = 14, panel: str = LIGHT,
          pill: bool = True) -> Image.Image:
    """A stand-in card: rounded frame, illustration panel, subject name, and the 'stand-in for' line."""
    c = _PillowCanvas(w, h, scale)
    pad = max(6.0, min(12.0, w * 0.025))
    text_w = w - 2 * pad - 4
    pill_size = max(9.0, min(11.0, w / 60))
    pill_w = c.textlen("STAND-IN", pill_size, 700) + 12 if pill else 0
    title_lines = c.wrap(title, title_size, text_w - pill_w - 8, 700)
    cap_lines = c.wrap(caption, caption_size, text_w)
    footer = 6 + len(title_lines) * title_size * 1.2 + len(cap_lines) * caption_size * 1.3 + pad * 0.6
    c.rect(0.75, 0.75, w - 0.75, h - 0.75, fill=WHITE, outline=GRID, width=1.5, r=pad)
    box = (pad, pad, w - pad, h - pad - footer)
    c.rect(*box, fill=panel, r=pad * 0.6)
    illustrate(c, box)
    y = box[3] + 6
    if pill:
        x1, ph = w - pad - 2, pill_size + 8
        py = y + (title_size * 1.2 - ph) / 2
        c.rect(x1 - pill_w, py, x1, py + ph, fill=WHITE, outline=GRID, width=1, r=ph / 2)
        c.text(x1 - pill_w / 2, py + ph / 2, "STAND-IN", pill_size, MUTED, 700, anchor="mm")
    for line in title_lines:
        c.text(pad + 2, y, line, title_size, INK, 700)
        y += title_size * 1.2
    for line in cap_lines:
        c.text(pad + 2, y, line, caption_size, MUTED)
        y += caption_size * 1.3
    return c.finish()


def _stand_in(what: str, owner: str) -> str:
    return f"stand-in for {what} — original: {owner}"


def _wordmark(c: _PillowCanvas, cx: float, cy: float, name: str, size: float, accent: str, sub: str = "",
              sub_size: float = 13) -> None:
    """A neutral typographic mark: the name in bold ink, an accent bar under it, an optional subline."""
    tw = c.textlen(name, size, 700)
    top = cy - (size * 0.5 + (sub_size * 1.5 if sub else 0)) / 2
    c.text(cx, top, name, size, INK, 700, anchor="mt")
    bar_y = top + size * 0.98
    c.rect(cx - tw / 2, bar_y, cx + tw / 2, bar_y + max(2.0, size * 0.07), fill=accent, r=1)
    if sub:
        c.text(cx, bar_y + size * 0.18, sub, sub_size, MUTED, anchor="mt")


# ---------------------------------------------------------------- small icons (each fits a box)

def _center(box: Box) -> tuple[float, float, float]:
    x0, y0, x1, y1 = box
    return (x0 + x1) / 2, (y0 + y1) / 2, min(x1 - x0, y1 - y0)


def _icon_go(c: _PillowCanvas, box: Box) -> None:
    cx, cy, s = _center(box)
    half = s * 0.44
    c.rect(cx - half, cy - half, cx + half, cy + half, fill="#e8c98f", outline="#b8955a", width=1.5, r=3)
    n, step = 9, 2 * half * 0.86 / 8
    g0 = cx - step * 4, cy - step * 4
    for i in range(n):
        c.line([(g0[0] + i * step, g0[1]), (g0[0] + i * step, g0[1] + 8 * step)], "#7a5b2e", 1)
        c.line([(g0[0], g0[1] + i * step), (g0[0] + 8 * step, g0[1] + i * step)], "#7a5b2e", 1)
    stones = [(2, 2, 0), (3, 4, 1), (4, 4, 0), (5, 3, 1), (4, 5, 0), (6, 6, 1), (2, 6, 0), (5, 5, 1),
              (3, 3, 1), (6, 2, 0)]
    for i, j, white in stones:
        c.circle(g0[0] + i * step, g0[1] + j * step, step * 0.45, fill=WHITE if white else INK,
                 outline=INK, width=0.8)


def _icon_translate(c: _PillowCanvas, box: Box) -> None:
    cx, cy, s = _center(box)
    w, h = s * 0.55, s * 0.36
    for dx, dy, col, txt in ((-0.2, -0.17, BLUE, "EN"), (0.2, 0.15, RED, "FR")):
        x, y = cx + dx * s, cy + dy * s
        c.rect(x - w / 2, y - h / 2, x + w / 2, y + h / 2, fill=col, r=h * 0.25)
        tail = [(x - w * 0.2, y + h / 2 - 1), (x - w * 0.32, y + h * 0.85), (x, y + h / 2 - 1)]
        if dx > 0:
            tail = [(x + w * 0.2, y + h / 2 - 1), (x + w * 0.32, y + h * 0.85), (x, y + h / 2 - 1)]
        c.polygon(tail, fill=col)
        c.text(x, y, txt, h * 0.5, WHITE, 700, anchor="mm")


def _icon_caption(c: _PillowCanvas, box: Box) -> None:
    cx, cy, s = _center(box)
    w, h = s * 0.82, s * 0.56
    x0, y0 = cx - w / 2, cy - s * 0.42
    c.rect(x0, y0, x0 + w, y0 + h, fill="#cfe3f5", outline=MUTED, width=1.2, r=2)
    c.circle(x0 + w * 0.75, y0 + h * 0.28, h * 0.12, fill=ORANGE)
    c.polygon([(x0 + 1, y0 + h - 1), (x0 + w * 0.35, y0 + h * 0.35), (x0 + w * 0.6, y0 + h - 1)], fill=GREEN)
    c.polygon([(x0 + w * 0.4, y0 + h - 1), (x0 + w * 0.68, y0 + h * 0.52), (x0 + w - 1, y0 + h - 1)],
              fill=tint(GREEN, 0.35))
    ly = y0 + h + s * 0.1
    c.rect(x0, ly, x0 + w * 0.95, ly + s * 0.07, fill=INK, r=2)
    c.rect(x0, ly + s * 0.13, x0 + w * 0.6, ly + s * 0.2, fill=MUTED, r=2)


def _icon_speech(c: _PillowCanvas, box: Box) -> None:
    cx, cy, s = _center(box)
    n = 19
    x0, bw = cx - s * 0.42, s * 0.84 / n
    for i in range(n):
        t = i / (n - 1)
        amp = (0.15 + 0.85 * abs(math.sin(7.3 * t + 0.4)) * math.sin(math.pi * t)) * s * 0.38
        c.rect(x0 + i * bw + bw * 0.18, cy - amp, x0 + (i + 1) * bw - bw * 0.18, cy + amp, fill=BLUE,
               r=bw * 0.3)


def _icon_style(c: _PillowCanvas, box: Box) -> None:
    cx, cy, s = _center(box)
    q = s * 0.36
    for k, x in enumerate((cx - s * 0.48, cx + s * 0.12)):
        y = cy - q / 2
        c.rect(x, y, x + q, y + q, fill="#cfe3f5" if k == 0 else "#f6d9a8", outline=MUTED, width=1.2, r=2)
        c.polygon([(x + q * 0.2, y + q), (x + q * 0.2, y + q * 0.5), (x + q * 0.5, y + q * 0.25),
                   (x + q * 0.8, y + q * 0.5), (x + q * 0.8, y + q)], fill=RED if k == 0 else PURPLE)
        if k == 1:
            for j in range(3):
                c.arc(x + q * 0.5, y + q * 0.2, q * (0.18 + 0.12 * j), 200, 340, fill=BLUE, width=2)
    c.arrow(cx - s * 0.08, cy, cx + s * 0.09, cy, INK, 2, 6)


def _icon_car(c: _PillowCanvas, box: Box) -> None:
    cx, cy, s = _center(box)
    top, bot = cy - s * 0.45, cy + s * 0.45
    c.polygon([(cx - s * 0.12, top), (cx + s * 0.12, top), (cx + s * 0.46, bot), (cx - s * 0.46, bot)],
              fill="#8d96a3")
    for j in range(4):
        t0, t1 = j / 4 + 0.02, j / 4 + 0.14
        hw0, hw1 = s * (0.008 + 0.02 * t0), s * (0.008 + 0.02 * t1)
        c.polygon([(cx - hw0, top + t0 * s * 0.9), (cx + hw0, top + t0 * s * 0.9),
                   (cx + hw1, top + t1 * s * 0.9), (cx - hw1, top + t1 * s * 0.9)], fill=WHITE)
    fan = [(cx, cy + s * 0.12), (cx - s * 0.3, cy - s * 0.3), (cx + s * 0.3, cy - s * 0.3)]
    c.polygon(fan, fill=tint(GREEN, 0.55))
    w, h = s * 0.26, s * 0.36
    y = cy + s * 0.05
    for wx in (-1, 1):
        for wy in (0.15, 0.7):
            c.rect(cx + wx * w * 0.5 - w * 0.1, y + h * wy, cx + wx * w * 0.5 + w * 0.1, y + h * (wy + 0.2),
                   fill=INK, r=1.5)
    c.rect(cx - w / 2, y, cx + w / 2, y + h, fill=RED, r=w * 0.3)
    c.rect(cx - w * 0.38, y + h * 0.16, cx + w * 0.38, y + h * 0.38, fill=tint(INK, 0.3), r=2)


def _icon_face(c: _PillowCanvas, box: Box, bg: str = "#d6e4f2", skin: str = "#e9b892", hair: str = "#4a3728",
               long_hair: bool = False, shirt: str = BLUE, earring: bool = False) -> None:
    """An abstract head-and-shoulders portrait (no facial features beyond a hint)."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    cx = (x0 + x1) / 2
    c.rect(x0, y0, x1, y1, fill=bg)
    hy, hr = y0 + h * 0.42, min(w, h) * 0.22
    if long_hair:
        c.rect(cx - hr * 1.2, hy - hr * 0.6, cx + hr * 1.2, hy + hr * 1.9, fill=hair, r=hr * 0.8)
    sr_x, sr_y = min(w * 0.47, hr * 2.3), min(h * 0.3, hr * 1.45)
    c.rect(cx - hr * 0.38, hy + hr * 0.6, cx + hr * 0.38, y1 - sr_y + 4, fill=mix(skin, INK, 0.12))  # neck
    c.chord(cx, y1, sr_x, sr_y, 180, 360, fill=shirt)                         # shoulders
    c.ellipse(cx, hy, hr * 0.92, hr * 1.15, fill=skin)                        # head
    c.ellipse(cx, hy - hr * 0.72, hr * 1.0, hr * 0.55, fill=hair)              # hair top
    if not long_hair:
        c.rect(cx - hr * 0.98, hy - hr * 0.8, cx - hr * 0.7, hy - hr * 0.1, fill=hair, r=3)
        c.rect(cx + hr * 0.7, hy - hr * 0.8, cx + hr * 0.98, hy - hr * 0.1, fill=hair, r=3)
    for dx in (-0.35, 0.35):
        c.circle(cx + dx * hr, hy + hr * 0.05, hr * 0.07, fill=INK)
    c.arc(cx, hy + hr * 0.28, hr * 0.3, 30, 150, fill=mix(RED, skin, 0.3), width=max(1.0, hr * 0.05))
    if earring:
        c.circle(cx + hr * 0.95, hy + hr * 0.45, hr * 0.09, fill=ORANGE)


def _icon_faces(c: _PillowCanvas, box: Box) -> None:
    x0, y0, x1, y1 = box
    w = (x1 - x0) / 3
    looks = [dict(bg="#d6e4f2", skin="#e9b892", hair="#4a3728", shirt=BLUE),
             dict(bg="#eadcf0", skin="#a8744f", hair=INK, long_hair=True, shirt=PURPLE),
             dict(bg="#dcefe3", skin="#f1c9a5", hair="#c58a3c", shirt=GREEN)]
    for i, look in enumerate(looks):
        _icon_face(c, (x0 + i * w + 2, y0, x0 + (i + 1) * w - 2, y1), **look)


def _icon_minimap(c: _PillowCanvas, box: Box) -> None:
    x0, y0, x1, y1 = box
    c.rect(x0, y0, x1, y1, fill="#2c3345")
    rng = np.random.default_rng(7)
    w, h = x1 - x0, y1 - y0
    for fx, fy, fw, fh in ((0.05, 0.1, 0.35, 0.3), (0.55, 0.55, 0.4, 0.35), (0.3, 0.45, 0.3, 0.2)):
        c.rect(x0 + fx * w, y0 + fy * h, x0 + (fx + fw) * w, y0 + (fy + fh) * h, fill="#3d4a5e", r=4)
    for col, (mx, my) in ((BLUE, (0.2, 0.25)), (RED, (0.75, 0.72))):
        for _ in range(14):
            px, py = mx + rng.normal(0, 0.07), my + rng.normal(0, 0.07)
            c.circle(x0 + px * w, y0 + py * h, max(1.5, w * 0.018), fill=tint(col, 0.2))
    c.rect(x0 + w * 0.42, y0 + h * 0.32, x0 + w * 0.7, y0 + h * 0.58, outline=WHITE, width=1.2)


def _icon_medical(c: _PillowCanvas, box: Box) -> None:
    cx, cy, s = _center(box)
    half = s * 0.45
    c.rect(cx - half, cy - half, cx + half, cy + half, fill="#1e2433", r=4)
    for dx in (-0.2, 0.2):
        c.ellipse(cx + dx * s, cy + s * 0.02, s * 0.15, s * 0.3, fill="#5d6b80")
    for j in range(5):
        y = cy - s * 0.25 + j * s * 0.11
        c.arc(cx, y + s * 0.25, s * 0.34, 235, 305, fill="#c9d1dc", width=1.5)
    c.line([(cx, cy - s * 0.38), (cx, cy + s * 0.38)], "#c9d1dc", 2.5)
    bx, by = cx + s * 0.2, cy + s * 0.08
    c.rect(bx - s * 0.1, by - s * 0.09, bx + s * 0.1, by + s * 0.09, outline=RED, width=2)
    c.circle(bx, by, s * 0.035, fill=tint(RED, 0.4))


def _icon_trophy(c: _PillowCanvas, box: Box) -> None:
    cx, cy, s = _center(box)
    c.arc(cx - s * 0.2, cy - s * 0.18, s * 0.12, 90, 270, fill=GOLD, width=3)
    c.arc(cx + s * 0.2, cy - s * 0.18, s * 0.12, 270, 90, fill=GOLD, width=3)
    c.polygon([(cx - s * 0.22, cy - s * 0.38), (cx + s * 0.22, cy - s * 0.38), (cx + s * 0.16, cy - s * 0.02),
               (cx, cy + s * 0.08), (cx - s * 0.16, cy - s * 0.02)], fill=GOLD)
    c.rect(cx - s * 0.04, cy + s * 0.05, cx + s * 0.04, cy + s * 0.22, fill=GOLD)
    c.rect(cx - s * 0.18, cy + s * 0.22, cx + s * 0.18, cy + s * 0.34, fill=INK, r=2)
    c.star(cx, cy - s * 0.2, s * 0.09, WHITE)


def _icon_protein(c: _PillowCanvas, box: Box) -> None:
    cx, cy, s = _center(box)
    pts = []
    for i in range(46):
        t = i / 45
        x = cx - s * 0.42 + t * s * 0.84
        y = cy + math.sin(t * 5 * math.pi) * s * 0.16 + math.sin(t * 1.3 * math.pi + 0.5) * s * 0.14
        pts.append((x + math.cos(t * 5 * math.pi) * s * 0.05, y))
    c.line(pts, MUTED, 1.5)
    for i, (x, y) in enumerate(pts[::2]):
        c.circle(x, y, s * 0.035, fill=mix(BLUE, RED, i / 22))


def _icon_galaxy(c: _PillowCanvas, box: Box) -> None:
    cx, cy, s = _center(box)
    half = s * 0.45
    c.rect(cx - half, cy - half, cx + half, cy + half, fill="#141a2b", r=4)
    rng = np.random.default_rng(3)
    for _ in range(25):
        c.circle(cx + rng.uniform(-0.42, 0.42) * s, cy + rng.uniform(-0.42, 0.42) * s, s * 0.006,
                 fill="#9aa6bd")
    gx, gy = cx - s * 0.1, cy - s * 0.05
    for arm in range(2):
        for i in range(40):
            t = i / 39
            a = arm * math.pi + t * 3.2
            rad = s * (0.03 + 0.24 * t)
            c.circle(gx + rad * math.cos(a), gy + rad * math.sin(a) * 0.7, s * (0.028 - 0.018 * t),
                     fill=mix("#fff3d6", "#7fa7e0", t))
    c.circle(gx, gy, s * 0.05, fill="#fff6e0")
    c.ellipse(cx + s * 0.27, cy + s * 0.28, s * 0.1, s * 0.06, fill="#f0d9a8")
    c.ellipse(cx + s * 0.27, cy + s * 0.28, s * 0.05, s * 0.03, fill="#fff6e0")


def _icon_detector(c: _PillowCanvas, box: Box) -> None:
    cx, cy, s = _center(box)
    for k, col in enumerate(("#dfe6ee", "#c4d0dd", "#a9b9ca")):
        c.circle(cx, cy, s * (0.45 - 0.1 * k), fill=None, outline=col, width=s * 0.06)
    rng = np.random.default_rng(11)
    for i in range(9):
        a0 = rng.uniform(0, 2 * math.pi)
        curv = rng.uniform(-1.2, 1.2)
        pts = [(cx, cy)]
        for j in range(1, 12):
            r = j / 11 * s * 0.4
            a = a0 + curv * (j / 11) ** 2 * 0.6
            pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
        c.line(pts, SERIES_TRACKS[i % 3], 1.6)
        ex, ey = pts[-1]
        c.circle(ex, ey, s * 0.03, fill=ORANGE)
    c.circle(cx, cy, s * 0.025, fill=INK)



def _icon_weather(c: _PillowCanvas, box: Box) -> None:
    cx, cy, s = _center(box)
    c.circle(cx + s * 0.18, cy - s * 0.18, s * 0.16, fill=ORANGE)
    for dx, dy, r in ((-0.18, -0.02, 0.15), (0.0, -0.1, 0.19), (0.18, 0.0, 0.14)):
        c.circle(cx + dx * s, cy + dy * s, r * s, fill="#b9c4d2")
    c.rect(cx - s * 0.33, cy - s * 0.02, cx + s * 0.32, cy + s * 0.14, fill="#b9c4d2", r=s * 0.07)
    for i in range(5):
        x = cx - s * 0.24 + i * s * 0.12
        c.line([(x, cy + s * 0.2), (x - s * 0.04, cy + s * 0.36)], BLUE, 2.2)


def _icon_recommend(c: _PillowCanvas, box: Box) -> None:
    cx, cy, s = _center(box)
    q = s * 0.24
    cols = (BLUE, GREEN, ORANGE, PURPLE, RED, "#8d96a3")
    for i, col in enumerate(cols):
        x = cx - q * 1.6 + (i % 3) * q * 1.1
        y = cy - q * 1.05 + (i // 3) * q * 1.15
        c.rect(x, y, x + q, y + q, fill=tint(col, 0.45), outline=col if i == 4 else None,
               width=2.5, r=3)
    c.star(cx + q * 0.6 + q * 0.05, cy + q * 0.65, q * 0.28, ORANGE)


def _icon_gpu(c: _PillowCanvas, box: Box, fans: int = 2) -> None:
    """A gaming graphics card seen from the front: bracket, shroud with fans, PCB and gold fingers."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    L = min(w * 0.84, h * 2.2)
    H = L * 0.38
    cx0, cy0 = x0 + (w - L) / 2 + L * 0.03, y0 + (h - H) / 2
    cx1, cy1 = cx0 + L, cy0 + H
    c.rect(cx0 - L * 0.035, cy0 - H * 0.05, cx0 - L * 0.005, cy1 + H * 0.12, fill="#b9c0ca", outline=MUTED)
    for j in range(3):
        py = cy0 + H * (0.12 + 0.27 * j)
        c.rect(cx0 - L * 0.029, py, cx0 - L * 0.011, py + H * 0.17, fill=DARK, r=1.5)
    c.rect(cx0 + L * 0.01, cy1 - H * 0.12, cx1 - L * 0.03, cy1 + H * 0.06, fill="#27463a")
    for i in range(28):
        fx = cx0 + L * 0.14 + i * L * 0.012
        c.rect(fx, cy1 + H * 0.06, fx + L * 0.008, cy1 + H * 0.13, fill=GOLD)
    c.rect(cx0, cy0, cx1, cy1 - H * 0.06, fill="#30323f", outline=DARK, width=1.5, r=H * 0.08)
    c.rect(cx0 + H * 0.05, cy0 + H * 0.03, cx1 - H * 0.05, cy0 + H * 0.07, fill="#4a4e69", r=2)
    for fx in (0.18, 0.5, 0.82):
        x = cx0 + L * fx
        c.polygon([(x - L * 0.035, cy0 + H * 0.06), (x + L * 0.01, cy0 + H * 0.06),
                   (x + L * 0.035, cy1 - H * 0.1), (x - L * 0.01, cy1 - H * 0.1)],
                  fill=RED if fx != 0.5 else "#30323f")
    fr = H * 0.39
    for i in range(fans):
        fxc = cx0 + L * (0.5 + (i - (fans - 1) / 2) * 0.32)
        fyc = cy0 + H * 0.47
        c.circle(fxc, fyc, fr, fill="#17181f", outline="#4a4e69", width=1.5)
        for b in range(9):
            a = b * 2 * math.pi / 9
            pts = [(fxc + fr * 0.3 * math.cos(a), fyc + fr * 0.3 * math.sin(a)),
                   (fxc + fr * 0.93 * math.cos(a + 0.2), fyc + fr * 0.93 * math.sin(a + 0.2)),
                   (fxc + fr * 0.93 * math.cos(a + 0.52), fyc + fr * 0.93 * math.sin(a + 0.52)),
                   (fxc + fr * 0.3 * math.cos(a + 0.42), fyc + fr * 0.3 * math.sin(a + 0.42))]
            c.polygon(pts, fill="#5b6075")
        c.circle(fxc, fyc, fr * 0.3, fill=RED)
        c.circle(fxc, fyc, fr * 0.12, fill=DARK)


# ---------------------------------------------------------------- the figures

@figure("img/news.png",
        credit="Stand-in for a collage of press headlines about deep learning, 2016-2019 (various news "
               "outlets' websites); headlines paraphrased for this deck, outlet labels generic.")
def news(dest: Path) -> None:
    W, H = 1200, 900
    bg = _PillowCanvas(W, H, scale=1, bg=LIGHT, ss=1)
    base = bg.finish().convert("RGBA")
    stories = [
        ((30, 30, 430, 330), -2.0, "SCIENCE DESK", "March 2016",
         "Computer program defeats Go champion Lee Sedol, four games to one", _icon_go),
        ((470, 24, 320, 300), 1.5, "TECHNOLOGY", "September 2016",
         "Neural networks close the gap with human translators", _icon_translate),
        ((800, 45, 370, 330), 2.5, "CULTURE", "February 2019",
         "None of these people exist: a neural network dreams up faces", _icon_faces),
        ((25, 385, 370, 320), 2.0, "HEALTH", "November 2017",
         "Algorithm spots pneumonia on chest X-rays as well as radiologists", _icon_medical),
        ((410, 345, 400, 370), -1.5, "GAMES", "January 2019",
         "AI agent AlphaStar beats professional StarCraft II players", _icon_minimap),
        ((820, 400, 350, 310), -2.5, "BUSINESS & TECH", "December 2018",
         "Self-driving taxis start carrying paying passengers", _icon_car),
        ((230, 708, 700, 136), 1.0, "AWARDS", "March 2019",
         "Deep learning pioneers receive computing's highest honour", _icon_trophy),
    ]
    for (x, y, w, h), angle, outlet, date, headline, icon in stories:
        card = _headline_card(w, h, outlet, date, headline, icon).convert("RGBA")
        card = card.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=(0, 0, 0, 0))
        alpha = card.getchannel("A")
        shadow = Image.new("RGBA", card.size, rgb(INK) + (0,))
        shadow.putalpha(alpha.point(lambda a: a * 0.22).filter(ImageFilter.GaussianBlur(6)))
        base.alpha_composite(shadow, (x + 5, y + 8))
        base.alpha_composite(card, (x, y))
    # bottom left: the slide number sits at the bottom right of the slide this fills
    ImageDraw.Draw(base).text((24, H - 18), _stand_in("a collage of press headlines, 2016–2019",
                              "various news outlets' websites; headlines paraphrased"),
                              font=image_font(17), fill=MUTED, anchor="ls")
    save.image(base.convert("RGB"), dest, colors=PALETTE)


def _headline_card(w, h, outlet, date, headline, icon) -> Image.Image:
    """One newspaper clipping: outlet label between rules, date, bold headline, picture, column lines."""
    c = _PillowCanvas(w, h, scale=1, ss=3)
    c.rect(0, 0, w - 0.5, h - 0.5, fill=WHITE, outline=GRID)
    p = 18
    c.text(p, p, outlet, 15, RED, 700)
    c.text(w - p, p, date, 15, MUTED, anchor="ra")
    c.line([(p, p + 24), (w - p, p + 24)], INK, 2)
    wide = w > 1.8 * h
    text_w = (w - 2 * p) * (0.8 if wide else 1)
    y = c.paragraph(p, p + 34, headline, 27, text_w, INK, 700, leading=1.18)
    if wide:
        icon(c, (w - p - 100, p + 30, w - p, h - p + 4))
        for j in range(2):
            yy = y + 10 + j * 16
            if yy + 8 < h - p:
                c.rect(p, yy, p + text_w * (0.95 - 0.3 * j), yy + 7, fill=GRID, r=3)
        return c.finish()
    pic_h = max(60.0, min(130.0, h - y - p - 50))
    half = (w - 2 * p - 12) / 2
    c.rect(p, y + 8, p + half, y + 8 + pic_h, fill=LIGHT)
    icon(c, (p + 6, y + 14, p + half - 6, y + 2 + pic_h))
    for col in range(2):
        x0 = p if col else p + half + 12
        top = y + 8 + (pic_h + 10 if col else 0)
        yy = top
        while yy + 7 < h - p:
            frac = 0.6 if (yy - top) % 60 > 45 else 1.0
            c.rect(x0, yy, x0 + half * frac, yy + 6, fill=GRID, r=3)
            yy += 14
    return c.finish()


@figure("img/msi.jpg",
        credit="Stand-in for a product photo of an MSI gaming graphics card (MSI, msi.com); drawn for this deck.")
def msi(dest: Path) -> None:
    img = _card(450, 300, "A gaming graphics card",
                _stand_in("a product photo of an MSI graphics card", "MSI, msi.com"), _icon_gpu)
    save.image(img, dest, colors=PALETTE)


def _cuda_art(c: _PillowCanvas, box: Box) -> None:
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    q, gap = 7.0, 2.5
    blk = 4 * (q + gap)
    for b in range(4):
        bx = x0 + 14 if b % 2 == 0 else x1 - 14 - blk
        by = cy - blk - 4 if b < 2 else cy + 6
        for i in range(16):
            xx, yy = bx + (i % 4) * (q + gap), by + (i // 4) * (q + gap)
            c.rect(xx, yy, xx + q, yy + q, fill=mix(GREEN, LIGHT, 0.55 + 0.1 * ((i + b) % 3)), r=1.5)
    _wordmark(c, cx, cy, "CUDA", 58, GREEN, "Compute Unified Device Architecture", 13)


@figure("img/cuda.jpg",
        credit="Stand-in for the CUDA logo (Nvidia, developer.nvidia.com/cuda-zone); typographic mark drawn "
               "for this deck, not the trademark.")
def cuda(dest: Path) -> None:
    img = _card(400, 230, "CUDA (Nvidia, 2007)",
                _stand_in("the CUDA logo", "Nvidia, developer.nvidia.com/cuda-zone"), _cuda_art,
                title_size=18, caption_size=14)
    save.image(img, dest, colors=PALETTE)


def _v100_art(c: _PillowCanvas, box: Box) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    L = w * 0.84
    H = min(L * 0.4, h * 0.62)
    cx0, cy0 = x0 + (w - L) / 2 + 4, y0 + (h - H) / 2 - 4
    cx1, cy1 = cx0 + L, cy0 + H
    c.rect(cx0 - 9, cy0 - 3, cx0 - 2, cy1 + 8, fill="#b9c0ca", outline=MUTED)
    for i in range(22):
        fx = cx0 + L * 0.14 + i * L * 0.016
        c.rect(fx, cy1, fx + L * 0.01, cy1 + 7, fill=GOLD)
    c.rect(cx0, cy0, cx1, cy1, fill="#d5dae1", outline=MUTED, width=1.2, r=4)
    c.rect(cx0, cy0 + H * 0.1, cx1, cy0 + H * 0.2, fill="#b6a77e")
    c.rect(cx0, cy1 - H * 0.2, cx1, cy1 - H * 0.1, fill="#b6a77e")
    for i in range(9):
        gx = cx1 - L * 0.3 + i * L * 0.03
        c.rect(gx, cy0 + H * 0.3, gx + L * 0.012, cy1 - H * 0.3, fill="#8d96a3", r=1)
    c.text(cx0 + L * 0.08, cy0 + H * 0.5, "TESLA V100", H * 0.2, INK, 700, anchor="lm")


@figure("img/nvidia_v100.jpg",
        credit="Stand-in for Nvidia's product photo of the Tesla V100 (Nvidia, nvidia.com/en-us/data-center/"
               "tesla-v100); drawn for this deck.")
def nvidia_v100(dest: Path) -> None:
    img = _card(300, 220, "Nvidia Tesla V100",
                _stand_in("Nvidia's product photo", "Nvidia, nvidia.com"), _v100_art,
                scale=2, title_size=17, caption_size=14)
    save.image(img, dest, colors=PALETTE)


FRAMEWORKS = [
    ("high-level APIs", "build & train models", BLUE,
     [("Keras", "F. Chollet / Google"), ("fastai", "fast.ai"), ("Gluon", "Apache MXNet"),
      ("scikit-learn", "classic ML")]),
    ("tensor libraries", "autodiff on CPU / GPU", GREEN,
     [("TensorFlow", "Google"), ("PyTorch", "Facebook"), ("Theano", "U. Montréal"), ("CNTK", "Microsoft"),
      ("MXNet", "Apache"), ("Caffe", "Berkeley"), ("Chainer", "Preferred Networks"), ("JAX", "Google")]),
    ("hardware backends", "vendor libraries", ORANGE,
     [("CUDA", "Nvidia"), ("cuDNN", "Nvidia"), ("NCCL", "Nvidia"), ("MKL-DNN", "Intel, CPU")]),
]


def _frameworks_art(c: _PillowCanvas, box: Box) -> None:
    x0, y0, x1, y1 = box
    label_w, gap = 196, 8
    rows = sum(math.ceil(len(items) / 4) for *_, items in FRAMEWORKS)
    band_gap = 10
    row_h = (y1 - y0 - 20 - band_gap * (len(FRAMEWORKS) - 1)) / rows
    y = y0 + 10
    for name, sub, col, items in FRAMEWORKS:
        n_rows = math.ceil(len(items) / 4)
        band_h = n_rows * row_h
        c.rect(x0 + 10, y, x1 - 10, y + band_h, fill=tint(col, 0.88), r=8)
        c.rect(x0 + 10, y, x0 + 16, y + band_h, fill=col, r=3)
        c.text(x0 + 26, y + band_h / 2 - 11, name, 17, INK, 700, anchor="lm")
        c.text(x0 + 26, y + band_h / 2 + 11, sub, 14, MUTED, anchor="lm")
        tile_w = (x1 - 20 - (x0 + label_w) - 3 * gap) / 4
        for i, (tname, owner) in enumerate(items):
            tx = x0 + label_w + (i % 4) * (tile_w + gap)
            ty = y + (i // 4) * row_h + 6
            c.rect(tx, ty, tx + tile_w, ty + row_h - 12, fill=WHITE, outline=tint(col, 0.5), width=1.2, r=6)
            mid = ty + (row_h - 12) / 2
            c.text(tx + tile_w / 2, mid - 8, tname, 20, INK, 700, anchor="mm")
            c.text(tx + tile_w / 2, mid + 13, owner, 13, MUTED, anchor="mm")
        y += band_h + band_gap


@figure("img/frameworks.png",
        credit="Stand-in for a collage of deep learning framework logos (each project's own website); "
               "drawn for this deck as neutral word-marks, not the trademarks.")
def frameworks(dest: Path) -> None:
    img = _card(800, 440, "Deep learning software, 2019",
                _stand_in("a collage of framework logos", "each project, on its own website"),
                _frameworks_art)
    save.image(img, dest, colors=PALETTE)


def _tiles(items, cols: int, with_sub: bool) -> Callable[[_PillowCanvas, Box], None]:
    """Application tiles: icon, name (and a small context line), laid out in a grid."""
    def draw(c: _PillowCanvas, box: Box) -> None:
        x0, y0, x1, y1 = box
        rows = math.ceil(len(items) / cols)
        gap = 10
        tw = (x1 - x0 - 20 - gap * (cols - 1)) / cols
        th = (y1 - y0 - 20 - gap * (rows - 1)) / rows
        for i, item in enumerate(items):
            name, icon = item[0], item[-1]
            tx, ty = x0 + 10 + (i % cols) * (tw + gap), y0 + 10 + (i // cols) * (th + gap)
            c.rect(tx, ty, tx + tw, ty + th, fill=WHITE, outline=GRID, width=1.2, r=8)
            if with_sub:
                isz = min(th - 20, tw * 0.36)
                icon(c, (tx + 8, ty + (th - isz) / 2, tx + 8 + isz, ty + (th + isz) / 2))
                text_x, text_w = tx + isz + 16, tw - isz - 24
                size = 18   # a title word too long for the tile ("Recommendation") gets a smaller size
                while size > 12 and max(c.textlen(word, size, 700) for word in name.split()) > text_w:
                    size -= 1
                ty2 = c.paragraph(text_x, ty + 18, name, size, text_w, INK, 700, 1.15)
                c.paragraph(text_x, ty2 + 4, item[1], 14, text_w, MUTED)
            else:
                label_h = 42
                icon(c, (tx + 8, ty + 8, tx + tw - 8, ty + th - label_h))
                lines = c.wrap(name, 16, tw - 8, 700)
                ly = ty + th - label_h / 2 - (len(lines) - 1) * 9
                for line in lines:
                    c.text(tx + tw / 2, ly, line, 16, INK, 700, anchor="mm")
                    ly += 18
    return draw


@figure("img/dl_ex1.png",
        credit="Stand-in for a montage of deep learning application images (various sources); tiles and icons "
               "drawn for this deck.")
def dl_ex1(dest: Path) -> None:
    items = [("translation", _icon_translate), ("image captioning", _icon_caption),
             ("speech synthesis", _icon_speech), ("style transfer", _icon_style),
             ("self-driving cars", _icon_car), ("games", _icon_go)]
    img = _card(700, 250, "Deep learning applications",
                _stand_in("a montage of application images", "various research groups' papers and blogs"),
                _tiles(items, 6, False), title_size=18)
    save.image(img, dest, colors=PALETTE)


@figure("img/dl_ex2.png",
        credit="Stand-in for a montage of deep learning applications in science and industry (various "
               "sources); tiles and icons drawn for this deck.")
def dl_ex2(dest: Path) -> None:
    items = [("Medical imaging", "tumour and lesion detection in scans", _icon_medical),
             ("Protein folding", "structure from sequence (AlphaFold, 2018)", _icon_protein),
             ("Astronomy", "galaxy morphology classification", _icon_galaxy),
             ("Particle physics", "track and event reconstruction", _icon_detector),
             ("Weather", "short-term precipitation nowcasting", _icon_weather),
             ("Recommendation", "what to watch, read or buy next", _icon_recommend)]
    img = _card(800, 420, "Deep learning in science and industry",
                _stand_in("a montage of application images", "various research groups' papers and blogs"),
                _tiles(items, 3, True))
    save.image(img, dest, colors=PALETTE)


def _starcraft_art(c: _PillowCanvas, box: Box) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    c.rect(x0, y0, x1, y1, fill="#2a3040")
    rng = np.random.default_rng(2019)
    for fx, fy, fw, fh, col in ((0.02, 0.12, 0.3, 0.35, "#37405a"), (0.55, 0.08, 0.43, 0.3, "#333b52"),
                                (0.3, 0.45, 0.4, 0.25, "#3a4560"), (0.7, 0.42, 0.28, 0.3, "#37405a")):
        c.rect(x0 + fx * w, y0 + fy * h, x0 + (fx + fw) * w, y0 + (fy + fh) * h, fill=col, r=10)
    # top bar: resources
    c.rect(x0, y0, x1, y0 + 28, fill=DARK)
    c.text(x0 + 12, y0 + 14, "AlphaStar (Protoss)  vs.  professional player", 14, "#c9d1dc", 700, anchor="lm")
    rx = x1 - 280
    for icon_col, val in ((BLUE, "1 250"), (GREEN, "640"), (ORANGE, "112/200")):
        c.polygon([(rx, y0 + 14), (rx + 6, y0 + 7), (rx + 12, y0 + 14), (rx + 6, y0 + 21)], fill=icon_col)
        c.text(rx + 18, y0 + 14, val, 14, WHITE, anchor="lm")
        rx += 86
    # mineral field and bases
    for i in range(7):
        mx, my = x0 + w * 0.07 + i * 11, y0 + h * 0.2 + (i % 2) * 9
        c.polygon([(mx, my), (mx + 6, my - 10), (mx + 12, my)], fill="#5aa9e6")
    for bx, by, col in ((0.16, 0.36, BLUE), (0.78, 0.22, RED)):
        px, py = x0 + bx * w, y0 + by * h
        c.polygon([(px + 24 * math.cos(a), py + 16 * math.sin(a)) for a in np.linspace(0, 2 * math.pi, 7)[:-1]],
                  fill=mix(col, "#2a3040", 0.2), outline=WHITE, width=1)
    # armies
    for col, (mx, my), n in ((BLUE, (0.42, 0.5), 26), (RED, (0.6, 0.42), 22)):
        for _ in range(n):
            ux, uy = x0 + (mx + rng.normal(0, 0.05)) * w, y0 + (my + rng.normal(0, 0.07)) * h
            c.circle(ux, uy, 4.5, fill=tint(col, 0.15), outline=DARK, width=0.8)
    c.ellipse(x0 + 0.42 * w, y0 + 0.5 * h, 0.09 * w, 0.1 * h, outline=GREEN, width=1.5)
    for _ in range(6):
        sx, sy = x0 + rng.uniform(0.46, 0.56) * w, y0 + rng.uniform(0.4, 0.52) * h
        c.line([(sx, sy), (sx + rng.uniform(10, 22), sy - rng.uniform(-8, 8))], "#ffd27a", 1.5)
    # bottom HUD: minimap, portrait, command card
    hud = y1 - 0.3 * h
    c.rect(x0, hud, x1, y1, fill=DARK)
    mm = y1 - hud - 12
    _icon_minimap(c, (x0 + 8, hud + 6, x0 + 8 + mm * 1.2, y1 - 6))
    c.rect(x0 + mm * 1.2 + 24, hud + 8, x1 - 200, y1 - 8, fill="#262a3a", r=4)
    c.text(x0 + mm * 1.2 + 36, hud + 22, "Stalker ×26", 14, "#c9d1dc", 700, anchor="lm")
    for j in range(3):
        c.rect(x0 + mm * 1.2 + 36, hud + 38 + j * 14, x0 + mm * 1.2 + 36 + 120 - 30 * j, hud + 45 + j * 14,
               fill="#4a4e69", r=3)
    for i in range(15):
        bx, by = x1 - 190 + (i % 5) * 36, hud + 8 + (i // 5) * ((y1 - hud - 16) / 3)
        c.rect(bx, by, bx + 30, by + (y1 - hud - 16) / 3 - 4, fill="#3a3f55" if i % 4 else "#4d5a7a", r=3)


@figure("img/starcraft-alpha_star.png",
        credit="Stand-in for a screenshot of DeepMind's AlphaStar playing StarCraft II (DeepMind blog, "
               "deepmind.com/blog, 2019; game by Blizzard Entertainment); drawn for this deck.")
def starcraft_alpha_star(dest: Path) -> None:
    img = _card(700, 420, "AlphaStar playing StarCraft II",
                _stand_in("a game screenshot", "DeepMind, deepmind.com/blog (2019); game by Blizzard"),
                _starcraft_art)
    save.image(img, dest, colors=PALETTE)


def _rapids_art(c: _PillowCanvas, box: Box) -> None:
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    tw = c.textlen("RAPIDS", 34, 700)
    lx = cx - (tw + 34) / 2
    for i in range(3):
        yy = cy - 12 + i * 9
        c.rect(lx + i * 4, yy, lx + 22 + i * 4, yy + 5, fill=tint(PURPLE, 0.25 * i), r=2.5)
    c.text(lx + 34, cy, "RAPIDS", 34, INK, 700, anchor="lm")


@figure("img/rapids.png",
        credit="Stand-in for the RAPIDS logo (Nvidia, rapids.ai); typographic mark drawn for this deck.")
def rapids(dest: Path) -> None:
    img = _card(200, 110, "", _stand_in("the RAPIDS logo", "Nvidia, rapids.ai"), _rapids_art,
                scale=2, caption_size=11, pill=False)
    save.image(img, dest, colors=PALETTE)


def _rapids_desc_art(c: _PillowCanvas, box: Box) -> None:
    x0, y0, x1, y1 = box
    w = x1 - x0
    steps = [("Data preparation", ["cuDF", "cuIO"], BLUE), ("Model training", ["cuML", "cuGraph"], GREEN),
             ("Visualization", ["cuXfilter"], ORANGE)]
    bw, gap = (w - 40 - 2 * 40) / 3, 40
    top, bh = y0 + 16, (y1 - y0) * 0.5
    for i, (name, libs, col) in enumerate(steps):
        bx = x0 + 20 + i * (bw + gap)
        c.rect(bx, top, bx + bw, top + bh, fill=WHITE, outline=col, width=2, r=8)
        c.rect(bx, top, bx + bw, top + 32, fill=col, r=8)
        c.rect(bx, top + 20, bx + bw, top + 32, fill=col)
        c.text(bx + bw / 2, top + 16, name, 16, WHITE, 700, anchor="mm")
        pw = (bw - 24 - 8 * (len(libs) - 1)) / len(libs)
        for j, lib in enumerate(libs):
            px = bx + 12 + j * (pw + 8)
            c.rect(px, top + 44, px + pw, top + bh - 12, fill=tint(col, 0.85), r=6)
            c.text(px + pw / 2, (top + 44 + top + bh - 12) / 2, lib, 17, INK, 700, anchor="mm")
        if i < 2:
            c.arrow(bx + bw + 6, top + bh / 2, bx + bw + gap - 6, top + bh / 2, INK, 2.5, 10)
    my = top + bh + 14
    c.rect(x0 + 20, my, x1 - 20, y1 - 12, fill=tint(PURPLE, 0.82), outline=PURPLE, width=1.5, r=8)
    c.text((x0 + x1) / 2, (my + y1 - 12) / 2 - 10, "GPU memory", 17, INK, 700, anchor="mm")
    c.text((x0 + x1) / 2, (my + y1 - 12) / 2 + 11, "shared columnar data in the Apache Arrow format", 14,
           MUTED, anchor="mm")


@figure("img/rapids-desc.png",
        credit="Stand-in for the RAPIDS overview diagram (Nvidia, rapids.ai); redrawn as a simple diagram "
               "for this deck.")
def rapids_desc(dest: Path) -> None:
    img = _card(650, 300, "RAPIDS: end-to-end data science on GPUs",
                _stand_in("the RAPIDS overview diagram", "Nvidia, rapids.ai"), _rapids_desc_art,
                title_size=18, caption_size=14)
    save.image(img, dest, colors=PALETTE)


def _kerastf_art(c: _PillowCanvas, box: Box) -> None:
    x0, y0, x1, y1 = box
    cy = (y0 + y1) / 2
    k_w, t_w, plus_w = c.textlen("Keras", 28, 700), c.textlen("TensorFlow", 24, 700), 30
    left = (x0 + x1) / 2 - (k_w + t_w + plus_w) / 2
    _wordmark(c, left + k_w / 2, cy, "Keras", 28, RED)
    c.text(left + k_w + plus_w / 2, cy + 4, "+", 24, MUTED, 700, anchor="mm")
    _wordmark(c, left + k_w + plus_w + t_w / 2, cy + 2, "TensorFlow", 24, ORANGE)


@figure("img/kerastf.jpeg",
        credit="Stand-in for the Keras and TensorFlow logos (keras.io; Google, tensorflow.org); typographic "
               "marks drawn for this deck, not the trademarks.")
def kerastf(dest: Path) -> None:
    img = _card(300, 160, "Keras + TensorFlow",
                _stand_in("the Keras and TensorFlow logos", "keras.io, tensorflow.org"), _kerastf_art,
                scale=2, title_size=16, caption_size=13.5, pill=False)
    save.image(img, dest, colors=PALETTE)


SSD_FILES = ["bounding_box_utils", "data_generator", "keras_layers", "models"]


def _github_art(c: _PillowCanvas, box: Box) -> None:
    x0, y0, x1, y1 = box
    c.rect(x0, y0, x1, y1, fill=WHITE)
    c.rect(x0, y0, x1, y0 + 30, fill=DARK)
    c.circle(x0 + 20, y0 + 15, 9, fill=WHITE)
    c.circle(x0 + 20, y0 + 15, 4, fill=DARK)
    c.rect(x0 + 40, y0 + 7, x0 + 230, y0 + 23, fill="#3a3d52", r=4)
    c.text(x0 + 48, y0 + 15, "Search or jump to…", 12, "#a3a9b8", anchor="lm")
    nx = x0 + 250
    for t in ("Pull requests", "Issues", "Explore"):
        c.text(nx, y0 + 15, t, 13, WHITE, 700, anchor="lm")
        nx += c.textlen(t, 13, 700) + 22
    y = y0 + 44
    c.rect(x0 + 16, y + 2, x0 + 28, y + 18, outline=MUTED, width=1.5, r=2)
    c.text(x0 + 36, y + 10, "pierluigiferrari / ", 19, BLUE, anchor="lm")
    c.text(x0 + 36 + c.textlen("pierluigiferrari / ", 19), y + 10, "ssd_keras", 19, BLUE, 700, anchor="lm")
    bx = x1 - 16
    for label in ("Fork", "Star", "Watch"):
        bw = c.textlen(label, 13, 700) + 34
        c.rect(bx - bw, y, bx, y + 22, fill=LIGHT, outline=GRID, width=1, r=4)
        if label == "Star":
            c.star(bx - bw + 12, y + 11, 7, ORANGE)
        else:
            c.circle(bx - bw + 12, y + 11, 4, outline=MUTED, width=1.5)
        c.text(bx - bw + 24, y + 11, label, 13, INK, 700, anchor="lm")
        bx -= bw + 8
    y += 34
    tx = x0 + 16
    for i, t in enumerate(("Code", "Issues", "Pull requests", "Wiki", "Insights")):
        c.text(tx, y + 8, t, 14, INK if i == 0 else MUTED, 700 if i == 0 else 400, anchor="lm")
        if i == 0:
            c.rect(tx - 4, y + 20, tx + c.textlen(t, 14, 700) + 4, y + 23, fill=ORANGE)
        tx += c.textlen(t, 14, 700) + 34
    c.line([(x0, y + 23), (x1, y + 23)], GRID, 1)
    y += 32
    c.text(x0 + 16, y + 8, "A Keras port of Single Shot MultiBox Detector", 15, INK, anchor="lm")
    c.text(x1 - 16, y + 8, "Apache-2.0", 13, MUTED, anchor="rm")
    y += 22
    list_x0, list_x1 = x0 + 16, x1 - 16
    c.rect(list_x0, y, list_x1, y1, outline=GRID, width=1.2)
    c.rect(list_x0, y, list_x1, y + 26, fill="#f1f6fc", r=5)
    c.circle(list_x0 + 16, y + 13, 7, fill=tint(BLUE, 0.5))
    c.text(list_x0 + 30, y + 13, "pierluigiferrari", 13, INK, 700, anchor="lm")
    c.rect(list_x0 + 140, y + 10, list_x0 + 320, y + 16, fill=GRID, r=3)
    y += 26
    row = 19.0
    for k, name in enumerate(SSD_FILES):
        folder = "." not in name
        c.line([(list_x0, y), (list_x1, y)], GRID, 1)
        ix, iy = list_x0 + 12, y + row / 2
        if folder:
            c.polygon([(ix, iy - 5), (ix + 5, iy - 5), (ix + 7, iy - 3), (ix + 13, iy - 3), (ix + 13, iy + 6),
                       (ix, iy + 6)], fill=tint(BLUE, 0.3))
        else:
            c.rect(ix + 1, iy - 6, ix + 11, iy + 6, outline=MUTED, width=1.2, r=1)
        c.text(list_x0 + 34, iy, name, 14, BLUE if folder else INK, anchor="lm")
        c.rect(list_x0 + 230, iy - 3, list_x0 + 230 + 120 + 60 * ((k * 7) % 3), iy + 3, fill=GRID, r=3)
        c.rect(list_x1 - 80, iy - 3, list_x1 - 14, iy + 3, fill=GRID, r=3)
        y += row
    y += 10
    c.rect(list_x0, y, list_x1, y1, outline=GRID, width=1.2)
    c.rect(list_x0, y, list_x1, y + 24, fill="#f1f6fc")
    c.rect(list_x0 + 12, y + 6, list_x0 + 22, y + 18, outline=MUTED, width=1.2, r=1)
    c.text(list_x0 + 30, y + 12, "README.md", 13, INK, 700, anchor="lm")
    y += 34
    c.text(list_x0 + 14, y, "SSD: Single-Shot MultiBox Detector implementation in Keras", 17, INK, 700)
    y += 26
    c.line([(list_x0 + 14, y), (list_x1 - 14, y)], GRID, 1)
    for j, frac in enumerate((0.92, 0.85, 0.6)):
        yy = y + 10 + j * 13
        if yy + 6 < y1 - 4:
            c.rect(list_x0 + 14, yy, list_x0 + 14 + (list_x1 - list_x0 - 28) * frac, yy + 6, fill=GRID, r=3)


@figure("img/ssd_keras.png",
        credit="Stand-in for a screenshot of the GitHub repository ssd_keras by Pierluigi Ferrari "
               "(github.com/pierluigiferrari/ssd_keras); generic code-hosting page drawn for this deck.")
def ssd_keras(dest: Path) -> None:
    img = _card(700, 420, "ssd_keras on GitHub",
                _stand_in("a screenshot of the repository page",
                          "Pierluigi Ferrari, github.com/pierluigiferrari/ssd_keras"), _github_art,
                title_size=18)
    save.image(img, dest, colors=PALETTE)


@figure("img/logosimpleCC.jpg",
        credit="Stand-in for the CC-IN2P3 logo (Centre de Calcul de l'IN2P3, cc.in2p3.fr); typographic mark "
               "drawn for this deck.")
def logosimple_cc(dest: Path) -> None:
    c = _PillowCanvas(150, 62, scale=2)
    c.rect(0.75, 0.75, 149.25, 61.25, fill=WHITE, outline=GRID, width=1.2, r=6)
    for i in range(5):
        c.rect(10, 10 + i * 6.5, 26, 14.5 + i * 6.5, fill=tint(BLUE, 0.15 * i), r=1)
        c.circle(23, 12.25 + i * 6.5, 0.9, fill=GREEN)
    c.text(32, 26, "CC", 22, BLUE, 700, anchor="ls")
    c.text(32 + c.textlen("CC", 22, 700), 26, "-IN2P3", 22, INK, 700, anchor="ls")
    c.text(32, 34, "Centre de Calcul", 10.5, MUTED, anchor="lt")
    c.text(32, 46, "de l'IN2P3 · Lyon", 10.5, MUTED, anchor="lt")
    save.image(c.finish(), dest, colors=PALETTE)


@figure("img/profile.png",
        credit="Stand-in for Alexandre Boucaud's profile photo (aboucaud.github.io); abstract avatar drawn "
               "for this deck.")
def profile(dest: Path) -> None:
    c = _PillowCanvas(300, 300, scale=1, bg=tint(BLUE, 0.82))
    c.circle(150, 150, 148, fill=tint(BLUE, 0.7))
    c.ellipse(150, 318, 118, 108, fill=BLUE)
    c.rect(132, 168, 168, 215, fill=mix(INK, BLUE, 0.4))
    c.circle(150, 122, 56, fill=mix(INK, BLUE, 0.3))
    c.text(150, 262, "AB", 44, WHITE, 700, anchor="mm")
    save.image(c.finish(), dest, colors=PALETTE)


@figure("img/logo-apc.png",
        credit="Stand-in for the APC laboratory logo (AstroParticule et Cosmologie, apc.univ-paris7.fr); "
               "typographic mark drawn for this deck.")
def logo_apc(dest: Path) -> None:
    c = _PillowCanvas(180, 120, scale=2)
    cx, cy = 40, 42
    c.ellipse(cx, cy, 28, 11, outline=BLUE, width=2)
    c.ellipse(cx, cy, 11, 28, outline=tint(BLUE, 0.4), width=2)
    c.circle(cx, cy, 7, fill=ORANGE)
    c.circle(cx + 27, cy - 4, 3, fill=RED)
    c.text(76, cy + 2, "APC", 38, INK, 700, anchor="lm")
    c.text(90, 88, "AstroParticule", 15, MUTED, anchor="mm")
    c.text(90, 106, "et Cosmologie", 15, MUTED, anchor="mm")
    save.image(c.finish(), dest, colors=PALETTE)


@figure("img/cc-by-sa.png",
        credit="Drawn for this deck after the Creative Commons licence button (creativecommons.org); "
               "this talk is licensed CC BY-SA 4.0.")
def cc_by_sa(dest: Path) -> None:
    c = _PillowCanvas(88, 31, scale=3, bg=WHITE, ss=4)   # 3x: the slide shows it 88 px wide, sharp at 1920 px
    c.rect(0, 0, 87.9, 30.9, fill="#000000", r=1.5)
    c.rect(1, 1, 86.9, 22, fill="#aab2ab")
    c.circle(15.5, 15.5, 13, fill="#000000")
    c.circle(15.5, 15.5, 11.2, fill=WHITE)
    for cx in (11.6, 19.4):
        c.arc(cx, 15.5, 3.6, 40, 320, fill="#000000", width=2.1)
    for cx, kind in ((44, "by"), (63.5, "sa")):
        c.circle(cx, 11.5, 8.6, fill="#000000")
        c.circle(cx, 11.5, 7.4, fill=WHITE)
        if kind == "by":
            c.circle(cx, 7.0, 1.6, fill="#000000")
            c.rect(cx - 2.4, 9.2, cx + 2.4, 14.4, fill="#000000", r=0.8)
            c.rect(cx - 1.4, 14.0, cx + 1.4, 17.6, fill="#000000")
        else:
            c.arc(cx, 11.5, 4.0, 215, 150, fill="#000000", width=1.9)   # open on the left
            px, py = cx - 4.0, 11.5 - 0.5
            c.polygon([(px - 2.7, py - 0.6), (px + 2.7, py - 0.6), (px, py + 2.9)], fill="#000000")
    c.text(53.5, 26.6, "BY    SA", 7.4, WHITE, 700, anchor="mm")
    save.image(c.finish(), dest, colors=PALETTE)
