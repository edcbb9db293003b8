"""What a one-stop counter really receives, generated from our own Vietnamese texts.

Phone photos of a page on a table, pages with a red seal and a blue signature over the text,
grey 200-dpi photocopies, the same page scanned at 600 and at 300 dpi, and duplex stacks
whose backs are blank. Every specimen is seeded and deterministic; its `text` is what a
reader should get from it (the printed lines, without the seal's ring text or the signature).
"""

from __future__ import annotations

import math
import random
import zlib
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import ExifTags, Image, ImageDraw, ImageFont, ImageOps

from tests.support.pages import (
    A4_300DPI,
    CORPUS,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    corpus_text,
    make_page,
    scanned,
)

PHOTO_SIZE = (3000, 4000)  # width, height: a 12-megapixel phone camera, portrait
LINE_HEIGHT_300DPI = round(round(13 * 300 / 72) * 1.5)  # make_page's 13 pt lines at 300 dpi

# Real images from the shared corpus. The `baiona*` files are pictures with no paper in
# them (a map), which must be read as they are; `congress.jpg` is a real page photographed
# with a dark surround (no ground truth).
REAL_PHOTOS: tuple[Path, ...] = tuple(sorted(CORPUS.glob("ocrmypdf/baiona*")))
REAL_PAGE_PHOTOS: tuple[Path, ...] = tuple(sorted(CORPUS.glob("ocrmypdf/historical/congress.jpg")))

SEAL_FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf")
COMMUNES = ("AN BÌNH", "TÂN PHÚ", "HÒA LẠC", "PHÚ MỸ", "THẠCH HÀ", "ĐÔNG HƯNG")
PROVINCES = ("BÌNH DƯƠNG", "NGHỆ AN", "THÁI BÌNH", "ĐỒNG NAI", "HÀ TĨNH", "QUẢNG NAM")
TABLE_COLOURS = ((150, 105, 65), (92, 62, 42), (128, 128, 124), (52, 72, 108), (176, 160, 132))
SKIN_COLOURS = ((224, 172, 140), (198, 142, 108), (168, 112, 82))
SEAL_RED = (214, 38, 52)
SIGNATURE_BLUE = (28, 58, 168)

Pixels = NDArray[np.uint8]
Floats = NDArray[np.float32]


@dataclass(frozen=True)
class Specimen:
    image: Image.Image
    text: str  # what a reader should get: the page's printed lines, NFC; "" for a blank page
    dpi: int | None  # the resolution the file should record; None for a photo


def save_specimen(specimen: Specimen, path: Path, *, quality: int = 85) -> Path:
    """Write a JPEG: a photo with a phone's EXIF and no resolution, a scan with its dpi."""
    if specimen.dpi is None:
        specimen.image.save(path, format="JPEG", quality=quality, exif=_camera_exif())
    else:
        dpi = (specimen.dpi, specimen.dpi)
        specimen.image.save(path, format="JPEG", quality=quality, dpi=dpi)
    return path


def photo_quality(seed: int) -> int:
    """The JPEG quality the phone saved photo `seed` with (60–85)."""
    return _random("quality", seed).randint(60, 85)


def phone_photo(seed: int) -> Specimen:
    """An A4 page of 30 lines photographed on a table: perspective, light, shadow, noise."""
    rng = _rng("phone", seed)
    page = make_page(_words(), seed=seed)
    corners = _photographed_corners(rng)
    to_frame = cv2.getPerspectiveTransform(_page_corners(), corners)
    frame = _table(rng)
    _drop_page_shadow(frame, corners, rng)
    _lay_page(frame, _paper_colours(page.image, rng), to_frame)
    if rng.random() < 0.5:
        _lay_hand(frame, to_frame, page.text.count("\n") + 1, rng)
    _light(frame, rng)
    frame = cv2.GaussianBlur(frame, (0, 0), rng.uniform(0.5, 0.9))
    _add_noise(frame, rng.uniform(2.5, 5.0), rng)
    return Specimen(Image.fromarray(frame, mode="RGB"), page.text, None)


