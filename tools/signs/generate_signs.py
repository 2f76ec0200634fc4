#!/usr/bin/python3
"""Generate the road-sign images and the sign catalogue of the Umuhanda default pack.

Run with Debian's /usr/bin/python3 (standard library only):

    /usr/bin/python3 tools/signs/generate_signs.py

Writes, for every sign of the catalogue below (one table drives everything):
  assets/sources/umuhanda-default/svg/signs/<id>.svg        hand-drawn SVG, viewBox 0 0 256 256
  assets/packs/umuhanda-default/media/signs/256/<id>.png  rendered with rsvg-convert, then
  assets/packs/umuhanda-default/media/signs/128/<id>.png  quantized to a palette by pngquant
  assets/sources/umuhanda-default/fragments/signs.json      id, code, category, names, meanings

Rendering needs `rsvg-convert` (Debian package librsvg2-bin) and `pngquant` (package pngquant).
The output is deterministic: running the script twice gives byte-identical files (media are
addressed by SHA-256, so this matters).

Drawings follow the 1968 Vienna Convention on Road Signs and Signals (right-hand traffic):
shapes, colours, borders and pictograms.  `code` is this project's own catalogue code (category
letter + position in the catalogue); it is NOT the Convention's numbering.
"""

import json
import math
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PACK = os.path.join(ROOT, "assets", "packs", "umuhanda-default")
SOURCES = os.path.join(ROOT, "assets", "sources", "umuhanda-default")
SVG_DIR = os.path.join(SOURCES, "svg", "signs")
PNG_DIRS = {256: os.path.join(PACK, "media", "signs", "256"),
            128: os.path.join(PACK, "media", "signs", "128")}
JSON_PATH = os.path.join(SOURCES, "fragments", "signs.json")

# ----------------------------------------------------------------------------------------------
# Palette (flat colours)
RED = "#C8102E"
BLUE = "#0057A8"
YELLOW = "#FFC20E"
BLACK = "#1A1A1A"
WHITE = "#FFFFFF"
GREY = "#A6A6A6"          # light grey of "end of ..." pictograms
ASPHALT = "#5E6367"
VERGE = "#8DB36B"
LAMP_RED = "#FF2D20"
LAMP_AMBER = "#FFB000"
LAMP_GREEN = "#18D36B"
OFF_RED = "#4A1E1C"
OFF_AMBER = "#4A3A14"
OFF_GREEN = "#15392A"
HOUSING = "#202020"
UNIFORM = "#1F3A68"
SKIN = "#8D5A3B"
MY_CAR = "#E8731A"        # "your car" in road-marking and officer pictures
FONT = 'font-family="DejaVu Sans, sans-serif" font-weight="bold"'

# 8-bit palette PNGs are about half the size of rsvg-convert's RGBA ones, and PNG does not shrink
# further in transit, so this is what keeps a first visit within its budget (tools/signs/README.md
# has the sizes). Flat-colour signs reach pngquant quality 99-100, so the floor of 90 only refuses
# a future picture that 256 colours cannot hold; that one keeps its full-colour PNG. --nofs: dither
# only adds noise to anti-aliased edges of flat colours (and bytes). --speed 1 (slowest, best
# palette) and --strip (no metadata chunks) give the smallest file; pngquant is deterministic.
PNGQUANT_OPTIONS = ["--quality=90-100", "--speed", "1", "--strip", "--nofs"]
PNGQUANT_QUALITY_TOO_LOW = 99

CATEGORY_LETTER = {
    "warning": "A", "priority": "B", "prohibitory": "C", "mandatory": "D",
    "special_regulation": "E", "information": "F", "road_marking": "M",
    "light_signal": "L", "officer_gesture": "G",
}


def f(x):
    """Format a number compactly and deterministically."""
    s = "%.2f" % x
    s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def pts(points):
    return " ".join("%s,%s" % (f(x), f(y)) for x, y in points)


def poly(points, fill, extra=""):
    return '<polygon points="%s" fill="%s"%s/>' % (pts(points), fill, extra)


def circle(cx, cy, r, fill, extra=""):
    return '<circle cx="%s" cy="%s" r="%s" fill="%s"%s/>' % (f(cx), f(cy), f(r), fill, extra)


def rect(x, y, w, h, fill, rx=0, extra=""):
    r = ' rx="%s"' % f(rx) if rx else ""
    return '<rect x="%s" y="%s" width="%s" height="%s"%s fill="%s"%s/>' % (
        f(x), f(y), f(w), f(h), r, fill, extra)


def path(d, fill="none", stroke=None, width=None, cap="round", join="round", extra=""):
    s = '<path d="%s" fill="%s"' % (d, fill)
    if stroke:
        s += ' stroke="%s" stroke-width="%s" stroke-linecap="%s" stroke-linejoin="%s"' % (
            stroke, f(width), cap, join)
    return s + extra + "/>"


def line(x1, y1, x2, y2, stroke, width, cap="round"):
    return ('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s" '
            'stroke-linecap="%s"/>' % (f(x1), f(y1), f(x2), f(y2), stroke, f(width), cap))


def text(x, y, s, size, fill, anchor="middle", extra=""):
    return '<text x="%s" y="%s" %s font-size="%s" fill="%s" text-anchor="%s"%s>%s</text>' % (
        f(x), f(y), FONT, f(size), fill, anchor, extra, s)


def group(content, transform=None, extra=""):
    t = ' transform="%s"' % transform if transform else ""
    return "<g%s%s>%s</g>" % (t, extra, content)


def mirror(content):
    """Mirror a drawing left/right around x = 128."""
    return group(content, "translate(256 0) scale(-1 1)")


def head(tip, direction, length, width, fill):
    """Triangular arrow head whose point is at `tip`, pointing along `direction`."""
    dx, dy = direction
    n = math.hypot(dx, dy)
    dx, dy = dx / n, dy / n
    bx, by = tip[0] - dx * length, tip[1] - dy * length
    px, py = -dy, dx
    return poly([tip, (bx + px * width / 2, by + py * width / 2),
                 (bx - px * width / 2, by - py * width / 2)], fill)


def svg_doc(body, defs=""):
    d = "<defs>%s</defs>" % defs if defs else ""
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" '
            'viewBox="0 0 256 256">%s%s</svg>\n' % (d, body))


# ----------------------------------------------------------------------------------------------
# Sign frames

def tri_points(cx, cy, r_in, up=True):
    """Equilateral triangle with in-radius r_in around centroid (cx, cy)."""
    big = 2 * r_in
    angles = (-90, 30, 150) if up else (90, 210, 330)
    return [(cx + big * math.cos(math.radians(a)), cy + big * math.sin(math.radians(a)))
            for a in angles]


WARN_INNER = tri_points(128, 163, 48)
WARN_CLIP = '<clipPath id="inner"><polygon points="%s"/></clipPath>' % pts(tri_points(128, 163, 52))


def warning(pictogram, clip=False):
    body = poly(tri_points(128, 163, 64), RED,
                ' stroke="%s" stroke-width="12" stroke-linejoin="round"' % RED)
    body += poly(WARN_INNER, WHITE, ' stroke="%s" stroke-width="8" stroke-linejoin="round"' % WHITE)
    if clip:
        body += group(pictogram, extra=' clip-path="url(#inner)"')
        return svg_doc(body, WARN_CLIP)
    return svg_doc(body + pictogram)


def disc(pictogram, ground=WHITE, ring=RED, defs=""):
    body = circle(128, 128, 122, ring) + circle(128, 128, 100, ground) + pictogram
    return svg_doc(body, defs)


DISC_CLIP = '<clipPath id="disc"><circle cx="128" cy="128" r="100"/></clipPath>'
END_CLIP = '<clipPath id="end"><circle cx="128" cy="128" r="120"/></clipPath>'


def slash(colour=RED, width=22, clip="disc"):
    """Prohibition bar, top-left to bottom-right."""
    return group(line(20, 20, 236, 236, colour, width, "butt"), extra=' clip-path="url(#%s)"' % clip)


def end_bar_red():
    """Red bar of 'end of ...' mandatory / special-regulation signs: bottom-left to top-right."""
    return line(56, 200, 200, 56, RED, 20, "butt")


def end_disc(pictogram, lines=False):
    body = circle(128, 128, 120, WHITE, ' stroke="%s" stroke-width="4"' % BLACK) + pictogram
    if lines:
        band = "".join(line(-20 + s, 276 + s, 276 + s, -20 + s, BLACK, 5, "butt")
                       for s in (-24, -12, 0, 12, 24))
    else:
        band = line(-20, 276, 276, -20, BLACK, 18, "butt")
    body += group(band, extra=' clip-path="url(#end)"')
    return svg_doc(body, END_CLIP)


def blue_disc(pictogram, defs=""):
    return svg_doc(circle(128, 128, 122, BLUE) + pictogram, defs)


def blue_square(pictogram, defs=""):
    body = rect(8, 8, 240, 240, BLUE, 20)
    body += rect(15, 15, 226, 226, "none", 14, ' stroke="%s" stroke-width="4"' % WHITE)
    return svg_doc(body + pictogram, defs)


def info_panel(pictogram):
    """Blue square with a white panel carrying a black (or red) symbol (facility signs)."""
    return blue_square(rect(40, 40, 176, 176, WHITE, 8) + pictogram)


# ----------------------------------------------------------------------------------------------
# Reusable pictograms (local coordinates, placed with a transform)

def walker(c):
    """Walking person facing right, about 100 x 100."""
    s = circle(56, 10, 10, c)
    s += line(52, 27, 46, 57, c, 17)
    s += path("M 50 32 L 38 46 L 30 58", stroke=c, width=9)
    s += path("M 53 32 L 64 45 L 74 53", stroke=c, width=9)
    s += path("M 46 58 L 37 78 L 22 96", stroke=c, width=11)
    s += path("M 47 58 L 59 77 L 62 96 L 71 97", stroke=c, width=11)
    return s


def stander(c):
    """Standing person, front view, about 100 x 100."""
    s = circle(50, 10, 10, c)
    s += line(50, 27, 50, 58, c, 21)
    s += line(36, 29, 34, 60, c, 9)
    s += line(64, 29, 66, 60, c, 9)
    s += line(44, 60, 44, 97, c, 11)
    s += line(56, 60, 56, 97, c, 11)
    return s


def bicycle(c, rider=False):
    """Bicycle facing right, wheels at y = 54, about 130 x 80 (rider reaches y = -36)."""
    s = circle(26, 54, 21, "none", ' stroke="%s" stroke-width="6"' % c)
    s += circle(104, 54, 21, "none", ' stroke="%s" stroke-width="6"' % c)
    s += path("M 26 54 L 56 54 L 88 24 L 48 24 Z M 56 54 L 45 16 M 88 24 L 104 54 M 88 24 L 84 10 L 94 10"
              " M 56 54 L 63 64", stroke=c, width=5)
    s += line(37, 15, 54, 15, c, 6)
    if rider:
        s += circle(80, -24, 10, c)
        s += line(50, 8, 70, -10, c, 15)
        s += path("M 70 -8 L 80 4 L 88 9", stroke=c, width=8)
        s += path("M 50 10 L 70 30 L 62 58", stroke=c, width=10)
    return s


