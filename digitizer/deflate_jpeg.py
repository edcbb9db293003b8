"""Optional lossless Flate wrapping of scanner JPEGs.

A JPEG's entropy-coded data still yields about 1 % to Flate. Wrapping a stream as
[/FlateDecode /DCTDecode] keeps the JPEG bytes exactly as the scanner wrote them one
decode step inside, but the stream as stored is no longer the input's, so this is off
unless the `ocr.deflate_jpeg` setting asks for it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

import pikepdf
from pikepdf import Array, Name

_LEVEL = 6


def deflate_jpegs(images: Iterable[pikepdf.Stream]) -> int:
    """Wrap each plain JPEG among `images` in Flate where that saves bytes; return bytes saved."""
    saved = 0
    seen: set[tuple[int, int]] = set()
    for image in images:
        if image.objgen in seen or not _is_plain_jpeg(image):
            continue
        seen.add(image.objgen)
        jpeg = image.read_raw_bytes()
        packed = zlib.compress(jpeg, _LEVEL)
        if len(packed) >= len(jpeg):
            continue
        parms = image.get(Name.DecodeParms)
        if isinstance(parms, Array):
            parms = parms[0] if len(parms) else None
        image.write(
            packed,
            filter=Array([Name.FlateDecode, Name.DCTDecode]),
            decode_parms=Array([None, parms]) if parms is not None else None,
        )
        saved += len(jpeg) - len(packed)
    return saved


def _is_plain_jpeg(image: pikepdf.Stream) -> bool:
    filters = image.get(Name.Filter)
    if isinstance(filters, Array):
        return len(filters) == 1 and filters[0] == Name.DCTDecode
    return filters == Name.DCTDecode
