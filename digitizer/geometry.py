"""Page geometry: where an OCR'd image sits on the page and which way is up.

Matrices follow the PDF convention (row vectors, `a @ b` applies `a` first).
"""

from __future__ import annotations

import math

from pikepdf import Matrix

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in user space


def clockwise(degrees: float) -> Matrix:
    """Turn the plane clockwise, as a viewer does for a page's /Rotate."""
    radians = math.radians(degrees)
    cos, sin = math.cos(radians), math.sin(radians)
    return Matrix(cos, -sin, sin, cos, 0, 0)


def scale(x: float, y: float) -> Matrix:
    return Matrix(x, 0, 0, y, 0, 0)


def translate(x: float, y: float) -> Matrix:
    return Matrix(1, 0, 0, 1, x, y)


def user_to_display(box: Box, rotate: int) -> tuple[Matrix, float, float]:
    """Map the visible box, turned by /Rotate, onto [0, width] x [0, height]."""
    x0, y0, x1, y1 = box
    turned = translate(-x0, -y0) @ clockwise(rotate)
    corners = [turned.transform((x, y)) for x in (0, x1 - x0) for y in (0, y1 - y0)]
    min_x = min(point[0] for point in corners)
    min_y = min(point[1] for point in corners)
    width = max(point[0] for point in corners) - min_x
    height = max(point[1] for point in corners) - min_y
    return turned @ translate(-min_x, -min_y), width, height


def rendered_to_user(box: Box, rotate: int) -> Matrix:
    """Map the unit square of a rendering of the visible page back to user space."""
    to_display, width, height = user_to_display(box, rotate)
    return scale(width, height) @ to_display.inverse()


def text_up_vector(textangle: int) -> tuple[float, float]:
    """Tesseract's textangle: the text is turned that many degrees anticlockwise."""
    radians = math.radians(textangle)
    return (-math.sin(radians), math.cos(radians))


def rotation_to_upright(up: tuple[float, float], to_display: Matrix) -> int:
    """Clockwise turn, in quarter turns, that brings the displayed text upright."""
    a, b, c, d = to_display.a, to_display.b, to_display.c, to_display.d
    x, y = up[0] * a + up[1] * c, up[0] * b + up[1] * d
    angle = math.degrees(math.atan2(-x, y))
    return round(angle / 90) * 90 % 360


def covered_fraction(matrix: Matrix, box: Box) -> float:
    """How much of `box` the unit square mapped by `matrix` covers (its bounding box)."""
    corners = [matrix.transform((x, y)) for x in (0, 1) for y in (0, 1)]
    left = max(min(p[0] for p in corners), box[0])
    right = min(max(p[0] for p in corners), box[2])
    bottom = max(min(p[1] for p in corners), box[1])
    top = min(max(p[1] for p in corners), box[3])
    area = (box[2] - box[0]) * (box[3] - box[1])
    if right <= left or top <= bottom or area <= 0:
        return 0.0
    return (right - left) * (top - bottom) / area


def drawn_dpi(matrix: Matrix, width_px: int) -> float:
    """Resolution of an image drawn by `matrix`, along its rows."""
    length_pt = math.hypot(matrix.a, matrix.b)
    return width_px * 72 / length_pt if length_pt else 0.0


def turn_about_centre(box: Box, degrees_clockwise: float) -> Matrix:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return translate(-cx, -cy) @ clockwise(degrees_clockwise) @ translate(cx, cy)