def car_side(c, window=WHITE):
    """Car seen from the side, facing left, about 130 x 58."""
    s = path("M 2 44 L 2 32 Q 4 26 14 25 L 34 22 L 50 6 L 96 6 L 112 22 L 124 26 Q 130 28 130 36 "
             "L 130 44 Z", fill=c)
    s += poly([(54, 11), (72, 11), (72, 22), (42, 22)], window)
    s += poly([(78, 11), (94, 11), (106, 22), (78, 22)], window)
    s += circle(30, 44, 13, c, ' stroke="%s" stroke-width="4"' % window)
    s += circle(104, 44, 13, c, ' stroke="%s" stroke-width="4"' % window)
    return s


def car_rear(c, window=WHITE):
    """Car seen from behind, about 60 x 46."""
    s = poly([(12, 0), (48, 0), (56, 16), (4, 16)], c)
    s += rect(0, 14, 60, 22, c, 5)
    s += rect(4, 32, 12, 14, c, 3) + rect(44, 32, 12, 14, c, 3)
    s += poly([(15, 4), (45, 4), (50, 13), (10, 13)], window)
    return s


def lorry_rear(c, window=WHITE):
    """Lorry seen from behind, about 64 x 60."""
    s = rect(0, 0, 64, 46, c, 3)
    s += rect(2, 44, 60, 8, c, 2)
    s += rect(4, 50, 14, 10, c, 2) + rect(46, 50, 14, 10, c, 2)
    s += rect(6, 6, 52, 34, "none", 2, ' stroke="%s" stroke-width="2"' % window)
    s += line(32, 6, 32, 40, window, 2)
    return s


def lorry_side(c, window=WHITE):
    """Lorry seen from the side, facing left, about 130 x 66."""
    s = path("M 0 52 L 0 26 L 6 12 L 32 12 L 32 52 Z", fill=c)
    s += poly([(6, 16), (27, 16), (27, 30), (2, 30)], window)
    s += rect(36, 0, 94, 46, c, 2)
    s += rect(0, 45, 130, 9, c)
    for x in (18, 96, 118):
        s += circle(x, 56, 10, c, ' stroke="%s" stroke-width="3"' % window)
    return s


def motorcycle(c, window=WHITE):
    """Motorcycle with rider, facing left, about 130 x 80."""
    s = circle(22, 60, 17, "none", ' stroke="%s" stroke-width="6"' % c)
    s += circle(106, 60, 17, "none", ' stroke="%s" stroke-width="6"' % c)
    s += circle(22, 60, 4, c) + circle(106, 60, 4, c)
    s += line(22, 60, 38, 24, c, 6)
    s += line(30, 22, 44, 26, c, 5)
    s += poly([(40, 38), (50, 30), (72, 30), (80, 38), (106, 38), (114, 44), (104, 48), (84, 48),
               (76, 62), (50, 62), (42, 52)], c)
    s += line(86, 58, 118, 56, c, 5)
    s += circle(64, 8, 10, c)
    s += line(68, 18, 84, 32, c, 14)
    s += path("M 66 22 L 52 26 L 42 24", stroke=c, width=7)
    s += path("M 84 34 L 64 42 L 68 58", stroke=c, width=9)
    return s


def top_car(cx, cy, c=MY_CAR, s=1.0):
    """Car seen from above, front up, centred on (cx, cy); about 34 x 62 at scale 1."""
    g = rect(-17, -31, 34, 62, c, 9)
    g += rect(-13, -17, 26, 12, "#D8ECFA", 3)
    g += rect(-12, 14, 24, 8, "#D8ECFA", 3)
    g += rect(-2, -31, 4, 3, "#FFF4B0")
    return group(g, "translate(%s %s) scale(%s)" % (f(cx), f(cy), f(s)))


def rock(cx, cy, r, c=BLACK):
    radii = (1.0, 0.8, 0.95, 0.75, 1.0, 0.85, 0.9)
    p = []
    for i, k in enumerate(radii):
        a = math.radians(i * 360 / len(radii) + 10)
        p.append((cx + r * k * math.cos(a), cy + r * k * math.sin(a)))
    return poly(p, c)


def roundabout_arrows(cx, cy, r, width, c, head_len, head_w):
    s = ""
    for k in range(3):
        a0 = math.radians(90 + 120 * k + 18)
        a1 = a0 + math.radians(84)
        a_end = a1 - head_len / r
        x0, y0 = cx + r * math.cos(a0), cy - r * math.sin(a0)
        x1, y1 = cx + r * math.cos(a_end), cy - r * math.sin(a_end)
        s += path("M %s %s A %s %s 0 0 0 %s %s" % (f(x0), f(y0), f(r), f(r), f(x1), f(y1)),
                  stroke=c, width=width, cap="butt")
        tip = (cx + r * math.cos(a1), cy - r * math.sin(a1))
        # tangent of counter-clockwise motion (screen coordinates, y down)
        mid = (a1 + a_end) / 2
        s += head(tip, (-math.sin(mid), -math.cos(mid)), head_len + 2, head_w, c)
    return s


# ----------------------------------------------------------------------------------------------
# Warning pictograms (inner white triangle: apex y = 59, base y = 215)

def w_bend():
    return path("M 140 208 L 140 158 C 140 132 130 120 110 108", stroke=BLACK, width=16, cap="butt")


def w_double_bend():
    return path("M 148 208 L 148 192 C 148 170 112 170 112 150 C 112 130 144 128 144 112",
                stroke=BLACK, width=14, cap="butt")


def w_descent():
    s = poly([(20, 132), (230, 222), (230, 240), (20, 240)], BLACK)
    s += text(150, 168, "10%", 26, BLACK)
    return s


def w_ascent():
    s = poly([(236, 132), (26, 222), (26, 240), (236, 240)], BLACK)
    s += text(106, 168, "10%", 26, BLACK)
    return s


def w_narrows_both():
    s = path("M 96 210 L 96 178 L 112 152 L 112 114", stroke=BLACK, width=10, cap="butt", join="miter")
    s += path("M 160 210 L 160 178 L 144 152 L 144 114", stroke=BLACK, width=10, cap="butt", join="miter")
    return s


def w_narrows_right():
    s = line(100, 210, 100, 122, BLACK, 10, "butt")
    s += path("M 162 210 L 162 180 L 136 152 L 136 122", stroke=BLACK, width=10, cap="butt", join="miter")
    return s


def w_uneven():
    return path("M 62 208 L 62 196 C 78 196 82 172 96 172 C 110 172 114 196 128 196 C 142 196 146 172 "
                "160 172 C 174 172 178 196 194 196 L 194 208 Z", fill=BLACK)


def w_slippery():
    s = group(car_rear(BLACK), "translate(99 112) rotate(-10 30 23)")
    s += path("M 110 166 C 94 180 128 190 106 208", stroke=BLACK, width=6)
    s += path("M 146 166 C 130 180 164 190 142 208", stroke=BLACK, width=6)
    return s


def w_gravel():
    s = group(car_side(BLACK), "translate(54 168) scale(0.72)")
    for (x, y, r) in ((150, 176, 5), (162, 160, 4), (170, 184, 6), (180, 200, 5),
                      (156, 196, 4), (176, 168, 4), (146, 160, 3)):
        s += rock(x, y, r)
    return s


def w_falling_rocks():
    s = poly([(138, 104), (210, 104), (240, 230), (146, 230), (152, 204), (140, 180), (150, 156),
              (138, 130)], BLACK)
    s += rock(116, 136, 9) + rock(104, 166, 12) + rock(124, 196, 9) + rock(86, 198, 7)
    return s


def w_pedestrians():
    s = group(walker(BLACK), "translate(84 104) scale(0.86)")
    for i in range(5):
        s += rect(72 + i * 23, 195, 16, 9, BLACK)
    return s


def w_children():
    s = group(walker(BLACK), "translate(68 118) scale(0.86)")
    s += group(walker(BLACK), "translate(118 140) scale(0.64)")
    return s


def w_cyclists():
    return group(bicycle(BLACK, rider=True), "translate(76 156) scale(0.8)")


def cow(c):
    s = path("M 30 20 Q 30 12 40 12 L 112 12 Q 122 12 122 24 L 122 44 Q 122 52 114 52 L 40 52 "
             "Q 30 52 30 44 Z", fill=c)
    s += path("M 38 14 L 18 10 L 6 14 L 0 30 L 6 38 L 16 38 L 38 46 Z", fill=c)
    s += path("M 14 12 Q 10 2 2 4", stroke=c, width=4)
    s += path("M 20 11 Q 24 2 30 2", stroke=c, width=4)
    for x, h in ((36, 80), (50, 78), (98, 80), (112, 78)):
        s += rect(x, 46, 9, h - 46, c, 2)
    s += path("M 121 18 Q 131 30 128 50", stroke=c, width=3)
    s += circle(128, 52, 4, c)
    s += path("M 84 52 Q 92 62 100 52 Z", fill=c)
    return s


def deer(c):
    s = group('<ellipse cx="60" cy="54" rx="36" ry="14" fill="%s"/>' % c, "rotate(-24 60 54)")
    s += poly([(78, 44), (94, 18), (104, 24), (92, 52)], c)
    s += group('<ellipse cx="104" cy="22" rx="13" ry="7" fill="%s"/>' % c, "rotate(28 104 22)")
    s += poly([(96, 16), (88, 8), (100, 12)], c)
    s += path("M 99 16 L 92 -2 M 95 7 L 84 3 M 102 15 L 108 -3 M 105 5 L 114 1", stroke=c, width=4)
    s += path("M 88 50 L 102 60 L 100 76", stroke=c, width=8)
    s += path("M 84 56 L 94 70 L 88 84", stroke=c, width=8)
    s += path("M 34 64 L 18 74 L 0 78", stroke=c, width=8)
    s += path("M 40 66 L 30 84 L 14 94", stroke=c, width=8)
    s += path("M 28 50 L 20 44", stroke=c, width=6)
    return s


def worker(c):
    s = path("M 70 100 Q 98 58 132 100 Z", fill=c)
    s += circle(30, 13, 11, c)
    s += line(34, 30, 50, 58, c, 15)
    s += path("M 50 60 L 40 80 L 32 100", stroke=c, width=11)
    s += path("M 51 60 L 64 78 L 68 100", stroke=c, width=11)
    s += path("M 38 34 L 56 44 L 64 52", stroke=c, width=8)
    s += path("M 40 40 L 58 60", stroke=c, width=8)
    s += line(50, 30, 84, 80, c, 5)
    s += poly([(78, 76), (96, 82), (96, 96), (78, 90)], c)
    return s


def w_signals():
    s = rect(107, 98, 42, 112, BLACK, 8)
    s += circle(128, 117, 13, LAMP_RED) + circle(128, 154, 13, LAMP_AMBER) + circle(128, 191, 13, LAMP_GREEN)
    return s


def w_crossroads():
    return rect(119, 102, 18, 106, BLACK) + rect(80, 146, 96, 18, BLACK)


def w_roundabout():
    return roundabout_arrows(128, 162, 33, 10, BLACK, 16, 26)


def w_two_way():
    s = line(106, 116, 106, 180, BLACK, 11, "butt") + head((106, 206), (0, 1), 28, 28, BLACK)
    s += line(150, 208, 150, 134, BLACK, 11, "butt") + head((150, 108), (0, -1), 28, 28, BLACK)
    return s


def w_gates():
    s = ""
    for x in (82, 102, 122, 142, 162):
        s += poly([(x, 206), (x, 150), (x + 6, 142), (x + 12, 150), (x + 12, 206)], BLACK)
    s += rect(76, 160, 104, 9, BLACK) + rect(76, 186, 104, 9, BLACK)
    return s


