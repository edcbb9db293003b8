"""Admin: the signing profiles by name and what each signs — never where a key is or how it
is unlocked (no paths, labels, PINs or passphrases, not even their variables' names)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response

from config.signing_settings import ProfileSettings, SigningSettings
from queries.receipt_series import series_by_profile
from service.web.context import web_context
from service.web.pages import render
from service.web.roles import Admin

router = APIRouter()

_APPEARANCES = {
    None: "Chữ ký ẩn (không hiện trên trang)",
    "personal": "Dấu cá nhân (góc trên bên trái trang 1: tên người ký, thời gian)",
    "agency": "Dấu cơ quan (góc trên bên phải trang 1: loại bản sao, tên cơ quan, thời gian)",
}


@dataclass(frozen=True)
class ProfileView:
    name: str
    key_kind: str
    timestamped: bool
    approvers: tuple[str, ...]
    appearance: str
    uses: tuple[str, ...]
    series: tuple[str, ...]
    series_count: int


@dataclass(frozen=True)
class UnitChoice:
    unit: str
    intake: str | None
    result: str | None


@router.get("/admin/profiles")
def profiles(request: Request, user: Admin) -> Response:
    back = web_context(request).back
    signing = back.settings.signing
    series = series_by_profile(back.store)
    views = [
        _view(name, profile, signing, *series.get(name, ([], 0)))
        for name, profile in sorted(signing.profiles.items())
    ]
    units = [
        UnitChoice(unit, choice.intake, choice.result)
        for unit, choice in sorted(signing.units.items())
    ]
    return render(
        request,
        "admin/profiles.html",
        user,
        profiles=views,
        units=units,
        default_intake=signing.intake,
        default_result=signing.result,
    )


def _view(
    name: str, profile: ProfileSettings, signing: SigningSettings, series: list[str], count: int
) -> ProfileView:
    kind = "Tệp PKCS#12" if profile.pkcs12 is not None else "Thiết bị ký số (token PKCS#11)"
    appearance = profile.appearance.kind if profile.appearance is not None else None
    return ProfileView(
        name=name,
        key_kind=kind,
        timestamped=profile.timestamp_url is not None,
        approvers=tuple(profile.approvers),
        appearance=_APPEARANCES[appearance],
        uses=_uses(name, signing),
        series=tuple(series),
        series_count=count,
    )


def _uses(name: str, signing: SigningSettings) -> tuple[str, ...]:
    uses = []
    if signing.intake == name:
        uses.append("Hồ sơ tiếp nhận của mọi đơn vị (mặc định)")
    if signing.result == name:
        uses.append("Kết quả giải quyết của mọi đơn vị (mặc định)")
    for unit, choice in sorted(signing.units.items()):
        if choice.intake == name:
            uses.append(f"Hồ sơ tiếp nhận của đơn vị {unit}")
        if choice.result == name:
            uses.append(f"Kết quả giải quyết của đơn vị {unit}")
    return tuple(uses)
