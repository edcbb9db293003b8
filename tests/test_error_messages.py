"""The web's Vietnamese message catalogue against every error code the code raises.

The raise sites are read from the source (a `code="…"` argument and the `params={…}` beside
it), so that a new code without a Vietnamese text, or a text naming a value its raise site
does not pass, fails here rather than in front of a clerk; and so is every error of ours the
source builds, so that one without a code (which would print in English in Vietnamese mode)
fails here too.
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


# Values an error class puts into its params itself, from the arguments every raise passes.
IMPLIED_PARAMS = {
    "DigitizeError": frozenset({"file"}),
    "RegisterError": frozenset({"file"}),
    "InvalidDossierCodeError": frozenset({"text"}),
    "InvalidProcedureCodeError": frozenset({"text"}),
}
# Files whose errors may still be built without a code, and why. A command file's own
# refusals get their codes together with the rest of that command's words; until then they
# print in English in both languages.
UNCODED_FILES: dict[str, str] = {}
"""Files let off, each with why; none now."""


@dataclass(frozen=True)
class RaiseSite:
    where: str
    code: str
    params: frozenset[str] | None
    """The names passed as `params={…}` (and those its class adds); None when they are not
    written out there."""


@dataclass(frozen=True)
class Construction:
    """An error of ours built in the source: `SomeError(...)`."""

    where: str
    error: str
    code: str | None
    """The `code="…"` it passes; None without one (or with one not written out)."""


def _sources() -> dict[str, ast.Module]:
    trees = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            where = path.relative_to(ROOT).as_posix()
            trees[where] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return trees


SOURCES = _sources()


def _error_classes() -> dict[str, frozenset[str]]:
    """Every SohoaError subclass defined in the source, with the params it adds itself."""
    bases: dict[str, set[str]] = {}
    for tree in SOURCES.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(map(_name, node.bases))
    implied = {"SohoaError": frozenset[str]()}
    while True:
        found = {
            name: frozenset().union(
                IMPLIED_PARAMS.get(name, frozenset()),
                *(implied[base] for base in named if base in implied),
            )
            for name, named in bases.items()
            if name not in implied and named & implied.keys()
        }
        if not found:
            return implied
        implied |= found


def _self_coded(errors: dict[str, frozenset[str]]) -> set[str]:
    """Error classes whose own `__init__` gives the code (a gathering of several problems)."""
    coded = set()
    for tree in SOURCES.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in errors:
                calls = [call for call in ast.walk(node) if isinstance(call, ast.Call)]
                if any(
                    _name(call.func) == "__init__" and _text(_keyword(call, "code"))
                    for call in calls
                ):
                    coded.add(node.name)
    return coded


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((keyword.value for keyword in call.keywords if keyword.arg == name), None)


def constructions() -> list[Construction]:
    built = []
    for where, tree in SOURCES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in ERRORS:
                code = _text(_keyword(node, "code"))
                built.append(Construction(f"{where}:{node.lineno}", _name(node.func), code))
            elif _raises_a_bare_class(node):  # `raise SomeError`: no message, no code
                assert isinstance(node, ast.Raise) and isinstance(node.exc, ast.Name)
                built.append(Construction(f"{where}:{node.lineno}", node.exc.id, None))
    return built


def _raises_a_bare_class(node: ast.AST) -> bool:
    return isinstance(node, ast.Raise) and isinstance(node.exc, ast.Name) and node.exc.id in ERRORS


def raise_sites() -> list[RaiseSite]:
    sites = []
    for where, tree in SOURCES.items():
        sites += [_site(f"{where}:{getattr(node, 'lineno', 0)}", node) for node in ast.walk(tree)]
    return [site for site in sites if site is not None]


def _site(where: str, node: ast.AST) -> RaiseSite | None:
    """A call passing `code="…"`, or an error class saying `code = "…"` for all its errors."""
    if isinstance(node, ast.Call):
        code = _text(_keyword(node, "code"))
        if code is None:
            return None
        params = _names(_keyword(node, "params"))
        implied = ERRORS.get(_name(node.func), frozenset())
        return RaiseSite(where, code, None if params is None else params | implied)
    if isinstance(node, ast.ClassDef) and any(_is_error(base) for base in node.bases):
        for statement in node.body:
            if isinstance(statement, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "code" for target in statement.targets
            ):
                code = _text(statement.value)
                return None if code is None else RaiseSite(where, code, frozenset())
    return None


def _is_error(base: ast.expr) -> bool:
    return _name(base).endswith("Error")


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


ERRORS = _error_classes()
SELF_CODED = _self_coded(ERRORS)
SITES = raise_sites()
BUILT = constructions()


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


def test_every_error_of_ours_is_built_with_a_code() -> None:
    assert len(BUILT) > 200 and {"DigitizeError", "ConfigError", "ReceiptError"} <= ERRORS.keys()
    uncoded = [
        f"{built.where} {built.error}"
        for built in BUILT
        if built.code is None
        and built.error not in SELF_CODED
        and built.where.partition(":")[0] not in UNCODED_FILES
    ]
    assert not uncoded, 'pass code="area.reason" and params={…}:\n' + "\n".join(uncoded)


def test_the_files_let_off_without_codes_still_need_it() -> None:
    """A file listed in UNCODED_FILES whose errors all carry codes is taken off the list."""
    still = {built.where.partition(":")[0] for built in BUILT if built.code is None}
    assert not UNCODED_FILES.keys() - still, "every error there has a code now: unlist it"


def test_the_params_an_error_class_adds_are_there() -> None:
    from digitizer.errors import CorruptFileError
    from dossiers.errors import InvalidDossierCodeError, InvalidProcedureCodeError, RegisterError

    made = {
        "DigitizeError": CorruptFileError(Path("a.pdf"), "damaged", params={"page": 2}),
        "RegisterError": RegisterError(Path("so.xlsx"), "is empty"),
        "InvalidDossierCodeError": InvalidDossierCodeError("X-1", "bad"),
        "InvalidProcedureCodeError": InvalidProcedureCodeError("1.2", "bad"),
    }
    for family, error in made.items():
        assert IMPLIED_PARAMS[family] <= error.params.keys(), family
    assert made["DigitizeError"].params == {"file": "a.pdf", "page": 2}


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
