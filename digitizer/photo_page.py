"""Phone photos of paper: tell them from scans, find the sheet, flatten it, even the light.

A photo is told by what it holds, not by its file type: camera EXIF or no scan
resolution make a frame a candidate, and only a sheet found with background around it
is flattened. A flatbed scan fills its frame, so no outline is found on it and it is
never warped.
"""

from __future__ import annotations

from itertools import combinations

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageOps

from digitizer.reading import SCREEN_DPIS

Pixels = NDArray[np.uint8]
Corners = NDArray[np.float32]  # 4x2, clockwise from the top left

A4_MM = (210.0, 297.0)
_A4_ASPECT_TOLERANCE = 0.12
_MAKE, _MODEL, _ORIENTATION, _EXIF_IFD = 0x010F, 0x0110, 0x0112, 0x8769
# Exposure time, f-number, ISO, focal length, lens model: only a camera writes these.
_CAMERA_TAGS = (0x829A, 0x829D, 0x8827, 0x920A, 0xA434)

_FINDING_SIDE = 1000  # pixels: the sheet is looked for on a copy this long
_MIN_PHOTO_SIDE = 200  # pixels: a strip or an icon holds no photographed sheet
_MIN_PAPER_SHARE, _MAX_PAPER_SHARE = 0.20, 0.95  # of the frame's area
_MIN_CORNER_ANGLE, _MAX_CORNER_ANGLE = 45.0, 135.0  # degrees
_MIN_PAPER_CONTRAST = 20  # grey levels the sheet is brighter than what surrounds it
_MAX_HULL_POINTS = 16  # a simplified hull with more corners than this is no sheet
_SIDE_SAMPLES = 40  # points along each side of a candidate quadrilateral
_MIN_SIDE_SHARE, _MIN_OUTLINE_SHARE = 0.5, 0.8  # of them on the outline: each side, all
_SIDE_BAND, _MIN_SIDE_POINTS = 4.0, 20  # pixels of the small copy; points to fit a side
_MAX_CORNER_SHIFT = 12.0  # pixels of the small copy a fitted corner may move
_LIGHT_SIDE = 600  # pixels: the background light is estimated on a copy this long
_COLOUR_CHROMA, _COLOUR_SHARE = 60, 0.002  # a page with this much of colour stays in colour


def looks_like_photo(frame: Image.Image, recorded_dpi: float | None) -> bool:
    """Camera EXIF, or no scan resolution: a frame worth looking for a sheet in."""
    return taken_by_camera(frame) or recorded_dpi is None or recorded_dpi in SCREEN_DPIS


def taken_by_camera(frame: Image.Image) -> bool:
    """A camera wrote the frame: it is a photo whether or not a sheet is found in it."""
    exif = frame.getexif()
    if exif.get(_MAKE) or exif.get(_MODEL):
        return True
    camera = exif.get_ifd(_EXIF_IFD)
    return any(tag in camera for tag in _CAMERA_TAGS)


def flatten_photo(frame: Image.Image, dpi: int) -> Image.Image | None:
    """The sheet in the photo as a flat page at `dpi`, its paper white; None if no sheet."""
    pixels = _upright_rgb(frame)
    corners = find_paper(pixels)
    if corners is None:
        return None
    flat = even_light(_warp(pixels, corners, dpi))
    if _is_colourful(flat):
        return Image.fromarray(flat)
    return Image.fromarray(_u8(cv2.cvtColor(flat, cv2.COLOR_RGB2GRAY)))


def find_paper(pixels: Pixels) -> Corners | None:
    """The sheet's four corners in `pixels`, or None when no sheet stands out of its frame."""
    if min(pixels.shape[:2]) < _MIN_PHOTO_SIDE:
        return None
    small, factor = _whiteness(pixels, _FINDING_SIDE)
    for outline in _outlines(small):
        corners = _quadrilateral(outline)
        if corners is None or not _follows_its_outline(outline, corners):
            continue
        if _plausible_sheet(small, corners):
            refined = _along_the_edges(outline, corners)
            # A pixel of the small copy covers `factor` pixels of the photo, centre to centre.
            return ((refined + 0.5) * factor - 0.5).astype(np.float32)
    return None


def even_light(page: Pixels) -> Pixels:
    """Divide each channel by its own background, estimated at low resolution, so the paper
    turns white and the ink keeps its colour."""
    height, width = page.shape[:2]
    small, _ = _downscaled(page, _LIGHT_SIDE)
    # Text strokes are a pixel or two at this size: a max filter takes them out.
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    background = cv2.medianBlur(cv2.dilate(small, kernel), 21)
    background = np.maximum(background, 1)
    full = cv2.resize(background, (width, height), interpolation=cv2.INTER_LINEAR)
    return _u8(cv2.divide(page, full, scale=255))


