"""Every action the code writes to the audit trail has words, and every detail key a label.

The source is read (not a list kept by hand): each `audit.record(...)` call is found, its action
resolved (a literal, a module constant, a choice of literals, or a parameter filled by the
callers), its detail keys gathered (keyword arguments, and `**name` followed to the dict or the
callers it comes from). A new action or key without words fails here.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.web.audit_words import ACTIONS, FIELDS, describe
from signing.verify import VerifyReport

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = [
    path
    for path in ROOT.iterdir()
    if path.is_dir() and (path / "__init__.py").exists() and path.name != "tests"
]

# `**name` whose keys come from a call the reader cannot follow, named by the call's text.
OPAQUE_KEYS: dict[str, set[str]] = {
    "report.to_dict()": {field.name for field in dataclasses.fields(VerifyReport)} | {"all_valid"},
}


@dataclasses.dataclass
class _Source:
    trees: dict[Path, ast.Module]
    parents: dict[ast.AST, ast.AST]
    constants: dict[str, str]
    functions: dict[str, list[ast.FunctionDef]]
    calls: dict[str, list[ast.Call]]


def _read() -> _Source:
    trees = {
        path: ast.parse(path.read_text(encoding="utf-8"))
        for package in PACKAGES
        for path in package.rglob("*.py")
    }
    source = _Source(trees, {}, {}, {}, {})
    for tree in trees.values():
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                source.parents[child] = node
            if isinstance(node, ast.FunctionDef):
                source.functions.setdefault(node.name, []).append(node)
            if isinstance(node, ast.Call):
                name = _called_name(node)
                if name:
                    source.calls.setdefault(name, []).append(node)
        for statement in tree.body:
            if (
                isinstance(statement, ast.Assign | ast.AnnAssign)
                and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)
            ):
                targets = (
                    statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                )
                for target in targets:
                    if isinstance(target, ast.Name):
                        source.constants[target.id] = statement.value.value
    return source


def _called_name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return ""


def _audit_calls(source: _Source) -> Iterator[ast.Call]:
    for call in source.calls.get("record", []):
        func = call.func
        if isinstance(func, ast.Attribute) and ast.unparse(func.value) == "audit":
            yield call


def _function_of(source: _Source, node: ast.AST) -> ast.FunctionDef | None:
    while node in source.parents:
        node = source.parents[node]
        if isinstance(node, ast.FunctionDef):
            return node
    return None


def _argument(call: ast.Call, function: ast.FunctionDef, parameter: str) -> ast.expr | None:
    names = [argument.arg for argument in function.args.args]
    for keyword in call.keywords:
        if keyword.arg == parameter:
            return keyword.value
    position = names.index(parameter)
    if isinstance(call.func, ast.Attribute) and names and names[0] in ("self", "cls"):
        position -= 1
    return call.args[position] if position < len(call.args) else None


def _texts(source: _Source, node: ast.expr, where: ast.AST) -> set[str]:
    """The strings an expression may hold where it is written."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _texts(source, node.body, where) | _texts(source, node.orelse, where)
    if isinstance(node, ast.Name):
        function = _function_of(source, where)
        parameters = [argument.arg for argument in function.args.args] if function else []
        if function is not None and node.id in parameters:
            return _from_callers(source, function, node.id)
        if node.id in source.constants:
            return {source.constants[node.id]}
    if isinstance(node, ast.JoinedStr) and len(node.values) == 2:
        hole, rest = node.values
        if isinstance(hole, ast.FormattedValue) and isinstance(rest, ast.Constant):
            return {text + str(rest.value) for text in _texts(source, hole.value, where)}
    raise AssertionError(f"cannot read the action {ast.unparse(node)!r}: make it a literal")


def _from_callers(source: _Source, function: ast.FunctionDef, parameter: str) -> set[str]:
    found: set[str] = set()
    for call in source.calls.get(function.name, []):
        argument = _argument(call, function, parameter)
        if argument is not None:
            found |= _texts(source, argument, call)
    return found


def _keys(source: _Source, call: ast.Call) -> set[str]:
    keys: set[str] = set()
    for keyword in call.keywords:
        if keyword.arg is not None:
            keys.add(keyword.arg)
        else:
            keys |= _spread_keys(source, keyword.value, call)
    return keys - {"actor"}


