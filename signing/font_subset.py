"""A stamp font cut down to the characters of Vietnamese stamps, made once per font.

pyHanko parses the whole font file for every stamp and subsets it again when writing:
about 0.3 s a signature with FreeSerif's 4,000 glyphs, against about 10 ms with the 250
glyphs of Vietnamese and ASCII, without hinting and layout tables. Cutting the font takes
about a second, so the cut is kept in the user's cache folder under the hash of the font
and of the recipe: each command that signs (a receipt at the counter) reuses it.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

from fontTools import subset  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

_VIETNAMESE_LETTERS = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"
STAMP_CHARACTERS = frozenset(
    [chr(code) for code in range(0x20, 0x7F)]  # ASCII
    + [chr(code) for code in range(0x1EA0, 0x1EFA)]  # the toned vowels: ạ ả ấ … ỹ
    + list(_VIETNAMESE_LETTERS)
    + list("°«»–—‘’“”…₫\n")
)
"""What a stamp may hold to be drawn with the cut-down font (in NFC; else the whole font)."""

_subsets: dict[Path, Path] = {}
_lock = threading.Lock()
_folder: Path | None = None


def subset_font(path: Path) -> Path:
    """A file holding `path` cut down to STAMP_CHARACTERS (with its layout features)."""
    with _lock:
        made = _subsets.get(path)
        if made is None:
            made = _subsets[path] = _write_subset(path)
        return made


_RECIPE = "layout=none hinting=none names=all notdef=outline drop=FFTM"


def _write_subset(path: Path) -> Path:
    recipe = f"{_RECIPE} {''.join(sorted(STAMP_CHARACTERS))}".encode()
    key = hashlib.sha256(path.read_bytes() + recipe).hexdigest()[:24]
    target = _cache_folder() / f"{key}-{path.name}"
    if target.exists():
        return target
    font = _cut(path)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    font.save(str(partial))
    font.close()
    partial.replace(target)  # two processes cutting at once both write the same bytes
    return target


def _cut(path: Path) -> TTFont:
    options = subset.Options()
    options.layout_features = []
    options.hinting = False  # a 10 pt stamp is drawn at print or screen resolution alike
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]
    font = TTFont(str(path))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(character) for character in STAMP_CHARACTERS})
    subsetter.subset(font)
    return font


def _cache_folder() -> Path:
    """The user's cache folder for Sohoa's fonts, or a private folder for this process."""
    global _folder
    if _folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / "sohoa" / "fonts"
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            _folder = folder if os.access(folder, os.W_OK) else _private_folder()
        except OSError:
            _folder = _private_folder()
    return _folder


def _private_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="sohoa-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
