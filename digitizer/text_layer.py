"""Laying the invisible text layer over the original page, one font shared by all pages."""

from __future__ import annotations

import hashlib

import pikepdf
from pikepdf import Matrix, Name


class TextLayerGrafter:
    """Lays text layers onto the pages of one PDF, sharing one copy of the font."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self._pdf = pdf
        self._fonts: dict[str, pikepdf.Object] = {}

    def graft(
        self,
        page: pikepdf.Page,
        layer: pikepdf.Pdf,
        placement: Matrix,
        deskew: Matrix | None = None,
    ) -> None:
        """Draw `layer`'s page through `placement` (layer space to user space)."""
        form = self._pdf.copy_foreign(layer.pages[0].as_form_xobject())
        self._share_fonts(form.get(Name.Resources))
        name = page.add_resource(form, Name.XObject, prefix="SohoaOCR")
        draw = b"q %s cm %s Do Q\n" % (_cm(placement), name.unparse())
        if deskew is None:
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(b"\nQ\n" + draw)
        else:
            page.contents_add(b"q %s cm q\n" % _cm(deskew), prepend=True)
            page.contents_add(b"\nQ\n" + draw + b"Q\n")

    def _share_fonts(self, resources: pikepdf.Object | None) -> None:
        fonts = resources.get(Name.Font) if isinstance(resources, pikepdf.Dictionary) else None
        if not isinstance(fonts, pikepdf.Dictionary):
            return
        for key in list(fonts.keys()):
            fingerprint = _font_fingerprint(fonts[key])
            shared = self._fonts.setdefault(fingerprint, fonts[key])
            fonts[key] = shared


def _font_fingerprint(font: pikepdf.Object) -> str:
    digest = hashlib.sha256(repr(sorted(font.keys())).encode())
    for descendant in font.get(Name.DescendantFonts, pikepdf.Array()):
        descriptor = descendant.get(Name.FontDescriptor, pikepdf.Dictionary())
        for key in (Name.FontFile2, Name.FontFile, Name.FontFile3):
            if key in descriptor:
                digest.update(descriptor[key].read_raw_bytes())
        gid_map = descendant.get(Name.CIDToGIDMap)
        if isinstance(gid_map, pikepdf.Stream):
            digest.update(gid_map.read_raw_bytes())
    return digest.hexdigest()


def _cm(matrix: Matrix) -> bytes:
    values = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
    return " ".join(f"{value:.6f}".rstrip("0").rstrip(".") or "0" for value in values).encode()
