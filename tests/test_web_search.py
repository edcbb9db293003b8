"""The search page and its API twin in-process, over scans of two units OCR'd by Tesseract:
the matches marked as read, a thumbnail for each hit, counts that narrow, and a clerk who never
learns of another unit's documents."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from accounts.api_tokens import create_api_token
from accounts.users import UserSpec, add_user, parse_roles
from intake.register import IncomingFile, Registered, register
from service.compose import JobProcess
from store.schema import UnitRecord
from store.states import DocumentKind
from tests.support.web import PASSWORD, log_in, web_client, web_services
from tests.test_web_clerk import small_scan, wait_for_jobs

UNIT_A, UNIT_B = "xa-an-binh", "xa-binh-an"
NAMES = {UNIT_A: "UBND xã An Bình", UNIT_B: "UBND xã Bình An"}
USERS = {"lan": "clerk", "minh": "clerk", "mai": "auditor", "hung": "officer", "quan": "admin"}
INTAKE, RESULT = DocumentKind.INTAKE, DocumentKind.RESULT
SCANS = (
    ("to-khai.png", UNIT_A, INTAKE, ("Tờ khai đăng ký khai sinh", "Người khai: Lê Thị Mai")),
    ("don-ban-sao.png", UNIT_A, INTAKE, ("Đơn đề nghị cấp bản sao", "Người nộp: Trần Văn Dũng")),
    ("giay-khai-sinh.png", UNIT_B, RESULT, ("Bản sao giấy khai sinh", "Người nhận: Phạm Văn Tâm")),
)


@dataclass(frozen=True)
class Office:
    services: JobProcess
    client: TestClient
    documents: dict[str, int]
    units: dict[str, int]
    tokens: dict[str, str]

    def as_user(self, name: str) -> TestClient:
        self.client.cookies.clear()
        log_in(self.client, name)
        return self.client

    def api(self, name: str, query: str) -> dict[str, object]:
        self.client.cookies.clear()
        answer = self.client.get(
            f"/api/search?{query}", headers={"Authorization": f"Bearer {self.tokens[name]}"}
        )
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert isinstance(body, dict)
        return body


def receive(
    services: JobProcess, unit: str, kind: DocumentKind, name: str, lines: tuple[str, ...]
) -> int:
    inbox = services.layout.inbox / unit / kind.value
    inbox.mkdir(parents=True, exist_ok=True)
    small_scan(inbox / name, *lines)
    incoming = IncomingFile(
        inbox / name, PurePosixPath(f"{unit}/{kind.value}/{name}"), unit, kind, None
    )
    outcome = register(services.context, incoming)
    assert isinstance(outcome, Registered)
    return outcome.document_id


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    data_dir: Path = tmp_path_factory.mktemp("search") / "var"
    with web_services(data_dir) as services:
        for name, role in USERS.items():
            units = (UNIT_A,) if name == "lan" else (UNIT_B,) if name == "minh" else ()
            add_user(services.store, UserSpec(name, parse_roles([role]), PASSWORD, units), "test")
        documents = {
            name: receive(services, unit, kind, name, lines) for name, unit, kind, lines in SCANS
        }
        wait_for_jobs(services)
        with services.store.writing() as session:
            units = {unit.code: unit for unit in session.query(UnitRecord)}
            for code, unit_name in NAMES.items():
                units[code].name = unit_name
        tokens = {name: create_api_token(services.store, name, "tests", "test") for name in USERS}
        with web_client(services) as client:
            yield Office(services, client, documents, {c: u.id for c, u in units.items()}, tokens)


def hits_of(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'<li class="hit" id="document-(\d+)"', html)]


def marks_of(html: str) -> list[str]:
    return re.findall(r"<mark>([^<]*)</mark>", html)


def test_a_two_word_search_without_diacritics_marks_both_words_with_a_thumbnail(
    office: Office,
) -> None:
    client = office.as_user("lan")
    answer = client.get("/search", params={"q": "dang ky"})

    assert answer.status_code == 200
    document = office.documents["to-khai.png"]
    assert hits_of(answer.text) == [document]
    assert {"đăng", "ký"} <= set(marks_of(answer.text)), answer.text[-3000:]
    thumbnail = f"/documents/{document}/pages/1.png?width=160"
    assert f'src="{thumbnail}"' in answer.text and 'loading="lazy"' in answer.text
    assert f'href="/documents/{document}"' in answer.text and "to-khai.png" in answer.text
    assert NAMES[UNIT_A] in answer.text and "Hồ sơ tiếp nhận" in answer.text
    assert 'value="dang ky"' in answer.text, "the header's box keeps the query"
    image = client.get(thumbnail)
    assert image.status_code == 200 and image.content[:4] == b"\x89PNG"


def test_a_quoted_phrase_and_words_apart_find_different_documents(office: Office) -> None:
    client = office.as_user("mai")
    apart = client.get("/search", params={"q": "sinh khai"})
    phrase = client.get("/search", params={"q": '"sinh khai"'})
    together = client.get("/search", params={"q": '"Khai Sinh"'})

    both = {office.documents["to-khai.png"], office.documents["giay-khai-sinh.png"]}
    assert set(hits_of(apart.text)) == both
    assert hits_of(phrase.text) == [] and "Không tìm thấy tài liệu nào" in phrase.text
    assert set(hits_of(together.text)) == both
    assert "<mark>khai sinh</mark>" in together.text


def test_the_auditor_sees_every_unit_with_counts_that_narrow(office: Office) -> None:
    client = office.as_user("mai")
    answer = client.get("/search", params={"q": "ban sao"})

    both = {office.documents["don-ban-sao.png"], office.documents["giay-khai-sinh.png"]}
    assert set(hits_of(answer.text)) == both
    assert "2 tài liệu khớp" in answer.text
    facets = answer.text.split('class="facets"')[1].split("</aside>")[0]
    assert NAMES[UNIT_A] in facets and NAMES[UNIT_B] in facets
    assert "Hồ sơ tiếp nhận" in facets and "Kết quả giải quyết" in facets
    narrow = f"/search?q=ban+sao&amp;unit={office.units[UNIT_B]}"
    assert narrow in facets
    narrowed = client.get(narrow.replace("&amp;", "&"))
    assert hits_of(narrowed.text) == [office.documents["giay-khai-sinh.png"]]
    assert "1 tài liệu khớp" in narrowed.text
    by_kind = client.get("/search", params={"q": "ban sao", "kind": "intake"})
    assert hits_of(by_kind.text) == [office.documents["don-ban-sao.png"]]


def test_a_clerk_never_learns_of_another_units_documents(office: Office) -> None:
    client = office.as_user("lan")
    answer = client.get("/search", params={"q": "ban sao"})

    assert hits_of(answer.text) == [office.documents["don-ban-sao.png"]]
    assert NAMES[UNIT_B] not in answer.text and UNIT_B not in answer.text
    assert "1 tài liệu khớp" in answer.text
    only_b = client.get("/search", params={"q": "Tâm"})
    assert hits_of(only_b.text) == [] and "Không tìm thấy tài liệu nào" in only_b.text
    forced = client.get("/search", params={"q": "ban sao", "unit": office.units[UNIT_B]})
    assert hits_of(forced.text) == [] and "giay-khai-sinh.png" not in forced.text
    minh = office.as_user("minh").get("/search", params={"q": "ban sao"})
    assert hits_of(minh.text) == [office.documents["giay-khai-sinh.png"]]
    api = office.api("lan", "q=ban+sao")
    assert [hit["document_id"] for hit in api["hits"]] == [office.documents["don-ban-sao.png"]]  # type: ignore[index]
    assert [(unit["code"], unit["count"]) for unit in api["units"]] == [(UNIT_A, 1)]  # type: ignore[attr-defined,index]


@pytest.mark.parametrize("name", ["hung", "quan"])
def test_officers_and_admins_may_not_search(office: Office, name: str) -> None:
    assert office.as_user(name).get("/search", params={"q": "khai"}).status_code == 403
    office.client.cookies.clear()
    answer = office.client.get(
        "/api/search?q=khai", headers={"Authorization": f"Bearer {office.tokens[name]}"}
    )
    assert answer.status_code == 403


def test_an_empty_query_helps_and_punctuation_searches_nothing(office: Office) -> None:
    client = office.as_user("lan")
    empty = client.get("/search")
    assert empty.status_code == 200 and '"giấy khai sinh"' in empty.text
    for query in ('"', "* -- ()", "AND OR NEAR("):
        answer = client.get(f"/search?q={quote(query)}")
        assert answer.status_code == 200
        assert hits_of(answer.text) == []
    nothing = client.get(f"/search?q={quote('* -- ()')}")
    assert "Không có từ nào để tìm" in nothing.text
    markup = client.get("/search", params={"q": '<b onmouseover="x">khai</b>'})
    assert '<b onmouseover="x">' not in markup.text and "&lt;b onmouseover=" in markup.text
    too_long = client.get("/search", params={"q": "khai " * 41})
    assert too_long.status_code == 422 and "<html" in too_long.text


def test_the_api_twin_answers_what_the_page_shows(office: Office) -> None:
    page = office.as_user("mai").get("/search", params={"q": "khai sinh"})
    body = office.api("mai", "q=khai+sinh")

    assert body["searched"] is True and body["total"] == 2
    hits = body["hits"]
    assert isinstance(hits, list)
    assert [hit["document_id"] for hit in hits] == hits_of(page.text)
    first = hits[0]
    assert first["thumbnail"] == f"/documents/{first['document_id']}/pages/1.png?width=160"
    marked = [part["text"] for part in first["snippet"] if part["matched"]]
    assert {word.lower() for word in marked} >= {"khai", "sinh"}
    assert {(unit["code"], unit["name"], unit["count"]) for unit in body["units"]} == {  # type: ignore[attr-defined]
        (UNIT_A, NAMES[UNIT_A], 1),
        (UNIT_B, NAMES[UNIT_B], 1),
    }
    nothing = office.api("mai", "q=%22")
    assert nothing["searched"] is False and nothing["hits"] == []
