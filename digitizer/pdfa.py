"""PDF/A-2b without re-encoding: a preflight for what would need it, then XMP and intent.

Only what Sohoa can make conformant by adding metadata is made PDF/A; anything that
would need the page content or images rewritten is reported, and a normal PDF written.
"""

from __future__ import annotations

from collections.abc import Iterable

import pikepdf
from pikepdf import Name
from PIL import ImageCms

from digitizer.page_plan import PagePlan

PRODUCER = "Sohoa"
_FORBIDDEN_FILTERS = {"/LZWDecode": "LZW-compressed data"}
_FORBIDDEN_ACTIONS = {Name.JavaScript, Name.Launch, Name.Sound, Name.Movie, Name.ImportData}
_EXEMPT_ANNOTATIONS = {Name.Popup, Name.Link}
_PRINT_FLAG = 4


def pdfa_obstacles(pdf: pikepdf.Pdf, plans: Iterable[PagePlan]) -> list[str]:
    """Reasons this PDF cannot become PDF/A-2b without re-encoding its content."""
    reasons: set[str] = set()
    if any(plan.uses_device_cmyk for plan in plans):
        reasons.add("pages paint in device CMYK colour, which an sRGB file may not")
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            reasons.update(_object_obstacles(obj))
    names = pdf.Root.get(Name.Names, pikepdf.Dictionary())
    if Name.JavaScript in names:
        reasons.add("the PDF carries JavaScript")
    if Name.EmbeddedFiles in names:
        reasons.add("the PDF carries attached files")
    form = pdf.Root.get(Name.AcroForm, pikepdf.Dictionary())
    if form.get(Name.NeedAppearances, False):
        reasons.add("form fields have no drawn appearance")
    return sorted(reasons)


def _object_obstacles(obj: pikepdf.Object) -> Iterable[str]:
    filters = obj.get(Name.Filter) if isinstance(obj, pikepdf.Stream) else None
    for item in filters if isinstance(filters, pikepdf.Array) else [filters]:
        if str(item) in _FORBIDDEN_FILTERS:
            yield _FORBIDDEN_FILTERS[str(item)]
    kind = obj.get(Name.Type)
    subtype = obj.get(Name.Subtype)
    if obj.get(Name.S) in _FORBIDDEN_ACTIONS:
        yield f"the PDF has {str(obj.S)[1:]} actions"
    if subtype == Name.Image and obj.get(Name.ColorSpace) == Name.DeviceCMYK:
        yield "images are in device CMYK colour, which an sRGB file may not hold"
    if kind == Name.Font and subtype in (Name.Type1, Name.TrueType, Name.MMType1):
        descriptor = obj.get(Name.FontDescriptor)
        if not _embeds_font(descriptor):
            yield f"font {str(obj.get(Name.BaseFont, '?'))[1:]} is not embedded"
    is_annotation = kind == Name.Annot or (Name.Rect in obj and Name.P in obj)
    if is_annotation and subtype not in _EXEMPT_ANNOTATIONS and not _prints_drawn(obj):
        yield "annotations are not set to print with a drawn appearance"


def _prints_drawn(annotation: pikepdf.Object) -> bool:
    return bool(int(annotation.get(Name.F, 0)) & _PRINT_FLAG) and Name.AP in annotation


def _embeds_font(descriptor: pikepdf.Object | None) -> bool:
    if not isinstance(descriptor, pikepdf.Dictionary):
        return False
    return any(key in descriptor for key in (Name.FontFile, Name.FontFile2, Name.FontFile3))


def make_pdfa(pdf: pikepdf.Pdf, *, title: str, dossier_code: str | None, version: str) -> None:
    """Declare PDF/A-2b: XMP metadata and an sRGB output intent."""
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
        meta["dc:title"] = title
        meta["pdf:Producer"] = f"{PRODUCER} {version}"
        meta["xmp:CreatorTool"] = f"{PRODUCER} {version}"
        if dossier_code:
            meta["dc:identifier"] = dossier_code
    if not _has_pdfa_intent(pdf):
        pdf.Root.OutputIntents = pikepdf.Array([_srgb_intent(pdf)])
    for obj in pdf.objects:
        # PDF/A forbids asking viewers to smooth images; the pixels are untouched.
        if isinstance(obj, pikepdf.Stream) and obj.get(Name.Interpolate, False):
            del obj.Interpolate


def _has_pdfa_intent(pdf: pikepdf.Pdf) -> bool:
    intents = pdf.Root.get(Name.OutputIntents, pikepdf.Array())
    return any(intent.get(Name.S) == Name.GTS_PDFA1 for intent in intents)


def _srgb_intent(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    profile = pdf.make_stream(_srgb_profile())
    profile.N = 3
    return pikepdf.Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String("sRGB"),
        Info=pikepdf.String("sRGB IEC61966-2.1"),
        DestOutputProfile=profile,
    )


def _srgb_profile() -> bytes:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    data: bytes = profile.tobytes()
    return data
