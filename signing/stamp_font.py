"""The font of signature stamps: a Times-compatible serif that pyHanko lays out correctly.

pyHanko writes glyph widths and kerning in font units as if every font had 1000 units
per em, so a 2048-unit font (DejaVu, Liberation, Times New Roman itself) comes out with
glyphs spaced wrongly. GNU FreeSerif has 1000 units per em, is metric-compatible with
Times and covers Vietnamese, so it is the default.
"""

from __future__ import annotations

import functools
import logging
import struct
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from pyhanko.pdf_utils.writer import PdfFileWriter

from config.errors import ConfigError, MissingDependencyError
from signing.font_subset import STAMP_CHARACTERS, subset_font

if TYPE_CHECKING:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

DEFAULT_STAMP_FONT = Path("/usr/share/fonts/truetype/freefont/FreeSerif.ttf")
DEFAULT_STAMP_FONT_PACKAGE = "fonts-freefont-ttf"
REQUIRED_UNITS_PER_EM = 1000
_SFNT_VERSIONS = (b"\x00\x01\x00\x00", b"OTTO", b"true")

# Subsetting warns, on every signature, that it drops tables a stamp never needs
# (FreeSerif's FontForge timestamp, FFTM).
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


@dataclass(frozen=True)
class TextSize:
    width: float
    """The widest line, in points."""
    lines: int


def stamp_font_factory(path: Path, font_size: int, text: str) -> GlyphAccumulatorFactory:
    """A pyHanko font engine factory for `path` that can show `text`.

    Fonts pyHanko would misrender are refused. When `text` needs only Vietnamese and
    common Latin characters, the engine reads a subset of the font holding just those.
    """
    _check_units_per_em(path)
    # Imported here so that invisible signatures work without pyHanko's [opentype] extra.
    try:
        from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    except ImportError as error:
        raise MissingDependencyError(
            "Visible signatures need pyHanko's OpenType support (fontTools and uharfbuzz): "
            "install pyHanko[opentype] in Sohoa's environment.",
            code="dependency.pyhanko_opentype_missing",
        ) from error
    chosen = subset_font(path) if set(text) <= STAMP_CHARACTERS else path
    return GlyphAccumulatorFactory(str(chosen), font_size=font_size)


def measure_text(font: GlyphAccumulatorFactory, text: str) -> TextSize:
    """The size of `text` as pyHanko will shape it (HarfBuzz, with kerning)."""
    lines = text.split("\n")
    with _measuring_lock:
        engine = _measuring_engine(font.font_file, font.font_size)
        widest = max(engine.shape(line, with_actual_text=False).x_advance for line in lines)
    return TextSize(width=widest * font.font_size, lines=len(lines))


_measuring_lock = threading.Lock()


@functools.cache
def _measuring_engine(font_file: str, font_size: int) -> GlyphAccumulator:
    """One engine per font kept for measuring: it is never written anywhere."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

    factory = GlyphAccumulatorFactory(font_file, font_size=font_size)
    # A throwaway writer: the engine registers font objects in whatever writer it gets.
    engine: GlyphAccumulator = factory.create_font_engine(PdfFileWriter())  # type: ignore[no-untyped-call]
    return engine


def _check_units_per_em(path: Path) -> None:
    try:
        with path.open("rb") as font_file:
            units_per_em = _read_units_per_em(font_file)
    except FileNotFoundError as error:
        raise MissingDependencyError(
            f"The signature stamp font {path} does not exist. The default font comes with "
            f"the Debian package {DEFAULT_STAMP_FONT_PACKAGE} (make system-packages installs "
            "it); a font named in a signing profile's appearance must exist on this machine.",
            code="signing_appearance.font_missing",
            params={"file": path, "package": DEFAULT_STAMP_FONT_PACKAGE},
        ) from error
    except (OSError, struct.error) as error:
        raise ConfigError(
            f"Cannot read the signature stamp font {path}: {error}",
            code="signing_appearance.font_unreadable",
            params={"file": path, "reason": error},
        ) from error
    if units_per_em is None:
        raise ConfigError(
            f"The signature stamp font {path} is not a single OpenType or TrueType font.",
            code="signing_appearance.font_not_single",
            params={"file": path},
        )
    if units_per_em != REQUIRED_UNITS_PER_EM:
        raise ConfigError(
            f"The signature stamp font {path} has {units_per_em} units per em; pyHanko "
            f"spaces its glyphs wrongly. Use a font with {REQUIRED_UNITS_PER_EM} units per "
            f"em, such as FreeSerif from {DEFAULT_STAMP_FONT_PACKAGE} (the default).",
            code="signing_appearance.font_units",
            params={
                "file": path,
                "units": units_per_em,
                "required": REQUIRED_UNITS_PER_EM,
                "package": DEFAULT_STAMP_FONT_PACKAGE,
            },
        )


def _read_units_per_em(font_file: BinaryIO) -> int | None:
    header = font_file.read(12)
    if header[:4] not in _SFNT_VERSIONS:
        return None
    (table_count,) = struct.unpack(">H", header[4:6])
    directory = font_file.read(16 * table_count)
    for index in range(table_count):
        tag, _checksum, offset, _length = struct.unpack(
            ">4sLLL", directory[16 * index : 16 * index + 16]
        )
        if tag == b"head":
            font_file.seek(offset + 18)  # after version, revision, checksum, magic, flags
            (units_per_em,) = struct.unpack(">H", font_file.read(2))
            return int(units_per_em)
    return None