def sealed_page(seed: int) -> Specimen:
    """A 300-dpi colour scan with a red round seal and a blue signature over some lines."""
    rng = _rng("seal", seed)
    page = make_page(_words(), seed=seed)
    grey = scanned(page.image, skew_degrees=rng.uniform(-0.8, 0.8), noise=6, seed=seed)
    scan = np.dstack([np.asarray(grey)] * 3)
    lines = page.text.count("\n") + 1
    radius = int(rng.integers(170, 200))
    first_line = int(rng.integers(0, lines - 6))
    centre_y = MARGIN_TOP + first_line * LINE_HEIGHT_300DPI + 3 * LINE_HEIGHT_300DPI
    text_right = A4_300DPI[0] - MARGIN_RIGHT
    centre_x = int(rng.integers(MARGIN_LEFT + radius, text_right - radius - 300))
    seal = _seal(radius, seed, rng)
    _press_ink(scan, seal, SEAL_RED, (centre_x - seal.shape[1] // 2, centre_y - seal.shape[0] // 2))
    signature = _signature(rng, height=int(1.6 * radius))
    top = centre_y - signature.shape[0] // 2 + int(rng.integers(-radius // 5, radius // 5 + 1))
    _press_ink(scan, signature, SIGNATURE_BLUE, (centre_x - int(rng.integers(40, 160)), top))
    return Specimen(Image.fromarray(scan, mode="RGB"), page.text, 300)


def photocopy_200dpi(seed: int) -> Specimen:
    """A 200-dpi grey photocopy: grey paper, greyish text, toner speckle, a darker edge."""
    rng = _rng("photocopy", seed)
    page = make_page(_words(), seed=seed, dpi=200)
    tilted = page.image.rotate(
        rng.uniform(-1.0, 1.0), resample=Image.Resampling.BICUBIC, fillcolor=255
    )
    ink_spread = cv2.GaussianBlur(np.asarray(tilted), (0, 0), 0.7).astype(np.float32) / 255
    paper, ink = rng.uniform(170, 200), rng.uniform(70, 110)
    copy = ink + (paper - ink) * ink_spread
    copy -= _darker_edge(copy.shape, rng.uniform(18, 32), rng)
    copy += rng.normal(0, 4.5, copy.shape).astype(np.float32)
    picture = np.clip(copy, 0, 255).astype(np.uint8)
    _speckle(picture, rng)
    return Specimen(Image.fromarray(picture, mode="L"), page.text, 200)


def scan_600dpi(seed: int) -> Specimen:
    """The page of `scan_300dpi(seed)`, same words and layout, scanned at 600 dpi."""
    return _flatbed_scan(seed, 600)


def scan_300dpi(seed: int) -> Specimen:
    """The page of `scan_600dpi(seed)`, same words and layout, scanned at 300 dpi."""
    return _flatbed_scan(seed, 300)


def duplex_stack(sheets: int, seed: int) -> list[Specimen]:
    """One-sided sheets scanned duplex: front, blank back, front, blank back, ..."""
    stack: list[Specimen] = []
    for sheet in range(sheets):
        rng = _rng("duplex", seed, sheet)
        page = make_page(_words(), seed=seed * 1000 + sheet)
        front = np.asarray(
            scanned(page.image, skew_degrees=rng.uniform(-1, 1), noise=8, seed=seed + sheet)
        ).copy()
        back = _blank_back(page.image, rng)
        if rng.random() < 0.5:
            _punch_holes(front, left_side=True)
            _punch_holes(back, left_side=False)
        stack.append(Specimen(Image.fromarray(front, mode="L"), page.text, 300))
        stack.append(Specimen(Image.fromarray(back, mode="L"), "", 300))
    return stack


def _flatbed_scan(seed: int, dpi: int) -> Specimen:
    skew = _random("flatbed", seed).uniform(-1.2, 1.2)
    page = make_page(_words(), seed=seed, dpi=dpi)
    return Specimen(scanned(page.image, skew_degrees=skew, noise=8, seed=seed), page.text, dpi)


def _words() -> list[str]:
    return corpus_text().split()


def _rng(kind: str, *seeds: int) -> np.random.Generator:
    return np.random.default_rng([zlib.crc32(kind.encode()), *seeds])


def _random(kind: str, seed: int) -> random.Random:
    return random.Random(f"{kind}-{seed}")


def _camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "samsung"
    exif[ExifTags.Base.Model] = "SM-A525F"
    exif[ExifTags.Base.Orientation] = 1
    exif[ExifTags.Base.DateTime] = "2025:03:14 09:26:53"
    camera = exif.get_ifd(ExifTags.IFD.Exif)
    camera[ExifTags.Base.DateTimeOriginal] = "2025:03:14 09:26:53"
    camera[ExifTags.Base.FocalLength] = 5.4
    camera[ExifTags.Base.FNumber] = 1.8
    camera[ExifTags.Base.ISOSpeedRatings] = 200
    return exif


# --- phone photos ---------------------------------------------------------------------------


def _page_corners() -> Floats:
    width, height = A4_300DPI
    return np.array([(0, 0), (width, 0), (width, height), (0, height)], dtype=np.float32)


def _photographed_corners(rng: np.random.Generator) -> Floats:
    """Where the page's corners land when a phone, tilted 5–25°, photographs it."""
    tilt = math.radians(rng.uniform(5, 25))
    axis = rng.uniform(0, 2 * math.pi)
    roll = math.radians(rng.uniform(-6, 6))
    page = np.array([(-105, -148.5, 0), (105, -148.5, 0), (105, 148.5, 0), (-105, 148.5, 0)])
    turned = page @ (_rotation((math.cos(axis), math.sin(axis), 0.0), tilt).T)
    turned = turned @ (_rotation((0.0, 0.0, 1.0), roll).T)
    distance = 420.0  # mm from the lens to the page's centre
    projected = turned[:, :2] / (distance + turned[:, 2:3]) * distance
    low, high = projected.min(axis=0), projected.max(axis=0)
    frame = np.array(PHOTO_SIZE, dtype=np.float64)
    scale = rng.uniform(0.72, 0.9) * float(np.min(frame / (high - low)))
    spare = frame - (high - low) * scale
    offset = spare * rng.uniform(0.2, 0.8, size=2)
    return ((projected - low) * scale + offset).astype(np.float32)


def _rotation(axis: tuple[float, float, float], angle: float) -> NDArray[np.float64]:
    x, y, z = axis
    k = np.array([(0, -z, y), (z, 0, -x), (-y, x, 0)])
    return np.eye(3) + math.sin(angle) * k + (1 - math.cos(angle)) * (k @ k)


def _table(rng: np.random.Generator) -> Pixels:
    """A table top: a colour with a soft wood-like grain, drawn small and enlarged."""
    width, height = PHOTO_SIZE[0] // 8, PHOTO_SIZE[1] // 8
    colour = np.array(TABLE_COLOURS[int(rng.integers(len(TABLE_COLOURS)))], dtype=np.float32)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    direction = rng.uniform(0, math.pi)
    along = xs * math.cos(direction) + ys * math.sin(direction)
    wobble = cv2.GaussianBlur(rng.normal(0, 1, (height, width)).astype(np.float32), (0, 0), 12)
    grain = np.sin(along / rng.uniform(3, 9) + wobble * 60) * 0.07
    shade = 1 + grain + cv2.GaussianBlur(wobble, (0, 0), 20) * 4
    small = np.clip(colour[None, None, :] * shade[:, :, None], 0, 255).astype(np.uint8)
    return cv2.resize(small, PHOTO_SIZE, interpolation=cv2.INTER_CUBIC)


def _drop_page_shadow(frame: Pixels, corners: Floats, rng: np.random.Generator) -> None:
    """The page lifts a little off the table and casts a soft shadow beside it."""
    scale = 4
    small = (PHOTO_SIZE[0] // scale, PHOTO_SIZE[1] // scale)
    mask = np.zeros((small[1], small[0]), dtype=np.float32)
    shift = rng.uniform(-12, 12, size=2).astype(np.float32)
    cv2.fillConvexPoly(mask, np.round((corners + shift * scale) / scale).astype(np.int32), 1.0)
    darkening = 1 - 0.45 * cv2.GaussianBlur(mask, (0, 0), 10)
    _multiply(frame, darkening)


def _paper_colours(page: Image.Image, rng: np.random.Generator) -> Pixels:
    """The black-on-white page as paper and ink colours."""
    paper = rng.uniform((238, 234, 222), (252, 248, 242))
    ink = rng.uniform(22, 45, size=3)
    level = np.arange(256, dtype=np.float32)[:, None] / 255
    table = np.clip(ink + (paper - ink) * level, 0, 255).astype(np.uint8)  # 256 × 3
    grey = np.asarray(page)
    return np.dstack([cv2.LUT(grey, table[:, channel].copy()) for channel in range(3)])


def _lay_page(frame: Pixels, page: Pixels, to_frame: Floats) -> None:
    warped = cv2.warpPerspective(page, to_frame, PHOTO_SIZE, flags=cv2.INTER_LINEAR)
    coverage = np.full(page.shape[:2], 255, dtype=np.uint8)
    mask = cv2.warpPerspective(coverage, to_frame, PHOTO_SIZE, flags=cv2.INTER_LINEAR)
    weight = mask.astype(np.float32) / 255
    frame[:] = cv2.blendLinear(warped, frame, weight, 1 - weight)


def _lay_hand(frame: Pixels, to_frame: Floats, lines: int, rng: np.random.Generator) -> None:
    """A thumb or fingers at one edge of the frame, never over the printed lines."""
    scale = 4
    width, height = PHOTO_SIZE[0] // scale, PHOTO_SIZE[1] // scale
    mask = np.zeros((height, width), dtype=np.float32)
    edge = int(rng.integers(4))
    along = rng.uniform(0.2, 0.8)
    centre = [
        (along * width, 0),
        (width, along * height),
        (along * width, height),
        (0, along * height),
    ][edge]
    axes = (int(rng.integers(60, 110)), int(rng.integers(140, 230)))
    angle = (0, 90, 0, 90)[edge] + rng.uniform(-30, 30)
    cv2.ellipse(mask, (round(centre[0]), round(centre[1])), axes, angle, 0, 360, 1.0, -1)
    cv2.fillConvexPoly(mask, np.round(_printed_area(to_frame, lines) / scale).astype(np.int32), 0)
    mask = cv2.GaussianBlur(mask, (0, 0), 3)
    weight = cv2.resize(mask, PHOTO_SIZE, interpolation=cv2.INTER_LINEAR)
    skin = np.array(SKIN_COLOURS[int(rng.integers(len(SKIN_COLOURS)))], dtype=np.uint8)
    hand = np.empty_like(frame)
    hand[:] = skin
    frame[:] = cv2.blendLinear(hand, frame, weight, 1 - weight)


def _printed_area(to_frame: Floats, lines: int) -> Floats:
    """The quadrilateral of the frame that holds the page's printed lines, with some room."""
    room = 40
    left, top = MARGIN_LEFT - room, MARGIN_TOP - room
    right = A4_300DPI[0] - MARGIN_RIGHT + room
    bottom = MARGIN_TOP + lines * LINE_HEIGHT_300DPI + room
    area = np.array([[(left, top), (right, top), (right, bottom), (left, bottom)]], np.float32)
    return np.asarray(cv2.perspectiveTransform(area, to_frame)[0], dtype=np.float32)


def _light(frame: Pixels, rng: np.random.Generator) -> None:
    """Uneven light: a gradient across the frame, a vignette, and a soft shadow."""
    width, height = PHOTO_SIZE[0] // 8, PHOTO_SIZE[1] // 8
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    u, v = xs / width - 0.5, ys / height - 0.5
    direction = rng.uniform(0, 2 * math.pi)
    slope = rng.uniform(0.12, 0.3)
    light = 1 - slope * (0.5 + u * math.cos(direction) + v * math.sin(direction))
    light *= 1 - 0.25 * (u * u + v * v)
    shadow = np.zeros((height, width), dtype=np.float32)
    centre = (int(rng.integers(0, width)), int(rng.integers(0, height)))
    axes = (int(rng.integers(width // 4, width // 2)), int(rng.integers(height // 5, height // 2)))
    cv2.ellipse(shadow, centre, axes, rng.uniform(0, 180), 0, 360, 1.0, -1)
    light *= 1 - rng.uniform(0.15, 0.35) * cv2.GaussianBlur(shadow, (0, 0), 25)
    _multiply(frame, cv2.resize(light, PHOTO_SIZE, interpolation=cv2.INTER_LINEAR))


def _multiply(frame: Pixels, factor: Floats) -> None:
    """Scale a frame's pixels by a factor map (any size: it is enlarged to the frame's)."""
    height, width = frame.shape[:2]
    if factor.shape != (height, width):
        factor = cv2.resize(factor, (width, height), interpolation=cv2.INTER_LINEAR)
    level = np.clip(factor * 255, 0, 255).astype(np.uint8)
    frame[:] = cv2.multiply(frame, cv2.merge([level, level, level]), scale=1 / 255)


def _add_noise(frame: Pixels, sigma: float, rng: np.random.Generator) -> None:
    noise = rng.standard_normal(frame.shape, dtype=np.float32)
    noise *= sigma
    frame[:] = cv2.add(frame, noise, dtype=cv2.CV_8U)


# --- seals and signatures -------------------------------------------------------------------


def _seal(radius: int, seed: int, rng: np.random.Generator) -> Floats:
    """Red ink cover (0–1) of a round commune seal: two rings, ring text, a star."""
    size = 2 * radius + 8
    picture = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(picture)
    centre = size / 2
    outer = radius - 2
    draw.ellipse(_box(centre, outer), outline=255, width=11)
    inner = outer - 70
    draw.ellipse(_box(centre, inner), outline=255, width=4)
    _ring_text(picture, _seal_words(seed), centre, (outer + inner) / 2 - 2)
    draw.polygon(_star(centre, inner * 0.45), fill=255)
    turned = picture.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)
    cover = np.asarray(turned, dtype=np.float32) / 255
    return cover * _ink_texture(cover.shape, 0.72, 0.95, rng)


def _seal_words(seed: int) -> str:
    chooser = _random("seal-words", seed)
    commune, province = chooser.choice(COMMUNES), chooser.choice(PROVINCES)
    return f"ỦY BAN NHÂN DÂN XÃ {commune} * TỈNH {province} *"


def _box(centre: float, radius: float) -> tuple[float, float, float, float]:
    return centre - radius, centre - radius, centre + radius, centre + radius


def _ring_text(picture: Image.Image, text: str, centre: float, radius: float) -> None:
    """Letters round the ring, upright towards the outside, clockwise from the lower left."""
    face = ImageFont.truetype(str(SEAL_FONT), 40)
    step = 2 * math.pi / len(text)
    for index, letter in enumerate(text):
        angle = math.pi * 0.5 + step * (index + 0.5) + math.pi / len(text)
        glyph = Image.new("L", (60, 60), 0)
        ImageDraw.Draw(glyph).text((30, 30), letter, font=face, fill=255, anchor="mm")
        upright = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.cos(angle) - 30
        y = centre + radius * math.sin(angle) - 30
        picture.paste(255, (round(x), round(y)), upright)


def _star(centre: float, radius: float) -> list[tuple[float, float]]:
    points = []
    for index in range(10):
        reach = radius if index % 2 == 0 else radius * 0.4
        angle = -math.pi / 2 + index * math.pi / 5
        points.append((centre + reach * math.cos(angle), centre + reach * math.sin(angle)))
    return points


def _signature(rng: np.random.Generator, *, height: int) -> Floats:
    """Blue ink cover (0–1) of a handwritten-looking signature: cursive Bezier strokes."""
    width = int(height * rng.uniform(1.6, 2.1))
    cover = np.zeros((height, width), dtype=np.float32)
    _stroke(cover, _cursive_points(rng, width, height), int(rng.integers(4, 7)))
    flourish = np.array(
        [
            (0.05 * width, rng.uniform(0.75, 0.9) * height),
            (0.5 * width, rng.uniform(0.8, 0.95) * height),
            (0.95 * width, rng.uniform(0.6, 0.8) * height),
        ]
    )
    _stroke(cover, flourish, 4)
    cover = cv2.GaussianBlur(cover, (0, 0), 0.8)
    return cover * _ink_texture(cover.shape, 0.75, 0.9, rng)


def _cursive_points(rng: np.random.Generator, width: int, height: int) -> NDArray[np.float64]:
    """Key points of a hand moving right, swinging up and down, sometimes looping back."""
    count = int(rng.integers(7, 11))
    points = []
    x = 0.08 * width
    for index in range(count):
        high = index % 2 == 0
        y = rng.uniform(0.08, 0.35) if high else rng.uniform(0.55, 0.8)
        points.append((x, y * height))
        x += rng.uniform(-0.03, 0.2) * width
    return np.clip(np.array(points), 4, (width - 4, height - 4))


def _stroke(cover: Floats, through: NDArray[np.float64], thickness: int) -> None:
    """A smooth pen line through the points: one cubic Bezier between each two of them."""
    padded = np.vstack([through[:1], through, through[-1:]])
    t = np.linspace(0, 1, 40)[:, None]
    pieces = []
    for index in range(1, len(padded) - 2):
        p0, p3 = padded[index], padded[index + 1]
        p1 = p0 + (padded[index + 1] - padded[index - 1]) / 6
        p2 = p3 - (padded[index + 2] - padded[index]) / 6
        pieces.append(
            (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t**2 * p2 + t**3 * p3
        )
    points = np.round(np.vstack(pieces)).astype(np.int32).reshape(-1, 1, 2)
    cv2.polylines(cover, [points], False, 1.0, thickness, cv2.LINE_AA)


def _ink_texture(
    shape: tuple[int, ...], low: float, high: float, rng: np.random.Generator
) -> Floats:
    """How much ink a stamp or pen left from place to place."""
    blotches = cv2.GaussianBlur(rng.random(shape[:2], dtype=np.float32), (0, 0), 4)
    spread = (blotches - blotches.min()) / max(float(np.ptp(blotches)), 1e-6)
    return np.asarray(low + (high - low) * spread, dtype=np.float32)


def _press_ink(
    scan: Pixels, cover: Floats, colour: tuple[int, int, int], top_left: tuple[int, int]
) -> None:
    """Ink is a filter: multiply the paper under the cover by the ink's colour."""
    x, y = top_left
    height = min(cover.shape[0], scan.shape[0] - y)
    width = min(cover.shape[1], scan.shape[1] - x)
    region = scan[y : y + height, x : x + width].astype(np.float32)
    filtered = 1 - cover[:height, :width, None] * (1 - np.array(colour, dtype=np.float32) / 255)
    scan[y : y + height, x : x + width] = np.clip(region * filtered, 0, 255).astype(np.uint8)


# --- photocopies and duplex backs -----------------------------------------------------------


def _darker_edge(shape: tuple[int, ...], depth: float, rng: np.random.Generator) -> Floats:
    """How much darker the copy gets towards one edge (the copier's lid did not close)."""
    height, width = shape
    side = int(rng.integers(4))
    length = width if side in (0, 1) else height
    reach = rng.uniform(0.15, 0.3) * length
    ramp = np.clip(1 - np.arange(length, dtype=np.float32) / reach, 0, 1) ** 2 * depth
    if side in (1, 3):
        ramp = ramp[::-1]
    if side in (0, 1):
        return np.broadcast_to(ramp[None, :], (height, width)).astype(np.float32)
    return np.broadcast_to(ramp[:, None], (height, width)).astype(np.float32)


def _speckle(picture: Pixels, rng: np.random.Generator) -> None:
    """Toner dust: small dark dots scattered over the copy."""
    height, width = picture.shape
    for _ in range(int(rng.integers(1500, 4000))):
        centre = (int(rng.integers(width)), int(rng.integers(height)))
        shade = int(rng.integers(60, 130))
        cv2.circle(picture, centre, int(rng.integers(0, 2)), shade, -1, cv2.LINE_AA)


def _blank_back(front: Image.Image, rng: np.random.Generator) -> Pixels:
    """The back of a one-sided sheet: paper tone, grain, the front showing through faintly."""
    through = np.asarray(ImageOps.mirror(front), dtype=np.float32) / 255
    through = cv2.GaussianBlur(through, (0, 0), rng.uniform(1.5, 3.0))
    tone = rng.uniform(226, 242)
    back = tone * (1 - rng.uniform(0.03, 0.05) * (1 - through))
    back += rng.normal(0, 3.0, back.shape).astype(np.float32)
    return np.clip(back, 0, 255).astype(np.uint8)


def _punch_holes(picture: Pixels, *, left_side: bool) -> None:
    """Two filing holes 80 mm apart, 12 mm from the edge: the lid's light grey, a soft rim."""
    height, width = picture.shape
    x = 142 if left_side else width - 142
    for y in (height // 2 - 472, height // 2 + 472):
        cv2.circle(picture, (x + 4, y + 4), 36, 168, -1, cv2.LINE_AA)
        cv2.circle(picture, (x, y), 35, 214, -1, cv2.LINE_AA)