def page_size(corners: Corners, dpi: int) -> tuple[int, int]:
    """Width and height in pixels: A4 when the sheet is near A4's shape, else its own shape
    with the longer side as long as A4's."""
    top, right, bottom, left = (
        float(np.linalg.norm(corners[(i + 1) % 4] - corners[i])) for i in range(4)
    )
    width, height = (top + bottom) / 2, (left + right) / 2
    long_px = round(A4_MM[1] / 25.4 * dpi)
    aspect = max(width, height) / max(min(width, height), 1.0)
    a4_aspect = A4_MM[1] / A4_MM[0]
    if abs(aspect - a4_aspect) / a4_aspect <= _A4_ASPECT_TOLERANCE:
        short_px = round(A4_MM[0] / 25.4 * dpi)
    else:
        short_px = round(long_px / aspect)
    return (short_px, long_px) if height >= width else (long_px, short_px)


def _upright_rgb(frame: Image.Image) -> Pixels:
    """The photo's pixels the way the camera says to show them (its EXIF orientation)."""
    rgb = frame if frame.mode == "RGB" else frame.convert("RGB")
    if frame.getexif().get(_ORIENTATION, 1) != 1:
        rgb = ImageOps.exif_transpose(rgb)
    return np.asarray(rgb)


def _downscaled(pixels: Pixels, side: int) -> tuple[Pixels, float]:
    height, width = pixels.shape[:2]
    factor = max(height, width) / side
    if factor <= 1:
        return pixels, 1.0
    size = (max(round(width / factor), 1), max(round(height / factor), 1))
    return _u8(cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)), factor


def _whiteness(pixels: Pixels, side: int) -> tuple[Pixels, float]:
    """How white each pixel is: its darkest channel, since paper is bright in all three and
    a hand, a wooden or a coloured table is not."""
    small, factor = _downscaled(pixels, side)
    return (_u8(small.min(axis=2)) if small.ndim == 3 else small), factor


