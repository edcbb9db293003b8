"""The fonts of PDF receipts, loaded once per process and embedded as subsets.

The default is GNU FreeSerif and FreeSerif Bold (Debian package fonts-freefont-ttf):
metric-compatible with Times New Roman, which Decree 30/2020 asks for, and covering
every precomposed Vietnamese letter. Another TrueType font can be given; its bold face
is looked for beside it (Name-Bold.ttf, NameBold.ttf, Namebd.ttf, Regular → Bold) and the
regular face is used for bold text when there is none.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from config.errors import ConfigError, MissingDependencyError
from receipts.render_errors import InvalidReceiptError

FONT_FOLDER = Path("/usr/share/fonts/truetype/freefont")
DEFAULT_FONT = FONT_FOLDER / "FreeSerif.ttf"
DEFAULT_BOLD_FONT = FONT_FOLDER / "FreeSerifBold.ttf"
DEFAULT_FONT_PACKAGE = "fonts-freefont-ttf"

_registering = threading.Lock()


@dataclass(frozen=True)
class PdfFonts:
    regular: str
    """The name the font is registered under in ReportLab."""
    bold: str
    path: Path
    characters: frozenset[int]
    """Code points both faces can show."""

    def check_covers(self, texts: Iterable[str]) -> None:
        """Raise InvalidReceiptError if some character of `texts` has no glyph."""
        missing = sorted(
            {char for text in texts for char in text if ord(char) not in self.characters}
        )
        if missing:
            shown = ", ".join(f"'{char}' (U+{ord(char):04X})" for char in missing[:5])
            raise InvalidReceiptError(
                f"The receipt holds characters the font {self.path} cannot show: {shown}. "
                "Correct the text, or configure a font that has them.",
                code="receipt_font.characters_missing",
                params={"file": self.path, "characters": shown},
            )


def load_fonts(font: Path | None = None) -> PdfFonts:
    """The regular and bold faces of `font` (FreeSerif by default), registered once."""
    if font is None:
        for default in (DEFAULT_FONT, DEFAULT_BOLD_FONT):
            if not default.is_file():
                raise MissingDependencyError(
                    f"The receipt font {default} is missing: install the Debian package "
                    f"{DEFAULT_FONT_PACKAGE} (apt-get install {DEFAULT_FONT_PACKAGE}).",
                    code="dependency.receipt_font_missing",
                    params={"file": default, "package": DEFAULT_FONT_PACKAGE},
                )
        return _registered(DEFAULT_FONT, DEFAULT_BOLD_FONT)
    if not font.is_file():
        raise ConfigError(
            f"The receipt font {font} does not exist: correct the font path.",
            code="receipt_font.missing",
            params={"file": font},
        )
    return _registered(font, _bold_beside(font) or font)


def _bold_beside(font: Path) -> Path | None:
    stem, suffix = font.stem, font.suffix
    names = [f"{stem}-Bold{suffix}", f"{stem}Bold{suffix}", f"{stem}bd{suffix}"]
    if "Regular" in stem:
        names.insert(0, f"{stem.replace('Regular', 'Bold')}{suffix}")
    return next((font.with_name(name) for name in names if font.with_name(name).is_file()), None)


@functools.lru_cache(maxsize=8)
def _registered(regular: Path, bold: Path) -> PdfFonts:
    with _registering:
        faces = [_register(regular), _register(bold)]
    return PdfFonts(
        regular=faces[0].fontName,
        bold=faces[1].fontName,
        path=regular,
        characters=frozenset(faces[0].face.charToGlyph) & frozenset(faces[1].face.charToGlyph),
    )


def _register(path: Path) -> TTFont:
    name = f"Sohoa-{path.stem}-{hashlib.sha256(str(path).encode()).hexdigest()[:8]}"
    try:
        face = TTFont(name, str(path))
    except (TTFError, OSError) as error:
        raise ConfigError(
            f"The receipt font {path} cannot be embedded ({error}): use a TrueType font "
            "(.ttf) that allows embedding, such as FreeSerif or Liberation Serif.",
            code="receipt_font.unembeddable",
            params={"file": path, "reason": error},
        ) from error
    pdfmetrics.registerFont(face)
    return face
