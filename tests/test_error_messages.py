"""The web's Vietnamese message catalogue against every error code the code raises.

The raise sites are read from the source (a `code="…"` argument and the `params={…}` beside
it), so that a new code without a Vietnamese text, or a text naming a value its raise site
does not pass, fails here rather than in front of a clerk.
"""

from __future__ import annotations

import ast
import re
import string
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from config.errors import SohoaError
from receipt_counter.errors import InvalidReceiptRequestError, ReceiptError
from service.messages import MESSAGES, say, text, translated

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = sorted(
    path.parent.name
    for path in ROOT.glob("*/__init__.py")
    if path.parent.name not in {"tests", "bench"}
)
CODE = re.compile(r"[a-z][a-z_]*\.[a-z][a-z_]*")


@dataclass(frozen=True)
class RaiseSite:
    where: str
    code: str
    params: frozenset[str] | None
    """The names passed as `params={…}`; None when they are not written out there."""


def raise_sites() -> list[RaiseSite]:
    sites = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            where = path.relative_to(ROOT).as_posix()
            sites += [
                _site(f"{where}:{getattr(node, 'lineno', 0)}", node) for node in ast.walk(tree)
            ]
    return [site for site in sites if site is not None]


def _site(where: str, node: ast.AST) -> RaiseSite | None:
    """A call passing `code="…"`, or an error class saying `code = "…"` for all its errors."""
    if isinstance(node, ast.Call):
        arguments = {keyword.arg: keyword.value for keyword in node.keywords}
        code = _text(arguments.get("code"))
        return None if code is None else RaiseSite(where, code, _names(arguments.get("params")))
    if isinstance(node, ast.ClassDef) and any(_is_error(base) for base in node.bases):
        for statement in node.body:
            if isinstance(statement, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "code" for target in statement.targets
            ):
                code = _text(statement.value)
                return None if code is None else RaiseSite(where, code, frozenset())
    return None


def _is_error(base: ast.expr) -> bool:
    name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
    return isinstance(name, str) and name.endswith("Error")


def _text(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _names(params: ast.expr | None) -> frozenset[str] | None:
    if params is None:
        return frozenset()
    if isinstance(params, ast.Dict) and all(
        isinstance(key, ast.Constant) and isinstance(key.value, str) for key in params.keys
    ):
        return frozenset(key.value for key in params.keys if isinstance(key, ast.Constant))
    return None


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


SITES = raise_sites()


def test_the_source_raises_coded_errors_at_all() -> None:
    assert len(SITES) > 40
    assert {"receipt.series_other_year", "batch.wrong_state", "user.exists"} <= {
        site.code for site in SITES
    }


@pytest.mark.parametrize("site", SITES, ids=lambda site: f"{site.code}@{site.where}")
def test_every_code_raised_has_a_vietnamese_text_its_params_fill(site: RaiseSite) -> None:
    assert CODE.fullmatch(site.code), "codes are dotted: subject.reason"
    assert site.code in MESSAGES, f"{site.where}: no Vietnamese text for {site.code}"
    assert site.params is not None, f"{site.where}: write params={{…}} out at the raise site"
    missing = placeholders(MESSAGES[site.code]) - site.params
    assert not missing, f"{site.where}: {site.code} does not pass {sorted(missing)}"


def test_every_text_is_nfc_and_for_a_code_that_is_raised() -> None:
    raised = {site.code for site in SITES}
    for code, template in MESSAGES.items():
        assert unicodedata.is_normalized("NFC", template), code
        assert code in raised, f"{code} is in the catalogue but raised nowhere"


def test_an_error_without_a_text_is_shown_in_its_own_words() -> None:
    plain = SohoaError("Something English.")
    unknown = ReceiptError("Also English.", code="receipt.no_such_code")
    unfilled = ReceiptError("Series BI-25T is for 2025.", code="receipt.series_other_year")
    for error in (plain, unknown, unfilled):
        assert text(error) is None and translated(error) is None
        assert say(error) == error.message


def test_several_problems_are_said_together_each_in_vietnamese() -> None:
    error = InvalidReceiptRequestError(
        [
            ReceiptError("A receipt needs the payer's name.", code="receipt.payer_missing"),
            ReceiptError("Dossier X is not in the register.", code="receipt.dossier_unknown",
                         params={"dossier": "H57.132-261008-0975"}),
            SohoaError("Not in the catalogue."),
        ]
    )  # fmt: skip
    assert error.message.startswith("A receipt needs the payer's name. Dossier X")
    assert translated(error) is None
    assert say(error) == (
        "Hãy nhập họ tên người nộp tiền. "
        "Hồ sơ H57.132-261008-0975 chưa có trong sổ theo dõi hồ sơ. Not in the catalogue."
    )
