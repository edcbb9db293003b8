"""Reading the admin forms: roles, unit codes and new passwords, refused in Vietnamese."""

from __future__ import annotations

import re
from collections.abc import Iterable

from accounts.users import UserError, check_new_password, checked_name
from service.messages import say
from service.web.labels import label
from store.states import Role

ROLE_CHOICES = tuple((role.value, label("role", role)) for role in Role)
_UNIT_SEPARATORS = re.compile(r"[\s,;]+")
_UNIT_CODE = re.compile(r"[^\s/\\\x00-\x1f\x7f]{1,100}")


class FormError(Exception):
    """A form that cannot be saved; the message is shown to the admin as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def user_name(text: str) -> str:
    try:
        return checked_name(text)
    except UserError:
        raise FormError(
            "Tên đăng nhập chỉ gồm chữ thường a-z, chữ số, dấu chấm, gạch dưới hoặc gạch "
            "ngang, tối đa 100 ký tự."
        ) from None


def chosen_roles(values: Iterable[str] | None) -> frozenset[Role]:
    roles = frozenset(Role(value) for value in values or () if value in Role.__members__.values())
    if not roles:
        raise FormError("Hãy chọn ít nhất một vai trò.")
    return roles


def unit_codes(text: str, roles: frozenset[Role]) -> tuple[str, ...]:
    """Unit codes (inbox folder names) typed with commas or spaces between them."""
    codes = tuple(unit_code(code) for code in dict.fromkeys(_UNIT_SEPARATORS.split(text)) if code)
    if Role.CLERK in roles and not codes:
        raise FormError("Cán bộ một cửa cần ít nhất một đơn vị: các đơn vị họ xử lý hồ sơ.")
    return codes


def unit_code(text: str) -> str:
    code = text.strip()
    if not _UNIT_CODE.fullmatch(code) or code.startswith("."):
        raise FormError(
            f"“{code[:100]}” không phải mã đơn vị: mã đơn vị là tên thư mục của đơn vị trong "
            "thư mục nhận hồ sơ (không có dấu cách, không có “/”)."
        )
    return code


def new_password(password: str, again: str) -> str:
    if password != again:
        raise FormError("Hai lần nhập mật khẩu không giống nhau.")
    try:
        check_new_password(password)
    except UserError as error:
        raise FormError(say(error)) from None
    return password