def locomotive(c, window=WHITE):
    s = rect(18, 30, 68, 28, c, 6)
    s += poly([(24, 30), (22, 12), (40, 12), (38, 30)], c)
    s += rect(50, 22, 14, 10, c, 5)
    s += rect(84, 12, 34, 50, c)
    s += rect(80, 6, 42, 7, c)
    s += rect(92, 19, 18, 16, window)
    s += rect(8, 56, 112, 8, c)
    s += poly([(10, 56), (0, 72), (20, 72), (22, 60)], c)
    for x, r in ((36, 10), (62, 10), (102, 12)):
        s += circle(x, 70, r, c, ' stroke="%s" stroke-width="3"' % window)
    return s


def w_crosswind():
    s = line(150, 116, 150, 208, BLACK, 6, "butt")
    pts_top = [(150, 120), (94, 130)]
    pts_bot = [(150, 146), (94, 138)]
    # sock cut in three bands, alternately black and white, with a black outline
    for k, colour in enumerate((BLACK, WHITE, BLACK)):
        t0, t1 = k / 3, (k + 1) / 3

        def lerp(a, b, t):
            return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        s += poly([lerp(*pts_top, t0), lerp(*pts_top, t1), lerp(*pts_bot, t1), lerp(*pts_bot, t0)], colour)
    s += poly([(150, 120), (94, 130), (94, 138), (150, 146)], "none",
              ' stroke="%s" stroke-width="3" stroke-linejoin="round"' % BLACK)
    return s


def w_other():
    return poly([(119, 102), (137, 102), (133, 172), (123, 172)], BLACK) + circle(128, 192, 10, BLACK)


# ----------------------------------------------------------------------------------------------
# Priority signs

def give_way():
    body = poly(tri_points(128, 93, 64, up=False), RED,
                ' stroke="%s" stroke-width="12" stroke-linejoin="round"' % RED)
    body += poly(tri_points(128, 93, 44, up=False), WHITE,
                 ' stroke="%s" stroke-width="8" stroke-linejoin="round"' % WHITE)
    return svg_doc(body)


def octagon(apothem):
    r = apothem / math.cos(math.radians(22.5))
    return [(128 + r * math.cos(math.radians(22.5 + 45 * k)), 128 + r * math.sin(math.radians(22.5 + 45 * k)))
            for k in range(8)]


def stop_sign():
    body = poly(octagon(122), RED) + poly(octagon(116), WHITE) + poly(octagon(110), RED)
    body += text(128, 151, "STOP", 64, WHITE)
    return svg_doc(body)


DIAMOND_OUT = [(128, 6), (250, 128), (128, 250), (6, 128)]


def priority_road(end=False):
    body = poly(DIAMOND_OUT, WHITE, ' stroke="%s" stroke-width="2.5" stroke-linejoin="round"' % BLACK)
    body += poly([(128, 38), (218, 128), (128, 218), (38, 128)], YELLOW)
    defs = ""
    if end:
        defs = '<clipPath id="dia"><polygon points="%s"/></clipPath>' % pts(DIAMOND_OUT)
        band = "".join(line(-20 + s, 276 + s, 276 + s, -20 + s, BLACK, 5, "butt")
                       for s in (-26, -13, 0, 13, 26))
        body += group(band, extra=' clip-path="url(#dia)"')
    return svg_doc(body, defs)


def priority_to_oncoming():
    # you (red arrow, up, on the right) must give way to oncoming traffic (black arrow, down, left)
    s = line(98, 58, 98, 160, BLACK, 16, "butt") + head((98, 200), (0, 1), 44, 46, BLACK)
    s += line(158, 198, 158, 96, RED, 16, "butt") + head((158, 56), (0, -1), 44, 46, RED)
    return disc(s)


def priority_over_oncoming():
    s = line(98, 56, 98, 164, RED, 16, "butt") + head((98, 204), (0, 1), 44, 46, RED)
    s += line(158, 200, 158, 92, WHITE, 16, "butt") + head((158, 52), (0, -1), 44, 46, WHITE)
    return blue_square(s)


def junction_minor():
    return rect(118, 100, 20, 108, BLACK) + rect(80, 150, 96, 10, BLACK)


# ----------------------------------------------------------------------------------------------
# Prohibitory signs

def c_no_entry():
    return svg_doc(circle(128, 128, 122, RED) + rect(46, 108, 164, 40, WHITE, 2))


def c_closed():
    return disc("")


def c_motor():
    return disc(group(car_side(BLACK), "translate(60 98) scale(1.05)"))


def c_motorcycles():
    return disc(group(motorcycle(BLACK), "translate(63 86)"))


def c_bicycles():
    return disc(group(bicycle(BLACK), "translate(50 84) scale(1.2)"))


def c_pedestrians():
    return disc(group(walker(BLACK), "translate(66 64) scale(1.28)"))


def c_goods():
    return disc(group(lorry_side(BLACK), "translate(63 94)"))


def turn_arrow_black():
    s = path("M 150 206 L 150 130 Q 150 106 126 106 L 100 106", stroke=BLACK, width=20, cap="butt")
    s += head((58, 106), (-1, 0), 44, 50, BLACK)
    return s


def c_no_left():
    return disc(turn_arrow_black() + slash(), defs=DISC_CLIP)


def c_no_right():
    return disc(mirror(turn_arrow_black()) + slash(), defs=DISC_CLIP)


def c_no_u_turn():
    s = path("M 156 206 L 156 112 A 30 30 0 0 0 96 112 L 96 136", stroke=BLACK, width=20, cap="butt")
    s += head((96, 182), (0, 1), 48, 52, BLACK)
    return disc(s + slash(), defs=DISC_CLIP)


def overtaking_pair(left_colour, right_colour, left_is_lorry=False, light=False):
    if left_is_lorry:
        left = group(lorry_rear(left_colour), "translate(48 92) scale(1.2)")
    else:
        left = group(car_rear(left_colour), "translate(50 100) scale(1.27)")
    right = group(car_rear(right_colour), "translate(130 100) scale(1.27)")
    return left + right


def c_no_overtaking():
    return disc(overtaking_pair(RED, BLACK))


def c_no_overtaking_goods():
    return disc(overtaking_pair(RED, BLACK, left_is_lorry=True))


def c_speed(n):
    return disc(text(128, 166, str(n), 104, BLACK))


def c_end_speed():
    return end_disc(text(128, 166, "50", 104, GREY))


def c_end_all():
    return end_disc("", lines=True)


def c_end_overtaking():
    return end_disc(overtaking_pair(GREY, GREY))


def c_horn():
    s = path("M 52 116 L 52 140 L 68 134 L 118 134 L 188 170 L 188 86 L 118 122 L 68 122 Z", fill=BLACK)
    s += rect(44, 112, 10, 32, BLACK, 3)
    return disc(s + slash(), defs=DISC_CLIP)


def c_no_parking():
    return disc(slash(), ground=BLUE, defs=DISC_CLIP)


def c_no_stopping():
    cross = line(20, 20, 236, 236, RED, 22, "butt") + line(236, 20, 20, 236, RED, 22, "butt")
    return disc(group(cross, extra=' clip-path="url(#disc)"'), ground=BLUE, defs=DISC_CLIP)


def c_weight():
    return disc(text(128, 150, "5.5 t", 60, BLACK))


def c_height():
    s = text(128, 146, "3.5 m", 52, BLACK)
    s += poly([(104, 54), (152, 54), (128, 86)], BLACK)
    s += poly([(104, 202), (152, 202), (128, 170)], BLACK)
    return disc(s)


def c_width():
    s = text(128, 146, "2 m", 50, BLACK)
    s += poly([(36, 110), (36, 146), (64, 128)], BLACK)
    s += poly([(220, 110), (220, 146), (192, 128)], BLACK)
    return disc(s)


# ----------------------------------------------------------------------------------------------
# Mandatory signs (white on blue disc)

def turn_arrow_white():
    s = path("M 80 214 L 80 140 Q 80 112 108 112 L 148 112", stroke=WHITE, width=32, cap="butt")
    s += head((202, 112), (1, 0), 58, 92, WHITE)
    return s


def d_straight():
    return line(128, 216, 128, 100, WHITE, 32, "butt") + head((128, 36), (0, -1), 68, 100, WHITE)


def straight_or_right():
    s = line(100, 218, 100, 88, WHITE, 28, "butt") + head((100, 36), (0, -1), 56, 80, WHITE)
    s += path("M 100 186 Q 100 128 150 128 L 168 128", stroke=WHITE, width=28, cap="butt")
    s += head((216, 128), (1, 0), 52, 76, WHITE)
    return s


def keep_arrow():
    """Arrow pointing down, to be rotated to point down-right / down-left."""
    return line(128, 44, 128, 150, WHITE, 32, "butt") + head((128, 216), (0, 1), 70, 100, WHITE)


def d_pass_either():
    s = ""
    for sign in (-1, 1):
        dx, dy = sign * math.sin(math.radians(40)), math.cos(math.radians(40))
        x0, y0 = 128, 58
        tip = (x0 + dx * 150, y0 + dy * 150)
        base = (x0 + dx * 100, y0 + dy * 100)
        s += line(x0, y0, base[0], base[1], WHITE, 24, "round")
        s += head(tip, (dx, dy), 52, 72, WHITE)
    return s


def d_min_speed(end=False):
    s = text(128, 166, "30", 104, WHITE)
    if end:
        s += end_bar_red()
    return blue_disc(s)


# ----------------------------------------------------------------------------------------------
# Special regulation and information signs

def e_one_way():
    return blue_square(line(128, 226, 128, 104, WHITE, 40, "butt") + head((128, 30), (0, -1), 80, 112, WHITE))


def e_dead_end():
    return blue_square(rect(106, 100, 44, 126, WHITE) + rect(58, 56, 140, 44, RED))


def e_pedestrian_crossing():
    tri = [(128, 34), (224, 202), (32, 202)]
    s = poly(tri, WHITE, ' stroke="%s" stroke-width="10" stroke-linejoin="round"' % WHITE)
    s += group(walker(BLACK), "translate(80 92) scale(0.88)")
    for i in range(5):
        s += rect(66 + i * 26, 182, 16, 10, BLACK)
    return blue_square(s)


def motorway_symbol():
    s = rect(30, 64, 196, 24, WHITE)
    s += rect(30, 56, 196, 5, WHITE)
    s += poly([(36, 228), (118, 228), (123, 96), (106, 96)], WHITE)
    s += poly([(138, 228), (220, 228), (150, 96), (133, 96)], WHITE)
    return s


def e_motorway(end=False):
    s = motorway_symbol()
    if end:
        s += end_bar_red()
    return blue_square(s)


def i_letter(ch, size=176, y=192):
    return blue_square(text(128, y, ch, size, WHITE))


def i_first_aid():
    return info_panel(rect(104, 60, 48, 136, RED) + rect(60, 104, 136, 48, RED))


def i_fuel():
    s = rect(80, 66, 66, 130, BLACK, 8)
    s += rect(92, 80, 42, 32, WHITE, 3)
    s += rect(70, 190, 86, 12, BLACK, 2)
    s += path("M 146 92 L 164 92 Q 176 92 176 106 L 176 168 Q 176 178 166 174",
              stroke=BLACK, width=7, cap="butt")
    s += poly([(168, 78), (184, 78), (184, 98), (176, 104), (168, 98)], BLACK)
    return info_panel(s)


