"""A mixed day's drop for the inbox: every way a clerk tags a file, and a stack to split."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import zxingcpp
from PIL import Image, ImageDraw

from tests.support.pages import font, make_page, save_jpeg, scanned

UNIT = "ubnd-xa-an-binh"


@dataclass(frozen=True)
class Expected:
    """What the record must say about one output document."""

    inbox_path: str  # relative to the inbox
    code: str | None
    source: str | None  # the tag source
    pages: int


def dossier_code(number: int) -> str:
    return f"H57.132-2608{1 + number % 28:02d}-{1000 + number:04d}"


def qr(payload: str, scale: int = 8) -> Image.Image:
    symbol = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode)
    return Image.fromarray(symbol.to_image(scale=scale)).convert("L")


def paper(words: list[str], seed: int, *, code_in_text: str | None = None) -> Image.Image:
    page = make_page(words, lines=3, seed=seed).image
    if code_in_text is not None:
        ImageDraw.Draw(page).text((354, 150), f"Mã hồ sơ: {code_in_text}", font=font(44), fill=0)
    return scanned(page, seed=seed)


def with_qr(picture: Image.Image, payload: str) -> Image.Image:
    picture.paste(qr(payload), (120, 60))
    return picture


def separator(code: str) -> Image.Image:
    sheet = Image.new("L", (2480, 3508), 255)
    sheet.paste(qr(f"https://dichvucong.example.gov.vn/hs?ma={code}", scale=12), (900, 1200))
    ImageDraw.Draw(sheet).text((900, 1000), "PHIẾU TÁCH HỒ SƠ", font=font(60), fill=0)
    return scanned(sheet, seed=1)


def save_pdf(pictures: list[Image.Image], path: Path) -> None:
    jpegs = []
    for index, picture in enumerate(pictures):
        jpegs.append(save_jpeg(picture, path.with_name(f".{path.stem}-{index}.jpg")))
    path.write_bytes(img2pdf.convert([str(jpeg) for jpeg in jpegs]))
    for jpeg in jpegs:
        jpeg.unlink()


def write_drop(staging: Path, words: list[str], count: int) -> list[Expected]:
    """Write `count` files (the last a two-dossier stack) under `staging/<unit>/...`."""
    expected: list[Expected] = []
    for number in range(count - 1):
        expected.append(_write_one(staging, words, number))
    expected.extend(_write_stack(staging, words, count))
    return expected


class Drops:
    """Day's drops as `write_drop` writes them, each file drawn once and copied after.

    File `number` of a drop is the same in every drop (only the stack depends on the
    count), so a session draws each once into `drawn` and copies it into each staging
    folder; a test may move or change its copies freely.
    """

    def __init__(self, words: list[str], drawn: Path) -> None:
        self.words = words
        self.drawn = drawn
        self._ones: dict[int, Expected] = {}
        self._stacks: dict[int, list[Expected]] = {}

    def write(self, staging: Path, count: int) -> list[Expected]:
        """What `write_drop(staging, words, count)` writes and returns."""
        expected: list[Expected] = []
        for number in range(count - 1):
            if number not in self._ones:
                (self.drawn / "ones" / UNIT / "intake").mkdir(parents=True, exist_ok=True)
                self._ones[number] = _write_one(self.drawn / "ones", self.words, number)
            expected.append(self._copy(self.drawn / "ones", self._ones[number], staging))
        if count not in self._stacks:
            folder = self.drawn / f"stack-{count}"
            (folder / UNIT / "intake").mkdir(parents=True)
            self._stacks[count] = _write_stack(folder, self.words, count)
        stack = self._stacks[count]
        self._copy(self.drawn / f"stack-{count}", stack[0], staging)
        expected.extend(stack)
        return expected

    @staticmethod
    def _copy(drawn: Path, item: Expected, staging: Path) -> Expected:
        target = staging / item.inbox_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(drawn / item.inbox_path, target)
        return item


def _write_one(staging: Path, words: list[str], number: int) -> Expected:
    code = dossier_code(number)
    intake = staging / UNIT / "intake"
    way = number % 5
    if way == 0:  # in a folder named after the dossier, as a PDF
        path = intake / code / f"don-{number}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        save_pdf([paper(words, number)], path)
        return Expected(_rel(staging, path), code, "folder", 1)
    if way == 1:  # the code at the start of the file name, as a JPEG
        path = intake / f"{code}_giay-to.jpg"
        save_jpeg(paper(words, number), path)
        return Expected(_rel(staging, path), code, "file_name", 1)
    if way == 2:  # a one-stop QR at the top left of page 1, as a two-page TIFF
        path = intake / f"scan-{number}.tiff"
        payload = f'{{"maHoSo":"{code}","maTTHC":"1.001612"}}'
        first, second = with_qr(paper(words, number), payload), paper(words, number + 100)
        first.save(path, save_all=True, append_images=[second], dpi=(300, 300))
        return Expected(_rel(staging, path), code, "barcode", 2)
    if way == 3:  # the code only in the text, as a PNG
        path = staging / UNIT / "results" / f"ket-qua-{number}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        paper(words, number, code_in_text=code).save(path, dpi=(300, 300))
        return Expected(_rel(staging, path), code, "text", 1)
    path = intake / f"khong-ma-{number}.pdf"  # nothing to tag it by
    save_pdf([paper(words, number)], path)
    return Expected(_rel(staging, path), None, None, 1)


def _write_stack(staging: Path, words: list[str], count: int) -> list[Expected]:
    first, second = dossier_code(count), dossier_code(count + 1)
    path = staging / UNIT / "intake" / "chong-ho-so.pdf"
    pages = [separator(first), paper(words, 901), paper(words, 902)]
    pages += [separator(second), paper(words, 903)]
    save_pdf(pages, path)
    rel = _rel(staging, path)
    return [Expected(rel, first, "barcode", 2), Expected(rel, second, "barcode", 1)]


def _rel(staging: Path, path: Path) -> str:
    return path.relative_to(staging).as_posix()