def _spread_keys(source: _Source, node: ast.expr, where: ast.AST) -> set[str]:
    text = ast.unparse(node)
    if text in OPAQUE_KEYS:
        return OPAQUE_KEYS[text]
    function = _function_of(source, where)
    if isinstance(node, ast.Name) and function is not None:
        if function.args.kwarg is not None and function.args.kwarg.arg == node.id:
            keys: set[str] = set()
            for call in source.calls.get(function.name, []):
                keys |= _keys(source, call)
            return keys
        for statement in ast.walk(function):
            if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
                targets = (
                    statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                )
                if any(isinstance(t, ast.Name) and t.id == node.id for t in targets):
                    return _dict_keys(source, statement.value, statement)
    raise AssertionError(f"cannot read the details **{text}: name its keys")


def _dict_keys(source: _Source, value: ast.expr, where: ast.AST) -> set[str]:
    if ast.unparse(value) in OPAQUE_KEYS:
        return OPAQUE_KEYS[ast.unparse(value)]
    if isinstance(value, ast.Dict):
        keys = {key.value for key in value.keys if isinstance(key, ast.Constant)}
        return {str(key) for key in keys}
    if isinstance(value, ast.IfExp):  # one dict or another: the keys of either
        return _dict_keys(source, value.body, where) | _dict_keys(source, value.orelse, where)
    if isinstance(value, ast.DictComp):
        # {key: value for key, value in other.items() if …}: the keys of `other`.
        iterated = value.generators[0].iter
        if isinstance(iterated, ast.Call) and isinstance(iterated.func, ast.Attribute):
            return _spread_keys(source, iterated.func.value, where)
    raise AssertionError(f"cannot read the keys of {ast.unparse(value)!r}")


@pytest.fixture(scope="module")
def written() -> dict[str, set[str]]:
    """Each action the code writes, with the detail keys written with it."""
    source = _read()
    actions: dict[str, set[str]] = {}
    for call in _audit_calls(source):
        keys = _keys(source, call)
        for action in _texts(source, call.args[1], call):
            actions.setdefault(action, set()).update(keys)
    return actions


def test_the_reader_finds_the_actions_written_in_every_way(written: dict[str, set[str]]) -> None:
    assert {"document.tagged", "batch.signed", "batch.partly_failed"} <= written.keys()
    assert {"rates.exported", "receipt_usage.exported", "audit.verified"} <= written.keys()
    assert "document.signing_failed" in written
    assert {"procedure_id", "channel", "result_required"} <= written["dossier.registered"]
    assert {"format", "start", "end", "sha256"} <= written["rates.exported"]
    assert {"signatures", "all_valid", "file"} <= written["document.signatures_verified"]


def test_every_action_written_has_words(written: dict[str, set[str]]) -> None:
    assert sorted(set(written) - set(ACTIONS)) == []


def test_every_detail_key_written_has_a_label(written: dict[str, set[str]]) -> None:
    lacking = {
        action: sorted(keys - set(FIELDS)) for action, keys in written.items() if keys - set(FIELDS)
    }
    assert lacking == {}


def test_details_read_as_words() -> None:
    words = describe(
        "user.access_changed",
        {"roles": ["clerk", "officer"], "units": ["xa-an-binh"], "active": False},
    )
    assert words.sentence == "Đổi quyền người dùng"
    assert dict(words.fields) == {
        "Vai trò": "Cán bộ một cửa, Lãnh đạo ký duyệt",
        "Đơn vị": "xa-an-binh",
        "Còn hoạt động": "không",
    }
    tagged = describe("document.tagged", {"dossier": "H57.1-240101-0001", "source": "barcode"})
    assert dict(tagged.fields)["Nguồn gắn mã"] == "Mã QR/mã vạch"
    timed = describe("dossier.registered", {"received_at": "2026-03-02T01:30:00+00:00"})
    assert dict(timed.fields)["Ngày tiếp nhận"] == "02/03/2026 08:30"


def test_an_unknown_action_still_reads() -> None:
    words = describe("something.new", {"odd_key": True})
    assert words.sentence == "something.new"
    assert words.fields == (("odd_key", "có"),)