def i_spanner():
    s = rect(80, 117, 96, 22, BLACK, 4)
    s += circle(70, 128, 28, BLACK) + circle(186, 128, 28, BLACK)
    s += rect(34, 118, 38, 20, WHITE) + rect(184, 118, 38, 20, WHITE)
    return info_panel(group(s, "rotate(-45 128 128)"))


def i_bus():
    s = rect(34, 78, 190, 100, WHITE, 16)
    for x in (48, 86, 124, 162):
        s += rect(x, 92, 30, 32, BLUE, 3)
    s += rect(200, 92, 14, 48, BLUE, 3)
    s += rect(34, 146, 190, 6, BLUE)
    s += circle(78, 178, 19, WHITE, ' stroke="%s" stroke-width="6"' % BLUE)
    s += circle(182, 178, 19, WHITE, ' stroke="%s" stroke-width="6"' % BLUE)
    return blue_square(s)


def i_taxi():
    return blue_square(text(128, 150, "TAXI", 62, WHITE))


# ----------------------------------------------------------------------------------------------
# Road markings (top-down view, traffic drives up the picture)

ROAD_CLIP = '<clipPath id="tile"><rect x="8" y="8" width="240" height="240" rx="16"/></clipPath>'


def tile(content):
    body = rect(8, 8, 240, 240, VERGE, 16) + group(content, extra=' clip-path="url(#tile)"')
    return svg_doc(body, ROAD_CLIP)


def vroad(x0=40, x1=216):
    return rect(x0, 0, x1 - x0, 256, ASPHALT)


def dashes_v(x, dash, gap, width=7, offset=0, y0=0, y1=256, colour=WHITE):
    s = ""
    y = y0 - offset
    while y < y1:
        a, b = max(y, y0), min(y + dash, y1)
        if b > a:
            s += rect(x - width / 2, a, width, b - a, colour)
        y += dash + gap
    return s


def dashes_h(y, dash, gap, width, x0, x1, colour=WHITE):
    s = ""
    x = x0
    while x < x1:
        b = min(x + dash, x1)
        s += rect(x, y - width / 2, b - x, width, colour)
        x += dash + gap
    return s


def rm_continuous():
    return tile(vroad() + rect(124.5, 0, 7, 256, WHITE) + top_car(172, 196))


def rm_broken():
    return tile(vroad() + dashes_v(128, 28, 44, offset=10) + top_car(172, 196))


def rm_warning_line():
    return tile(vroad() + dashes_v(128, 46, 14, offset=20) + top_car(172, 196))


def rm_double():
    return tile(vroad() + rect(117, 0, 7, 256, WHITE) + rect(132, 0, 7, 256, WHITE) + top_car(174, 196))


def rm_mixed():
    # continuous line on the left (oncoming side), broken line on your side (right)
    s = vroad() + rect(117, 0, 7, 256, WHITE) + dashes_v(135.5, 28, 30, offset=6)
    return tile(s + top_car(176, 196))


def junction_base():
    s = rect(0, 22, 256, 78, ASPHALT)                 # crossing road at the top
    s += dashes_h(61, 22, 16, 5, 0, 256)               # its centre line
    s += rect(48, 100, 160, 156, ASPHALT)             # your road
    return s


def rm_stop_line():
    s = junction_base()
    s += rect(125, 118, 6, 138, WHITE)                 # centre line of your road
    s += rect(131, 102, 77, 12, WHITE)                 # stop line across your half
    # librsvg misplaces text-anchor="middle" under a non-uniform scale: anchor at start instead
    s += group(text(-33, 0, "STOP", 22, WHITE, anchor="start"), "translate(169 176) scale(1 2.1)")
    s += top_car(169, 226, s=0.8)
    return tile(s)


def rm_give_way_line():
    s = junction_base()
    s += rect(125, 118, 6, 138, WHITE)
    s += dashes_h(106, 11, 7, 7, 133, 208)
    s += dashes_h(120, 11, 7, 7, 133, 208)
    s += poly([(152, 142), (186, 142), (169, 226)], WHITE)
    return tile(s)


def rm_zebra():
    s = vroad()
    for i in range(7):
        s += rect(46 + i * 25, 92, 14, 72, WHITE)
    s += top_car(172, 214, s=0.8)
    return tile(s)


def painted_arrow(kind):
    """Elongated painted lane arrow, local: centre x = 0, from y = 0 (tip) to y = 150."""
    c = WHITE
    if kind == "straight":
        return rect(-5, 40, 10, 110, c) + poly([(0, 0), (14, 44), (-14, 44)], c)
    if kind == "left":
        s = rect(-5, 54, 10, 96, c)
        s += path("M 0 60 Q 0 34 -22 22", stroke=c, width=10, cap="butt", join="round")
        s += poly([(-40, 8), (-14, 10), (-26, 36)], c)
        return s
    if kind == "straight_right":
        s = rect(-5, 40, 10, 110, c) + poly([(0, 0), (14, 44), (-14, 44)], c)
        s += path("M 0 104 Q 0 80 22 68", stroke=c, width=10, cap="butt", join="round")
        s += poly([(40, 54), (14, 56), (26, 82)], c)
        return s
    raise ValueError(kind)


def rm_lane_arrows():
    s = vroad(20, 236)
    s += rect(26, 0, 6, 256, WHITE) + rect(224, 0, 6, 256, WHITE)
    s += dashes_v(97, 26, 20, width=6, offset=4) + dashes_v(159, 26, 20, width=6, offset=4)
    s += group(painted_arrow("left"), "translate(66 56)")
    s += group(painted_arrow("straight"), "translate(128 56)")
    s += group(painted_arrow("straight_right"), "translate(190 56)")
    return tile(s)


def rm_hatched():
    s = vroad()
    island = [(128, 16), (154, 128), (128, 240), (102, 128)]
    s += '<clipPath id="isl"><polygon points="%s"/></clipPath>' % pts(island)
    stripes = "".join(line(60, y, 196, y - 80, WHITE, 6, "butt") for y in range(20, 340, 20))
    s += group(stripes, extra=' clip-path="url(#isl)"')
    s += poly(island, "none", ' stroke="%s" stroke-width="6" stroke-linejoin="miter"' % WHITE)
    s += rect(124.5, 0, 7, 18, WHITE) + rect(124.5, 238, 7, 18, WHITE)
    s += top_car(186, 196, s=0.8)
    return tile(s)


def rm_edge():
    s = vroad(30, 226)
    s += rect(40, 0, 7, 256, WHITE) + rect(209, 0, 7, 256, WHITE)
    s += dashes_v(128, 28, 44, offset=10)
    s += top_car(170, 196)
    return tile(s)


# ----------------------------------------------------------------------------------------------
# Light signals

def lamp(cx, cy, r, colour, lit):
    if lit:
        return circle(cx, cy, r, colour)
    off = {LAMP_RED: OFF_RED, LAMP_AMBER: OFF_AMBER, LAMP_GREEN: OFF_GREEN}[colour]
    return circle(cx, cy, r, off)


def three_lights(lit, cx=128, rays=False):
    s = rect(cx - 44, 10, 88, 236, HOUSING, 16)
    for (cy, colour) in ((50, LAMP_RED), (128, LAMP_AMBER), (206, LAMP_GREEN)):
        s += lamp(cx, cy, 32, colour, colour == lit)
    if rays:
        for a in (150, 180, 210, -30, 0, 30):
            ca, sa = math.cos(math.radians(a)), math.sin(math.radians(a))
            s += line(cx + 52 * ca, 128 + 52 * sa, cx + 70 * ca, 128 + 70 * sa, LAMP_AMBER, 7)
    return s


def ls_three(lit, rays=False):
    return svg_doc(three_lights(lit, rays=rays))


def ls_green_arrow():
    s = three_lights(LAMP_RED, cx=96)
    s += rect(136, 190, 18, 32, HOUSING)
    s += rect(150, 164, 84, 84, HOUSING, 14)
    s += circle(192, 206, 32, "#101010")
    s += line(170, 206, 196, 206, LAMP_GREEN, 10, "butt") + head((216, 206), (1, 0), 22, 30, LAMP_GREEN)
    return svg_doc(s)


def ls_pedestrian(green):
    s = rect(62, 8, 132, 240, HOUSING, 16)
    s += rect(74, 20, 108, 104, "#0E0E0E", 10) + rect(74, 132, 108, 104, "#0E0E0E", 10)
    top_c = "#3A3A3A" if green else LAMP_RED
    bot_c = LAMP_GREEN if green else "#3A3A3A"
    s += group(stander(top_c), "translate(89 30) scale(0.84)")
    s += group(walker(bot_c), "translate(86 142) scale(0.84)")
    return svg_doc(s)


def ls_lane(open_):
    s = rect(24, 24, 208, 208, HOUSING, 18)
    if open_:
        s += line(128, 58, 128, 150, LAMP_GREEN, 28, "butt") + head((128, 206), (0, 1), 62, 104, LAMP_GREEN)
    else:
        s += line(72, 72, 184, 184, LAMP_RED, 26) + line(184, 72, 72, 184, LAMP_RED, 26)
    return svg_doc(s)


# ----------------------------------------------------------------------------------------------
# Officer gestures

def sleeve(d):
    """White sleeve with a dark outline, along path d."""
    return path(d, stroke=UNIFORM, width=22) + path(d, stroke=WHITE, width=15)


def glove(x, y, r=9):
    return circle(x, y, r, WHITE, ' stroke="%s" stroke-width="2.5"' % "#55606B")


def officer_front(arm_left, arm_right, extra=""):
    """Officer seen from the front. arm_* are SVG paths starting at the shoulders."""
    s = rect(8, 8, 240, 240, "#E4ECF3", 16)
    s += rect(8, 218, 240, 30, "#C5CED6", 0)
    s += rect(106, 150, 20, 80, UNIFORM, 4) + rect(130, 150, 20, 80, UNIFORM, 4)
    s += '<ellipse cx="112" cy="232" rx="15" ry="7" fill="%s"/>' % BLACK
    s += '<ellipse cx="144" cy="232" rx="15" ry="7" fill="%s"/>' % BLACK
    s += path("M 98 96 Q 98 84 112 82 L 144 82 Q 158 84 158 96 L 154 160 L 102 160 Z", fill=UNIFORM)
    s += rect(102, 146, 52, 8, WHITE)
    s += poly([(110, 84), (118, 84), (150, 146), (142, 146)], WHITE)
    s += circle(128, 64, 17, SKIN)
    s += rect(110, 40, 36, 12, UNIFORM, 3)
    s += '<ellipse cx="128" cy="40" rx="24" ry="8" fill="%s"/>' % WHITE
    s += '<ellipse cx="128" cy="52" rx="20" ry="4" fill="%s"/>' % BLACK
    for (d, g) in (arm_left, arm_right):
        s += sleeve(d) + glove(*g)
    return svg_doc(s + extra)


def og_arm_raised():
    return officer_front(("M 102 92 L 96 128 L 94 158", (94, 162)),
                         ("M 154 92 L 160 60 L 160 34", (160, 28)))


def og_red_light():
    swing = ""
    for rr in (96, 108):
        a0, a1 = math.radians(28), math.radians(82)
        x0, y0 = 154 + rr * math.cos(a0), 92 + rr * math.sin(a0)
        x1, y1 = 154 + rr * math.cos(a1), 92 + rr * math.sin(a1)
        swing += path("M %s %s A %s %s 0 0 1 %s %s" % (f(x0), f(y0), f(rr), f(rr), f(x1), f(y1)),
                      stroke=RED, width=4, extra=' stroke-dasharray="10 8"')
    lamp_g = rect(194, 148, 4, 10, BLACK)
    lamp_g += circle(196, 172, 20, "#FF8A80", ' opacity="0.55"')
    lamp_g += circle(196, 172, 13, LAMP_RED, ' stroke="%s" stroke-width="3"' % BLACK)
    return officer_front(("M 102 92 L 96 128 L 94 158", (94, 162)),
                         ("M 154 92 L 176 122 L 192 144", (194, 148)), swing + lamp_g)