def _outlines(whiteness: Pixels) -> list[NDArray[np.int32]]:
    """Candidate outlines of the sheet: of the white region first, then of edges."""
    closing = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    # Closing takes the dark text out, so the sheet is one white region.
    paper = cv2.GaussianBlur(cv2.morphologyEx(whiteness, cv2.MORPH_CLOSE, closing), (5, 5), 0)
    _, white = cv2.threshold(paper, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    edges = cv2.dilate(cv2.Canny(paper, 30, 90), np.ones((5, 5), np.uint8))
    outlines: list[NDArray[np.int32]] = []
    for mask in (white, edges):
        found, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        largest = sorted(found, key=cv2.contourArea, reverse=True)[:3]
        outlines.extend(np.asarray(outline, dtype=np.int32) for outline in largest)
    return outlines


def _follows_its_outline(outline: NDArray[np.int32], corners: Corners) -> bool:
    """The quadrilateral's sides run along the outline: each side mostly, all of them
    nearly everywhere. A hand or a shadow over one edge leaves a notch in that side only;
    four corners that are not the sheet's leave their sides in the open."""
    contour = outline.reshape(-1, 1, 2).astype(np.float32)
    shares = []
    for i in range(4):
        start, end = corners[i], corners[(i + 1) % 4]
        samples = [start + (end - start) * t for t in np.linspace(0.05, 0.95, _SIDE_SAMPLES)]
        near = sum(
            abs(cv2.pointPolygonTest(contour, (float(x), float(y)), True)) <= _SIDE_BAND * 2
            for x, y in samples
        )
        shares.append(near / _SIDE_SAMPLES)
    return min(shares) >= _MIN_SIDE_SHARE and sum(shares) / 4 >= _MIN_OUTLINE_SHARE


def _along_the_edges(outline: NDArray[np.int32], corners: Corners) -> Corners:
    """Corners where lines fitted to the outline's four sides meet: truer than the outline's
    own corner points, which blur and the paper's rounded corners pull inwards."""
    points = outline.reshape(-1, 2).astype(np.float32)
    lines = [_side_line(points, corners[i], corners[(i + 1) % 4]) for i in range(4)]
    refined = corners.copy()
    for i in range(4):
        before, after = lines[i - 1], lines[i]
        if before is not None and after is not None:
            meeting = _meeting_point(before, after)
            if meeting is not None and np.linalg.norm(meeting - corners[i]) <= _MAX_CORNER_SHIFT:
                refined[i] = meeting
    return refined


def _side_line(
    points: Corners, start: NDArray[np.float32], end: NDArray[np.float32]
) -> NDArray[np.float32] | None:
    """A line (direction, point) fitted to the outline's points along one side, away from
    the corners."""
    direction = end - start
    length = float(np.linalg.norm(direction))
    if length < 1:
        return None
    unit = direction / length
    offset = points - start
    along = offset @ unit / length
    across = np.abs(offset[:, 0] * unit[1] - offset[:, 1] * unit[0])
    near = points[(along > 0.1) & (along < 0.9) & (across < _SIDE_BAND)]
    if len(near) < _MIN_SIDE_POINTS:
        return None
    return np.asarray(cv2.fitLine(near, cv2.DIST_HUBER, 0, 0.01, 0.01), np.float32).ravel()


def _meeting_point(first: NDArray[np.float32], second: NDArray[np.float32]) -> Corners | None:
    (dx1, dy1, x1, y1), (dx2, dy2, x2, y2) = first, second
    determinant = dx1 * dy2 - dy1 * dx2
    if abs(determinant) < 1e-6:
        return None
    step = ((x2 - x1) * dy2 - (y2 - y1) * dx2) / determinant
    return np.array([x1 + step * dx1, y1 + step * dy1], dtype=np.float32)


def _quadrilateral(outline: NDArray[np.int32]) -> Corners | None:
    """Four corners for the outline: its hull simplified to four points, or else the
    largest four-cornered shape among the hull's points, which leaves out what a thumb or
    a shadow adds to one side (whether the sides then follow the outline is checked after)."""
    hull = cv2.convexHull(outline)
    perimeter = cv2.arcLength(hull, True)
    for share in (0.01, 0.02, 0.03, 0.05):
        polygon = cv2.approxPolyDP(hull, share * perimeter, True)
        if len(polygon) == 4:
            return _clockwise_from_top_left(polygon.reshape(4, 2).astype(np.float32))
    polygon = cv2.approxPolyDP(hull, 0.01 * perimeter, True).reshape(-1, 2)
    if not 4 < len(polygon) <= _MAX_HULL_POINTS:
        return None
    largest = max(
        combinations(polygon.astype(np.float32), 4),
        key=lambda four: cv2.contourArea(np.array(four).reshape(4, 1, 2)),
    )
    return _clockwise_from_top_left(np.array(largest, dtype=np.float32))


def _clockwise_from_top_left(points: Corners) -> Corners:
    sums, diffs = points.sum(axis=1), np.diff(points, axis=1).ravel()
    top_left, bottom_right = points[np.argmin(sums)], points[np.argmax(sums)]
    top_right, bottom_left = points[np.argmin(diffs)], points[np.argmax(diffs)]
    return np.array([top_left, top_right, bottom_right, bottom_left], dtype=np.float32)


def _plausible_sheet(grey: Pixels, corners: Corners) -> bool:
    """Convex, of a sensible size, with corners near right angles, brighter than around."""
    if len({(round(x), round(y)) for x, y in corners}) < 4:
        return False
    contour = corners.reshape(4, 1, 2)
    if not cv2.isContourConvex(contour):
        return False
    share = cv2.contourArea(contour) / (grey.shape[0] * grey.shape[1])
    if not _MIN_PAPER_SHARE <= share <= _MAX_PAPER_SHARE:
        return False
    if not all(_MIN_CORNER_ANGLE <= angle <= _MAX_CORNER_ANGLE for angle in _angles(corners)):
        return False
    return _stands_out(grey, corners)


def _angles(corners: Corners) -> list[float]:
    angles = []
    for i in range(4):
        before, after = corners[i - 1] - corners[i], corners[(i + 1) % 4] - corners[i]
        cosine = np.dot(before, after) / (np.linalg.norm(before) * np.linalg.norm(after))
        angles.append(float(np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0)))))
    return angles


def _stands_out(grey: Pixels, corners: Corners) -> bool:
    """The sheet is brighter than a band of background just outside it."""
    inside = np.zeros(grey.shape, np.uint8)
    cv2.fillConvexPoly(inside, corners.astype(np.int32), 255)
    band = _u8(cv2.dilate(inside, np.ones((41, 41), np.uint8))) & ~inside
    if cv2.countNonZero(band) < 0.01 * grey.size:
        return False  # no background shows: the page fills the frame
    paper = float(np.median(grey[inside > 0]))
    around = float(np.median(grey[band > 0]))
    return paper - around >= _MIN_PAPER_CONTRAST


def _warp(pixels: Pixels, corners: Corners, dpi: int) -> Pixels:
    width, height = page_size(corners, dpi)
    target = np.array(
        [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32
    )
    transform = cv2.getPerspectiveTransform(corners, target)
    flat = cv2.warpPerspective(
        pixels, transform, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return _u8(flat)


def _is_colourful(page: Pixels) -> bool:
    sample = page[::4, ::4]  # every fourth pixel: a seal's strokes are thicker than that
    chroma = sample.max(axis=2).astype(np.int16) - sample.min(axis=2)
    share = float(np.count_nonzero(chroma > _COLOUR_CHROMA)) / float(chroma.size)
    return share >= _COLOUR_SHARE


def _u8(pixels: object) -> Pixels:
    """OpenCV's result as the uint8 array it is (no copy)."""
    return np.asarray(pixels, dtype=np.uint8)