def officer_top(arms_vertical):
    """Junction seen from above, officer in the middle, your car arriving from the bottom."""
    s = rect(8, 8, 240, 240, VERGE, 16)
    s += rect(84, 8, 88, 240, ASPHALT) + rect(8, 84, 240, 88, ASPHALT)
    s += dashes_v(128, 14, 12, width=4, y0=8, y1=80) + dashes_v(128, 14, 12, width=4, y0=178, y1=248)
    s += dashes_h(128, 14, 12, 4, 8, 80) + dashes_h(128, 14, 12, 4, 178, 248)
    if arms_vertical:      # seen side-on by you: arms along your direction, facing right
        arms = sleeve("M 128 106 L 128 50") + sleeve("M 128 150 L 128 206")
        arms += glove(128, 46, 9) + glove(128, 210, 9)
        body = '<ellipse cx="128" cy="128" rx="17" ry="31" fill="%s"/>' % UNIFORM
        visor = '<ellipse cx="144" cy="128" rx="6" ry="10" fill="%s"/>' % BLACK
    else:                  # facing you: arms across your direction
        arms = sleeve("M 106 128 L 50 128") + sleeve("M 150 128 L 206 128")
        arms += glove(46, 128, 9) + glove(210, 128, 9)
        body = '<ellipse cx="128" cy="128" rx="31" ry="17" fill="%s"/>' % UNIFORM
        visor = '<ellipse cx="128" cy="144" rx="10" ry="6" fill="%s"/>' % BLACK
    s += arms + body + visor
    s += circle(128, 128, 13, WHITE, ' stroke="%s" stroke-width="3.5"' % UNIFORM)
    s += top_car(155, 222, s=0.75)
    return svg_doc(s)


# ----------------------------------------------------------------------------------------------
# The catalogue: id, category, (name en, name fr), (meaning en, meaning fr), drawing

def W(pic, clip=False):
    return lambda: warning(pic(), clip)


SIGNS = [
    # ---- warning -----------------------------------------------------------------------------
    ("w-bend-left", "warning",
     ("Dangerous bend to the left", "Virage dangereux à gauche"),
     ("Warns of a dangerous bend to the left ahead. Slow down before the bend and keep to your side of the road.",
      "Annonce un virage dangereux à gauche. Ralentissez avant le virage et restez de votre côté de la chaussée."),
     W(w_bend)),
    ("w-bend-right", "warning",
     ("Dangerous bend to the right", "Virage dangereux à droite"),
     ("Warns of a dangerous bend to the right ahead. Slow down before the bend and keep to your side of the road.",
      "Annonce un virage dangereux à droite. Ralentissez avant le virage et restez de votre côté de la chaussée."),
     lambda: warning(mirror(w_bend()))),
    ("w-double-bend-left", "warning",
     ("Double bend, first to the left", "Succession de virages, le premier à gauche"),
     ("Warns of two or more dangerous bends, the first one to the left. Slow down and do not overtake where you cannot see far enough ahead.",
      "Annonce deux virages dangereux ou plus, le premier à gauche. Ralentissez et ne dépassez pas sans visibilité suffisante."),
     W(w_double_bend)),
    ("w-double-bend-right", "warning",
     ("Double bend, first to the right", "Succession de virages, le premier à droite"),
     ("Warns of two or more dangerous bends, the first one to the right. Slow down and do not overtake where you cannot see far enough ahead.",
      "Annonce deux virages dangereux ou plus, le premier à droite. Ralentissez et ne dépassez pas sans visibilité suffisante."),
     lambda: warning(mirror(w_double_bend()))),
    ("w-steep-descent", "warning",
     ("Steep descent", "Descente dangereuse"),
     ("Warns of a steep downhill slope; the figure gives the gradient. Slow down and use a lower gear so that you do not rely on your brakes alone.",
      "Annonce une forte descente ; le chiffre indique la pente. Ralentissez et engagez un rapport inférieur pour ne pas compter uniquement sur les freins."),
     W(w_descent, clip=True)),
    ("w-steep-ascent", "warning",
     ("Steep ascent", "Montée à forte déclivité"),
     ("Warns of a steep uphill slope; the figure gives the gradient. Choose a suitable gear in good time and take care near the top, where you may not see far.",
      "Annonce une forte montée ; le chiffre indique la pente. Choisissez à temps un rapport adapté et soyez prudent près du sommet, où la visibilité peut être réduite."),
     W(w_ascent, clip=True)),
    ("w-road-narrows-both", "warning",
     ("Road narrows on both sides", "Chaussée rétrécie des deux côtés"),
     ("Warns that the carriageway becomes narrower on both sides. Slow down and be ready to let oncoming vehicles pass.",
      "Annonce que la chaussée se rétrécit des deux côtés. Ralentissez et soyez prêt à laisser passer les véhicules venant en sens inverse."),
     W(w_narrows_both)),
    ("w-road-narrows-right", "warning",
     ("Road narrows on the right", "Chaussée rétrécie par la droite"),
     ("Warns that the carriageway becomes narrower on the right-hand side. Slow down and move over carefully, watching the other traffic.",
      "Annonce que la chaussée se rétrécit du côté droit. Ralentissez et décalez-vous prudemment en surveillant les autres usagers."),
     W(w_narrows_right)),
    ("w-road-narrows-left", "warning",
     ("Road narrows on the left", "Chaussée rétrécie par la gauche"),
     ("Warns that the carriageway becomes narrower on the left-hand side. Slow down and watch for oncoming vehicles that have to move over.",
      "Annonce que la chaussée se rétrécit du côté gauche. Ralentissez et méfiez-vous des véhicules venant en sens inverse qui doivent se décaler."),
     lambda: warning(mirror(w_narrows_right()))),
    ("w-uneven-road", "warning",
     ("Uneven road", "Chaussée déformée"),
     ("Warns of bumps, humps or dips in the road surface. Slow down to keep control of the vehicle.",
      "Annonce une chaussée comportant des bosses, des dos-d’âne ou des creux. Ralentissez pour garder le contrôle du véhicule."),
     W(w_uneven)),
    ("w-slippery-road", "warning",
     ("Slippery road", "Chaussée glissante"),
     ("Warns that the road surface may be slippery. Slow down, avoid sudden braking or steering and keep a longer distance from the vehicle in front.",
      "Annonce une chaussée qui peut être glissante. Ralentissez, évitez les freinages et les coups de volant brusques et augmentez la distance avec le véhicule qui précède."),
     W(w_slippery)),
    ("w-loose-gravel", "warning",
     ("Loose gravel", "Projections de gravillons"),
     ("Warns of loose chippings that vehicles can throw up. Slow down and keep well back from the vehicle in front.",
      "Annonce des gravillons que les véhicules peuvent projeter. Ralentissez et restez à bonne distance du véhicule qui précède."),
     W(w_gravel)),
    ("w-falling-rocks", "warning",
     ("Falling rocks", "Chutes de pierres"),
     ("Warns that rocks may fall or may be lying on the road. Drive with care and watch the road surface.",
      "Annonce un risque de chutes de pierres ou de pierres sur la chaussée. Circulez prudemment et surveillez la chaussée."),
     W(w_falling_rocks, clip=True)),
    ("w-pedestrian-crossing-ahead", "warning",
     ("Pedestrian crossing ahead", "Passage pour piétons"),
     ("Warns of a pedestrian crossing ahead. Slow down and be ready to stop for pedestrians who are crossing or about to cross.",
      "Annonce un passage pour piétons. Ralentissez et soyez prêt à vous arrêter pour les piétons qui traversent ou s’apprêtent à traverser."),
     W(w_pedestrians)),
    ("w-children", "warning",
     ("Children", "Endroit fréquenté par des enfants"),
     ("Warns of a place where children are often about, for example near a school or a playground. Slow down and watch out for children who may run into the road.",
      "Annonce un endroit fréquenté par des enfants, par exemple près d’une école ou d’une aire de jeux. Ralentissez et méfiez-vous des enfants qui pourraient surgir sur la chaussée."),
     W(w_children)),
    ("w-cyclists", "warning",
     ("Cyclists entering or crossing", "Débouché de cyclistes"),
     ("Warns that cyclists may come out onto the road or cross it ahead. Slow down and give them enough room.",
      "Annonce que des cyclistes peuvent déboucher sur la route ou la traverser. Ralentissez et laissez-leur suffisamment de place."),
     W(w_cyclists)),
    ("w-domestic-animals", "warning",
     ("Domestic animals", "Passage d’animaux domestiques"),
     ("Warns that farm animals may be on the road or crossing it. Slow down and be ready to stop.",
      "Annonce que des animaux domestiques peuvent se trouver sur la route ou la traverser. Ralentissez et soyez prêt à vous arrêter."),
     lambda: warning(group(cow(BLACK), "translate(72 142) scale(0.86)"))),
    ("w-wild-animals", "warning",
     ("Wild animals", "Passage d’animaux sauvages"),
     ("Warns that wild animals may cross the road. Slow down and be ready to stop.",
      "Annonce que des animaux sauvages peuvent traverser la route. Ralentissez et soyez prêt à vous arrêter."),
     lambda: warning(group(deer(BLACK), "translate(70 108) scale(0.9)"))),
    ("w-road-works", "warning",
     ("Road works", "Travaux"),
     ("Warns of road works ahead. Slow down, obey the temporary signs and watch out for workers and machines.",
      "Annonce des travaux sur la route. Ralentissez, respectez la signalisation temporaire et faites attention aux ouvriers et aux engins."),
     lambda: warning(group(worker(BLACK), "translate(68 110) scale(0.92)"))),
    ("w-traffic-signals", "warning",
     ("Traffic signals", "Signaux lumineux"),
     ("Warns of traffic lights ahead that you might not expect. Slow down and be ready to stop.",
      "Annonce des feux de circulation que vous pourriez ne pas attendre. Ralentissez et soyez prêt à vous arrêter."),
     W(w_signals)),
    ("w-crossroads", "warning",
     ("Intersection where the general priority rule applies", "Intersection où s’applique la règle générale de priorité"),
     ("Warns of an intersection where no sign gives priority, so the general rule applies: in right-hand traffic, give way to vehicles coming from your right.",
      "Annonce une intersection où aucun panneau ne donne la priorité : la règle générale s’applique et, en circulation à droite, vous cédez le passage aux véhicules venant de votre droite."),
     W(w_crossroads)),
    ("w-roundabout", "warning",
     ("Roundabout", "Carrefour giratoire"),
     ("Warns of a roundabout ahead, where traffic goes round anticlockwise. Slow down and obey the signs at its entrance.",
      "Annonce un carrefour giratoire, où l’on circule dans le sens inverse des aiguilles d’une montre. Ralentissez et respectez la signalisation à l’entrée."),
     W(w_roundabout)),
    ("w-two-way-traffic", "warning",
     ("Two-way traffic", "Circulation dans les deux sens"),
     ("Warns that the road now carries traffic in both directions, for example after a one-way section. Keep to the right and expect oncoming vehicles.",
      "Annonce que la route est désormais à double sens, par exemple après une section à sens unique. Serrez à droite et attendez-vous à croiser des véhicules."),
     W(w_two_way)),
    ("w-level-crossing-gates", "warning",
     ("Level crossing with barriers", "Passage à niveau avec barrières"),
     ("Warns of a railway level crossing with barriers or half-barriers. Slow down, be ready to stop and never drive onto the crossing while the barriers are down or moving.",
      "Annonce un passage à niveau muni de barrières ou de demi-barrières. Ralentissez, soyez prêt à vous arrêter et ne vous engagez jamais quand les barrières sont baissées ou en mouvement."),
     W(w_gates)),
    ("w-level-crossing-no-gates", "warning",
     ("Level crossing without barriers", "Passage à niveau sans barrières"),
     ("Warns of a railway level crossing without barriers. Slow down, look both ways and make sure no train is coming before you cross.",
      "Annonce un passage à niveau sans barrières. Ralentissez, regardez des deux côtés et assurez-vous qu’aucun train n’arrive avant de traverser."),
     lambda: warning(group(locomotive(BLACK), "translate(76 146) scale(0.8)"))),
    ("w-crosswind", "warning",
     ("Crosswind", "Vent latéral"),
     ("Warns of strong side winds that can push your vehicle sideways. Slow down and hold the steering wheel firmly.",
      "Annonce un vent latéral fort qui peut déporter votre véhicule. Ralentissez et tenez fermement le volant."),
     W(w_crosswind)),
    ("w-other-danger", "warning",
     ("Other danger", "Autres dangers"),
     ("Warns of a danger that no other warning sign describes; a panel under the sign may say what it is. Slow down and take extra care.",
      "Annonce un danger qu’aucun autre panneau ne désigne ; un panonceau placé dessous peut en préciser la nature. Ralentissez et redoublez de prudence."),
     W(w_other)),

    # ---- priority ----------------------------------------------------------------------------
    ("p-give-way", "priority",
     ("Give way", "Cédez le passage"),
     ("You must give way to vehicles on the road you are entering. Slow down and stop if necessary.",
      "Vous devez céder le passage aux véhicules circulant sur la route que vous abordez. Ralentissez et arrêtez-vous si nécessaire."),
     give_way),
    ("p-stop", "priority",
     ("Stop", "Stop (arrêt obligatoire)"),
     ("You must come to a complete stop, at the stop line if there is one, and then give way to the vehicles on the road you are entering.",
      "Vous devez marquer un arrêt complet, à la ligne d’arrêt s’il y en a une, puis céder le passage aux véhicules circulant sur la route que vous abordez."),
     stop_sign),
    ("p-priority-road", "priority",
     ("Priority road", "Route à caractère prioritaire"),
     ("You are on a priority road: at the intersections ahead, drivers coming from the side roads must give way to you.",
      "Vous circulez sur une route prioritaire : aux intersections suivantes, les conducteurs venant des routes latérales doivent vous céder le passage."),
     priority_road),
    ("p-end-priority-road", "priority",
     ("End of priority road", "Fin de route à caractère prioritaire"),
     ("Your priority ends here. At the next intersections, obey the signs or, where there are none, the general priority rule.",
      "Votre priorité prend fin ici. Aux intersections suivantes, respectez la signalisation ou, à défaut, la règle générale de priorité."),
     lambda: priority_road(end=True)),
    ("p-priority-to-oncoming", "priority",
     ("Priority for oncoming traffic", "Cédez le passage à la circulation venant en sens inverse"),
     ("The road ahead is too narrow for vehicles to pass each other: you must give way to oncoming vehicles and wait until they have passed.",
      "Le passage qui suit est trop étroit pour se croiser : vous devez céder le passage aux véhicules venant en sens inverse et attendre qu’ils soient passés."),
     priority_to_oncoming),
    ("p-priority-over-oncoming", "priority",
     ("Priority over oncoming traffic", "Priorité par rapport à la circulation venant en sens inverse"),
     ("In the narrow section ahead you have priority: oncoming drivers must wait for you. Still drive through it with care.",
      "Dans le passage étroit qui suit, vous avez la priorité : les conducteurs venant en sens inverse doivent vous attendre. Passez tout de même avec prudence."),
     priority_over_oncoming),
    ("p-junction-minor-road", "priority",
     ("Intersection with a minor road", "Intersection avec une route non prioritaire"),
     ("Warns of an intersection where drivers on the side roads must give way to you. This priority applies at this intersection only.",
      "Annonce une intersection où les conducteurs des routes latérales doivent vous céder le passage. Cette priorité ne vaut que pour cette intersection."),
     W(junction_minor)),

    # ---- prohibitory -------------------------------------------------------------------------
    ("c-no-entry", "prohibitory",
     ("No entry", "Sens interdit"),
     ("No vehicle may enter the road from this side. You will often find it at the exit end of a one-way road.",
      "Aucun véhicule ne peut s’engager sur la route de ce côté. On le trouve souvent à la sortie d’une route à sens unique."),
     c_no_entry),
    ("c-closed-to-all-vehicles", "prohibitory",
     ("Closed to all vehicles", "Circulation interdite à tout véhicule"),
     ("No vehicle may use this road, in either direction.",
      "Aucun véhicule ne peut circuler sur cette route, dans un sens comme dans l’autre."),
     c_closed),
    ("c-no-motor-vehicles", "prohibitory",
     ("No motor vehicles", "Accès interdit aux véhicules à moteur"),
     ("Cars and other motor vehicles may not enter this road.",
      "Les voitures et les autres véhicules à moteur ne peuvent pas emprunter cette route."),
     c_motor),
    ("c-no-motorcycles", "prohibitory",
     ("No motorcycles", "Accès interdit aux motocyclettes"),
     ("Motorcycles may not enter this road.",
      "Les motocyclettes ne peuvent pas emprunter cette route."),
     c_motorcycles),
    ("c-no-bicycles", "prohibitory",
     ("No cycles", "Accès interdit aux cycles"),
     ("Bicycles may not be ridden on this road.",
      "Les bicyclettes ne peuvent pas circuler sur cette route."),
     c_bicycles),
    ("c-no-pedestrians", "prohibitory",
     ("No pedestrians", "Accès interdit aux piétons"),
     ("Pedestrians may not walk along or on this road.",
      "Les piétons ne peuvent pas emprunter cette route."),
     c_pedestrians),
    ("c-no-goods-vehicles", "prohibitory",
     ("No goods vehicles", "Accès interdit aux véhicules de transport de marchandises"),
     ("Goods vehicles may not enter. If a mass is shown on the sign or on a panel below it, the ban applies only to vehicles heavier than that mass.",
      "Les véhicules de transport de marchandises ne peuvent pas entrer. Si une masse figure sur le panneau ou sur un panonceau, l’interdiction ne vise que les véhicules plus lourds."),
     c_goods),
    ("c-no-left-turn", "prohibitory",
     ("No left turn", "Interdiction de tourner à gauche"),
     ("You must not turn left at the next intersection.",
      "Il est interdit de tourner à gauche à la prochaine intersection."),
     c_no_left),
    ("c-no-right-turn", "prohibitory",
     ("No right turn", "Interdiction de tourner à droite"),
     ("You must not turn right at the next intersection.",
      "Il est interdit de tourner à droite à la prochaine intersection."),
     c_no_right),
    ("c-no-u-turn", "prohibitory",
     ("No U-turn", "Demi-tour interdit"),
     ("You must not make a U-turn, that is, turn round to go back the way you came.",
      "Il est interdit de faire demi-tour pour repartir dans l’autre sens."),
     c_no_u_turn),
    ("c-no-overtaking", "prohibitory",
     ("No overtaking", "Interdiction de dépasser"),
     ("You must not overtake motor vehicles, other than two-wheeled motorcycles and mopeds, until the ban ends.",
      "Il est interdit de dépasser les véhicules à moteur autres que les motocyclettes et cyclomoteurs à deux roues, jusqu’à la fin de l’interdiction."),
     c_no_overtaking),
    ("c-no-overtaking-goods-vehicles", "prohibitory",
     ("No overtaking by goods vehicles", "Interdiction de dépasser pour les véhicules de transport de marchandises"),
     ("Drivers of goods vehicles must not overtake other motor vehicles, two-wheelers excepted, until the ban ends. Other drivers may still overtake.",
      "Les conducteurs de véhicules de transport de marchandises ne doivent pas dépasser les autres véhicules à moteur, deux-roues exceptés, jusqu’à la fin de l’interdiction. Les autres conducteurs peuvent dépasser."),
     c_no_overtaking_goods),
    ("c-speed-limit-30", "prohibitory",
     ("Speed limit 30 km/h", "Vitesse limitée à 30 km/h"),
     ("You must not drive faster than 30 km/h from this sign until the limit ends.",
      "Vous ne devez pas dépasser 30 km/h à partir de ce panneau et jusqu’à la fin de la limitation."),
     lambda: c_speed(30)),
    ("c-speed-limit-50", "prohibitory",
     ("Speed limit 50 km/h", "Vitesse limitée à 50 km/h"),
     ("You must not drive faster than 50 km/h from this sign until the limit ends.",
      "Vous ne devez pas dépasser 50 km/h à partir de ce panneau et jusqu’à la fin de la limitation."),
     lambda: c_speed(50)),
    ("c-speed-limit-80", "prohibitory",
     ("Speed limit 80 km/h", "Vitesse limitée à 80 km/h"),
     ("You must not drive faster than 80 km/h from this sign until the limit ends.",
      "Vous ne devez pas dépasser 80 km/h à partir de ce panneau et jusqu’à la fin de la limitation."),
     lambda: c_speed(80)),
    ("c-end-speed-limit-50", "prohibitory",
     ("End of 50 km/h speed limit", "Fin de limitation de vitesse à 50 km/h"),
     ("The 50 km/h limit ends here; the speed limit that normally applies to this road applies again.",
      "La limitation à 50 km/h prend fin ; la vitesse maximale normalement applicable à cette route s’applique de nouveau."),
     c_end_speed),
    ("c-end-of-restrictions", "prohibitory",
     ("End of all local prohibitions", "Fin de toutes les interdictions"),
     ("All the local prohibitions signed earlier for moving vehicles, such as a speed limit or a ban on overtaking, end here.",
      "Toutes les interdictions signalées auparavant pour les véhicules en mouvement, comme une limitation de vitesse ou une interdiction de dépasser, prennent fin ici."),
     c_end_all),
    ("c-end-no-overtaking", "prohibitory",
     ("End of no overtaking", "Fin d’interdiction de dépasser"),
     ("The ban on overtaking ends here. You may overtake again where it is safe and allowed.",
      "L’interdiction de dépasser prend fin ici. Vous pouvez de nouveau dépasser là où c’est sûr et autorisé."),
     c_end_overtaking),
    ("c-no-sound-signals", "prohibitory",
     ("Use of horn prohibited", "Signaux sonores interdits"),
     ("You must not sound your horn here.",
      "Il est interdit de faire usage de l’avertisseur sonore."),
     c_horn),
    ("c-no-parking", "prohibitory",
     ("No parking", "Stationnement interdit"),
     ("Parking is prohibited on the side of the road where the sign stands. A brief stop, for example to let a passenger get in or out, is allowed.",
      "Le stationnement est interdit du côté de la route où se trouve le panneau. Un arrêt bref, par exemple pour laisser monter ou descendre un passager, reste permis."),
     c_no_parking),
    ("c-no-stopping", "prohibitory",
     ("No stopping", "Arrêt et stationnement interdits"),
     ("You must not stop or park on the side of the road where the sign stands, not even briefly.",
      "Il est interdit de s’arrêter et de stationner du côté de la route où se trouve le panneau, même brièvement."),
     c_no_stopping),
    ("c-weight-limit-5-5t", "prohibitory",
     ("No vehicles over 5.5 tonnes", "Accès interdit aux véhicules de plus de 5,5 tonnes"),
     ("No vehicle whose laden mass is more than 5.5 tonnes may go past this sign.",
      "Accès interdit aux véhicules dont la masse en charge dépasse 5,5 tonnes."),
     c_weight),
    ("c-height-limit-3-5m", "prohibitory",
     ("No vehicles over 3.5 m high", "Accès interdit aux véhicules de plus de 3,5 m de hauteur"),
     ("No vehicle whose overall height, load included, is more than 3.5 metres may go past this sign.",
      "Accès interdit aux véhicules dont la hauteur totale, chargement compris, dépasse 3,5 mètres."),
     c_height),
    ("c-width-limit-2m", "prohibitory",
     ("No vehicles over 2 m wide", "Accès interdit aux véhicules de plus de 2 m de largeur"),
     ("No vehicle whose overall width, load included, is more than 2 metres may go past this sign.",
      "Accès interdit aux véhicules dont la largeur totale, chargement compris, dépasse 2 mètres."),
     c_width),

    # ---- mandatory ---------------------------------------------------------------------------
    ("d-turn-right", "mandatory",
     ("Turn right", "Obligation de tourner à droite"),
     ("You must turn right.", "Vous devez tourner à droite."),
     lambda: blue_disc(turn_arrow_white())),
    ("d-turn-left", "mandatory",
     ("Turn left", "Obligation de tourner à gauche"),
     ("You must turn left.", "Vous devez tourner à gauche."),
     lambda: blue_disc(mirror(turn_arrow_white()))),
    ("d-straight-ahead", "mandatory",
     ("Straight ahead only", "Obligation d’aller tout droit"),
     ("You must go straight on: turning left or right is not allowed.",
      "Vous devez continuer tout droit : il est interdit de tourner à gauche ou à droite."),
     lambda: blue_disc(d_straight())),
    ("d-straight-or-right", "mandatory",
     ("Straight ahead or right", "Obligation d’aller tout droit ou à droite"),
     ("You must either go straight on or turn right.",
      "Vous devez soit continuer tout droit, soit tourner à droite."),
     lambda: blue_disc(straight_or_right())),
    ("d-straight-or-left", "mandatory",
     ("Straight ahead or left", "Obligation d’aller tout droit ou à gauche"),
     ("You must either go straight on or turn left.",
      "Vous devez soit continuer tout droit, soit tourner à gauche."),
     lambda: blue_disc(mirror(straight_or_right()))),
    ("d-keep-right", "mandatory",
     ("Keep right", "Contournement obligatoire par la droite"),
     ("You must pass on the right of the island or obstacle.",
      "Vous devez passer à droite de l’îlot ou de l’obstacle."),
     lambda: blue_disc(group(keep_arrow(), "rotate(-45 128 128)"))),
    ("d-keep-left", "mandatory",
     ("Keep left", "Contournement obligatoire par la gauche"),
     ("You must pass on the left of the island or obstacle.",
      "Vous devez passer à gauche de l’îlot ou de l’obstacle."),
     lambda: blue_disc(group(keep_arrow(), "rotate(45 128 128)"))),
    ("d-pass-either-side", "mandatory",
     ("Pass either side", "Contournement par la droite ou par la gauche"),
     ("You may pass the island or obstacle on either side.",
      "Vous pouvez passer d’un côté ou de l’autre de l’îlot ou de l’obstacle."),
     lambda: blue_disc(d_pass_either())),
    ("d-roundabout", "mandatory",
     ("Roundabout", "Sens giratoire obligatoire"),
     ("You must go round in the direction of the arrows, that is anticlockwise.",
      "Vous devez tourner dans le sens des flèches, c’est-à-dire dans le sens inverse des aiguilles d’une montre."),
     lambda: blue_disc(roundabout_arrows(128, 128, 60, 20, WHITE, 30, 50))),
    ("d-cycle-track", "mandatory",
     ("Cycle track", "Piste cyclable obligatoire"),
     ("This track is for cyclists: they must use it, and drivers of other vehicles may not.",
      "Cette piste est réservée aux cyclistes : ils doivent l’emprunter et les conducteurs des autres véhicules ne peuvent pas l’utiliser."),
     lambda: blue_disc(group(bicycle(WHITE), "translate(50 84) scale(1.2)"))),
    ("d-footpath", "mandatory",
     ("Footpath", "Chemin obligatoire pour piétons"),
     ("This path is for pedestrians; vehicles may not use it.",
      "Ce chemin est réservé aux piétons ; les véhicules ne peuvent pas l’emprunter."),
     lambda: blue_disc(group(walker(WHITE), "translate(66 64) scale(1.28)"))),
    ("d-minimum-speed-30", "mandatory",
     ("Minimum speed 30 km/h", "Vitesse minimale obligatoire 30 km/h"),
     ("You must drive at 30 km/h or faster, unless traffic or road conditions make that unsafe.",
      "Vous devez rouler à 30 km/h au moins, sauf si la circulation ou l’état de la route ne le permettent pas en sécurité."),
     d_min_speed),
    ("d-end-minimum-speed-30", "mandatory",
     ("End of minimum speed 30 km/h", "Fin de vitesse minimale obligatoire 30 km/h"),
     ("The compulsory minimum speed of 30 km/h ends here.",
      "La vitesse minimale obligatoire de 30 km/h prend fin ici."),
     lambda: d_min_speed(end=True)),

    # ---- special regulation ------------------------------------------------------------------
    ("e-one-way", "special_regulation",
     ("One-way road", "Sens unique"),
     ("All traffic on this road moves in the direction of the arrow.",
      "Sur cette route, toute la circulation se fait dans le sens de la flèche."),
     e_one_way),
    ("e-dead-end", "special_regulation",
     ("No through road", "Impasse"),
     ("The road ahead is a dead end: vehicles cannot get out at the other end.",
      "La route qui commence ici est une impasse : les véhicules ne peuvent pas en sortir à l’autre bout."),
     e_dead_end),
    ("e-pedestrian-crossing", "special_regulation",
     ("Pedestrian crossing", "Passage pour piétons"),
     ("Marks a pedestrian crossing. Slow down and let pedestrians who are crossing or about to cross go first.",
      "Indique un passage pour piétons. Ralentissez et laissez passer les piétons qui traversent ou s’apprêtent à traverser."),
     e_pedestrian_crossing),
    ("e-motorway", "special_regulation",
     ("Motorway", "Autoroute"),
     ("Start of a motorway, where special rules apply: it is for motor vehicles only, you must not reverse or make a U-turn, and you may stop or park only at marked places, except in an emergency.",
      "Début d’une autoroute, où s’appliquent des règles particulières : elle est réservée aux véhicules à moteur, il est interdit d’y faire marche arrière ou demi-tour, et l’on ne peut s’y arrêter ou stationner qu’aux endroits prévus, sauf en cas d’urgence."),
     e_motorway),
    ("e-end-motorway", "special_regulation",
     ("End of motorway", "Fin d’autoroute"),
     ("The motorway ends here: its special rules no longer apply and the ordinary rules of the road apply again.",
      "L’autoroute se termine ici : ses règles particulières cessent de s’appliquer et les règles ordinaires s’appliquent de nouveau."),
     lambda: e_motorway(end=True)),

    # ---- information -------------------------------------------------------------------------
    ("i-parking", "information",
     ("Parking", "Parc de stationnement"),
     ("Shows a place where parking is allowed.",
      "Indique un endroit où le stationnement est autorisé."),
     lambda: i_letter("P")),
    ("i-hospital", "information",
     ("Hospital", "Hôpital"),
     ("Shows that there is a hospital nearby: drive with care and avoid making unnecessary noise.",
      "Indique la proximité d’un hôpital : circulez prudemment et évitez tout bruit inutile."),
     lambda: i_letter("H")),
    ("i-first-aid", "information",
     ("First-aid station", "Poste de secours"),
     ("Shows where there is a first-aid station.",
      "Indique l’emplacement d’un poste de premiers secours."),
     i_first_aid),
    ("i-fuel-station", "information",
     ("Filling station", "Poste de carburant"),
     ("Shows where there is a filling station.",
      "Indique l’emplacement d’un poste de distribution de carburant."),
     i_fuel),
    ("i-bus-stop", "information",
     ("Bus stop", "Arrêt d’autobus"),
     ("Marks a bus stop. Watch out for buses pulling in or out and for passengers getting on or off.",
      "Indique un arrêt d’autobus. Faites attention aux autobus qui s’arrêtent ou repartent et aux passagers qui montent ou descendent."),
     i_bus),
    ("i-breakdown-service", "information",
     ("Breakdown service", "Poste de dépannage"),
     ("Shows where there is a vehicle breakdown and repair service.",
      "Indique l’emplacement d’un service de dépannage et de réparation des véhicules."),
     i_spanner),
    ("i-taxi", "information",
     ("Taxi rank", "Station de taxis"),
     ("Marks a place reserved for taxis.",
      "Indique un emplacement réservé aux taxis."),
     i_taxi),

    # ---- road markings -----------------------------------------------------------------------
    ("rm-continuous-line", "road_marking",
     ("Continuous line", "Ligne continue"),
     ("You must not cross or straddle a continuous line.",
      "Vous ne devez ni franchir ni chevaucher une ligne continue."),
     rm_continuous),
    ("rm-broken-line", "road_marking",
     ("Broken line", "Ligne discontinue"),
     ("A broken line marks out the lanes. You may cross it, for example to overtake, when it is safe to do so.",
      "Une ligne discontinue délimite les voies. Vous pouvez la franchir, par exemple pour dépasser, lorsque c’est sans danger."),
     rm_broken),
    ("rm-warning-line", "road_marking",
     ("Warning line", "Ligne d’annonce"),
     ("Long dashes with short gaps warn of a continuous line or another danger ahead. You may cross it, but only start overtaking if you can finish before the continuous line begins.",
      "Des traits longs séparés par de courts intervalles annoncent une ligne continue ou un autre danger. Vous pouvez la franchir, mais ne commencez un dépassement que si vous pouvez le terminer avant le début de la ligne continue."),
     rm_warning_line),
    ("rm-double-continuous", "road_marking",
     ("Double continuous line", "Ligne continue double"),
     ("Same meaning as a single continuous line: you must not cross or straddle it.",
      "Même signification qu’une ligne continue simple : vous ne devez ni la franchir ni la chevaucher."),
     rm_double),
    ("rm-continuous-with-broken", "road_marking",
     ("Continuous line beside a broken line", "Ligne continue doublée d’une ligne discontinue"),
     ("Each driver obeys only the line nearer to them. Here the broken line is on your side, so you may cross when it is safe; drivers coming the other way may not.",
      "Chaque conducteur ne tient compte que de la ligne la plus proche de lui. Ici, la ligne discontinue est de votre côté : vous pouvez la franchir si c’est sans danger, pas les conducteurs venant en sens inverse."),
     rm_mixed),
    ("rm-stop-line", "road_marking",
     ("Stop line", "Ligne d’arrêt"),
     ("A wide continuous line across your lane shows where you must stop when a STOP sign, a light signal or an officer requires it. The word STOP painted before it tells you to stop there.",
      "Une large ligne continue en travers de votre voie indique où vous arrêter lorsqu’un panneau STOP, un feu ou un agent l’exige. Le mot STOP peint avant la ligne vous impose de vous y arrêter."),
     rm_stop_line),
    ("rm-give-way-line", "road_marking",
     ("Give-way line", "Ligne de cédez-le-passage"),
     ("A double broken line across your lane, with a painted triangle before it, shows where to stop if necessary to give way to traffic on the road you are entering.",
      "Une double ligne discontinue en travers de votre voie, précédée d’un triangle peint, indique où vous arrêter si nécessaire pour céder le passage aux véhicules de la route abordée."),
     rm_give_way_line),
    ("rm-zebra-crossing", "road_marking",
     ("Pedestrian crossing (zebra)", "Passage pour piétons (zébra)"),
     ("Broad stripes across the road mark a pedestrian crossing. Slow down, let pedestrians who are crossing or about to cross go first, and never stop on the crossing.",
      "De larges bandes en travers de la chaussée marquent un passage pour piétons. Ralentissez, laissez passer les piétons qui traversent ou s’apprêtent à traverser, et ne vous arrêtez jamais sur le passage."),
     rm_zebra),
    ("rm-lane-arrows", "road_marking",
     ("Lane arrows", "Flèches de sélection"),
     ("Arrows painted in the lanes before an intersection show the directions you may take from each lane. Move into the right lane in good time.",
      "Les flèches peintes dans les voies avant une intersection indiquent les directions permises depuis chaque voie. Placez-vous à temps dans la bonne voie."),
     rm_lane_arrows),
    ("rm-hatched-area", "road_marking",
     ("Hatched area", "Zone hachurée"),
     ("An area marked with oblique stripes is not meant for traffic: do not drive onto it.",
      "Une zone marquée de bandes obliques n’est pas destinée à la circulation : n’y engagez pas votre véhicule."),
     rm_hatched),
    ("rm-edge-line", "road_marking",
     ("Edge line", "Ligne de rive"),
     ("A line along the side of the road marks the edge of the carriageway and makes it easier to see, especially at night.",
      "Une ligne le long du bord de la route marque la limite de la chaussée et la rend plus visible, surtout la nuit."),
     rm_edge),

    # ---- light signals -----------------------------------------------------------------------
    ("ls-red", "light_signal",
     ("Red light", "Feu rouge"),
     ("Stop: you must not go past the stop line, or past the signal if there is no line, while the light is red.",
      "Arrêt : vous ne devez pas franchir la ligne d’arrêt, ou à défaut le feu, tant qu’il est rouge."),
     lambda: ls_three(LAMP_RED)),
    ("ls-amber", "light_signal",
     ("Steady amber light", "Feu jaune fixe"),
     ("Stop at the stop line, unless the light came on when you were so close that you could not stop safely.",
      "Arrêtez-vous à la ligne d’arrêt, sauf si le feu s’est allumé alors que vous étiez trop près pour vous arrêter en sécurité."),
     lambda: ls_three(LAMP_AMBER)),
    ("ls-green", "light_signal",
     ("Green light", "Feu vert"),
     ("You may go, but only if the way is clear: let pedestrians and vehicles already in the intersection finish crossing, and do not enter if you would be stuck in it.",
      "Vous pouvez passer, mais seulement si la voie est libre : laissez finir les piétons et les véhicules déjà engagés, et ne vous engagez pas si vous risquez d’être bloqué dans l’intersection."),
     lambda: ls_three(LAMP_GREEN)),
    ("ls-flashing-amber", "light_signal",
     ("Flashing amber light", "Feu jaune clignotant"),
     ("You may go on, but with particular care. The light gives no priority: the signs and the general priority rules apply.",
      "Vous pouvez passer, mais avec une prudence particulière. Le feu ne donne aucune priorité : la signalisation et les règles générales de priorité s’appliquent."),
     lambda: ls_three(LAMP_AMBER, rays=True)),
    ("ls-green-arrow", "light_signal",
     ("Green arrow beside a red light", "Flèche verte à côté d’un feu rouge"),
     ("Although the main light is red, you may go in the direction of the arrow only, giving way to vehicles on the road you enter and to pedestrians.",
      "Bien que le feu principal soit rouge, vous pouvez aller dans la seule direction de la flèche, en cédant le passage aux véhicules de la voie où vous entrez et aux piétons."),
     ls_green_arrow),
    ("ls-pedestrian-red", "light_signal",
     ("Pedestrian light: red figure", "Feu pour piétons : silhouette rouge"),
     ("Pedestrians must not start to cross the road.",
      "Les piétons ne doivent pas s’engager sur la chaussée."),
     lambda: ls_pedestrian(False)),
    ("ls-pedestrian-green", "light_signal",
     ("Pedestrian light: green figure", "Feu pour piétons : silhouette verte"),
     ("Pedestrians may cross. Drivers turning into the road they are crossing must let them cross.",
      "Les piétons peuvent traverser. Les conducteurs qui tournent dans la rue qu’ils traversent doivent les laisser passer."),
     lambda: ls_pedestrian(True)),
    ("ls-lane-closed", "light_signal",
     ("Lane closed: red X", "Voie fermée : croix rouge"),
     ("You must not drive in the lane over which the red X is lit.",
      "Il est interdit de circuler sur la voie au-dessus de laquelle la croix rouge est allumée."),
     lambda: ls_lane(False)),
    ("ls-lane-open", "light_signal",
     ("Lane open: green arrow", "Voie ouverte : flèche verte"),
     ("You may drive in the lane over which the green arrow pointing down is lit.",
      "Vous pouvez circuler sur la voie au-dessus de laquelle la flèche verte pointée vers le bas est allumée."),
     lambda: ls_lane(True)),

    # ---- officer gestures --------------------------------------------------------------------
    ("og-arm-raised", "officer_gesture",
     ("Officer with arm raised", "Agent le bras levé"),
     ("Attention, stop: all road users must stop, except drivers who can no longer stop safely and drivers already in the intersection.",
      "Attention, arrêt : tous les usagers doivent s’arrêter, sauf les conducteurs qui ne peuvent plus s’arrêter en sécurité et ceux déjà engagés dans l’intersection."),
     og_arm_raised),
    ("og-arms-horizontal-front", "officer_gesture",
     ("Officer with arms outstretched, facing you or with his back to you", "Agent les bras tendus, vu de face ou de dos"),
     ("His outstretched arms are across your path: you must stop. The picture is seen from above; your car is at the bottom.",
      "Ses bras tendus barrent votre direction : vous devez vous arrêter. L’image est vue du dessus ; votre voiture est en bas."),
     lambda: officer_top(arms_vertical=False)),
    ("og-arms-horizontal-side", "officer_gesture",
     ("Officer with arms outstretched, seen side-on", "Agent les bras tendus, vu de profil"),
     ("His outstretched arms point along your direction: you may go on, with care. The picture is seen from above; your car is at the bottom.",
      "Ses bras tendus sont dans l’axe de votre direction : vous pouvez passer, avec prudence. L’image est vue du dessus ; votre voiture est en bas."),
     lambda: officer_top(arms_vertical=True)),
    ("og-red-light-swing", "officer_gesture",
     ("Officer swinging a red light", "Agent balançant un feu rouge"),
     ("Stop: the road users towards whom the red light is swung must stop.",
      "Arrêt : les usagers vers lesquels le feu rouge est balancé doivent s’arrêter."),
     og_red_light),
]


# ----------------------------------------------------------------------------------------------

def catalogue():
    counters = {}
    entries = []
    for sid, cat, name, meaning, _draw in SIGNS:
        counters[cat] = counters.get(cat, 0) + 1
        entries.append({
            "id": sid,
            "code": "%s-%02d" % (CATEGORY_LETTER[cat], counters[cat]),
            "category": cat,
            "name": {"en": name[0], "fr": name[1]},
            "meaning": {"en": meaning[0], "fr": meaning[1]},
            "image": "media/signs/256/%s.png" % sid,
            "thumbnail": "media/signs/128/%s.png" % sid,
        })
    return entries


def write_if_changed(path_, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if os.path.exists(path_):
        with open(path_, "rb") as fh:
            if fh.read() == data:
                return
    with open(path_, "wb") as fh:
        fh.write(data)


def quantize(pngquant, png, where):
    """The palette version of `png` (bytes), or `png` itself if 256 colours cannot hold it."""
    run = subprocess.run([pngquant] + PNGQUANT_OPTIONS + ["-"], input=png,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if run.returncode == PNGQUANT_QUALITY_TOO_LOW:
        print("note: %s: keeps its full-colour PNG, pngquant cannot reach %s" % (
            where, PNGQUANT_OPTIONS[0]))
        return png
    if run.returncode != 0:
        sys.exit("pngquant failed on %s (exit %d): %s" % (
            where, run.returncode, run.stderr.decode("utf-8", "replace").strip()))
    return run.stdout


def main(argv):
    only = set(argv[1:])
    ids = [s[0] for s in SIGNS]
    assert len(ids) == len(set(ids)), "duplicate sign id"
    unknown = only - set(ids)
    if unknown:
        sys.exit("unknown sign id(s): %s" % ", ".join(sorted(unknown)))
    rsvg = shutil.which("rsvg-convert")
    if not rsvg:
        sys.exit("rsvg-convert not found: install it with `apt-get install -y librsvg2-bin`")
    pngquant = shutil.which("pngquant")
    if not pngquant:
        sys.exit("pngquant not found: install it with `apt-get install -y pngquant` (or run tools/setup.sh)")
    for d in [SVG_DIR] + list(PNG_DIRS.values()) + [os.path.dirname(JSON_PATH)]:
        os.makedirs(d, exist_ok=True)

    for sid, _cat, _name, _meaning, draw in SIGNS:
        if only and sid not in only:
            continue
        svg_path = os.path.join(SVG_DIR, sid + ".svg")
        write_if_changed(svg_path, draw())
        for size, d in sorted(PNG_DIRS.items()):
            png_path = os.path.join(d, sid + ".png")
            out = subprocess.run([rsvg, "-w", str(size), "-h", str(size), svg_path],
                                 check=True, stdout=subprocess.PIPE).stdout
            write_if_changed(png_path, quantize(pngquant, out, os.path.relpath(png_path, ROOT)))

    if not only:
        # remove images of signs that are no longer in the catalogue (our own output only)
        wanted = set(ids)
        for d, ext in [(SVG_DIR, ".svg")] + [(d, ".png") for d in PNG_DIRS.values()]:
            for name in sorted(os.listdir(d)):
                if name.endswith(ext) and name[:-len(ext)] not in wanted:
                    os.remove(os.path.join(d, name))

    data = json.dumps(catalogue(), ensure_ascii=False, indent=2) + "\n"
    write_if_changed(JSON_PATH, data)

    counts = {}
    for s in SIGNS:
        counts[s[1]] = counts.get(s[1], 0) + 1
    total = 0
    for d in PNG_DIRS.values():
        for name in os.listdir(d):
            total += os.path.getsize(os.path.join(d, name))
    print("signs: %d (%s)" % (len(SIGNS), ", ".join("%s %d" % kv for kv in counts.items())))
    print("PNG bytes: %d" % total)
    print("catalogue: %s" % os.path.relpath(JSON_PATH, ROOT))


if __name__ == "__main__":
    main(sys.argv)
