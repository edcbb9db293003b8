"""The public receipt check: anyone with a receipt's QR code learns whether it is genuine,
and nothing more."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import zxingcpp
from fastapi.testclient import TestClient
from PIL import Image

from receipt_counter.changes import cancel_receipt, replace_receipt
from receipt_counter.flow import IssuedReceipt, IssueRequest, issue_receipt
from receipt_counter.series import SeriesSpec, add_series
from receipts.qr_payload import build_payload, payload_link
from service.compose import JobProcess
from tests.support.pki import ThrowawayPki
from tests.support.web import web_client, web_services

pytest_plugins = ("tests.support.signing_fixtures",)

CHECK_URL = "https://motcua.example.gov.vn/kiem-tra"
PAYER = "Nguyễn Thị Lan"
DOSSIER = "H57.132-261008-0975"
GENUINE = "Biên lai hợp lệ"
MISMATCH = "Không khớp"


@pytest.fixture
def counter(tmp_path: Path, pki: ThrowawayPki) -> Iterator[JobProcess]:
    """An office with series BI-26T signed by a PKCS#12 key, its check page published."""
    secret = tmp_path / "thu-phi.passphrase"
    secret.write_text(pki.passphrase, encoding="utf-8")
    profile = {
        "pkcs12": str(pki.signer_pkcs12),
        "passphrase_file": str(secret),
        "chain": [str(pki.intermediate_cert)],
        "trust_roots": [str(pki.root_cert)],
    }
    with web_services(
        tmp_path / "var",
        signing={"profiles": {"thu-phi": profile}},
        receipts={"check_url": CHECK_URL},
        web={"public_checks_per_minute": 30},
    ) as services:
        add_bi_26t(services)
        yield services


def add_bi_26t(services: JobProcess) -> None:
    """Series BI-26T of UBND xã An Bình, signed with profile thu-phi."""
    spec = SeriesSpec(
        "01BLP0-001", "BI-26T", "UBND xã An Bình", "0312345678", "Thôn Phú Lộc, xã An Bình",
        "xa-an-binh", "thu-phi",
    )  # fmt: skip
    add_series(services, spec, "test")


def issue(services: JobProcess, payer: str = PAYER) -> IssuedReceipt:
    request = IssueRequest(
        series="BI-26T", payer=payer, dossier_code=DOSSIER,
        items=(("Lệ phí chứng thực", 8000), ("Phí sao y bản chính", 2000)),
    )  # fmt: skip
    return issue_receipt(services, request, "web:lan")


def code_of(issued: IssuedReceipt) -> str:
    return build_payload(issued.data).text


def check(client: TestClient, code: str) -> str:
    answer = client.get("/kiem-tra", params={"ma": code})
    assert answer.status_code == 200
    return str(answer.text)


def changed(code: str, index: int, value: str) -> str:
    fields = code.split("|")
    fields[index] = value
    return "|".join(fields)


def test_a_genuine_receipt_shows_its_number_and_the_payer_initials_only(
    counter: JobProcess,
) -> None:
    issued = issue(counter)
    with web_client(counter) as client:
        form = client.get("/kiem-tra", follow_redirects=False)
        assert form.status_code == 200 and 'name="ma"' in form.text  # no login needed
        answer = client.get("/kiem-tra", params={"ma": code_of(issued) + "\n"})
    page = answer.text
    assert answer.status_code == 200 and GENUINE in page
    for shown in ("0000001", "BI-26T", "01BLP0-001", "N. T. L.", "10.000 đ"):
        assert shown in page, shown
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert answer.headers["x-robots-tag"] == "noindex, nofollow"
    for hidden in (PAYER, "Nguyễn", "Lan", DOSSIER, "web:lan", "Lệ phí chứng thực", "xa-an-binh",
                   issued.files.record_sha256, "Đăng xuất"):  # fmt: skip
        assert hidden not in page, hidden


def test_a_changed_total_date_hash_or_number_does_not_match_and_says_no_more(
    counter: JobProcess,
) -> None:
    code = code_of(issue(counter))
    with web_client(counter) as client:
        assert GENUINE in check(client, code[:-64] + code[-64:].upper())  # as some readers give it
        flipped = code[:-1] + ("0" if code[-1] != "0" else "1")
        pages = {
            "total": check(client, changed(code, 6, "10001")),
            "date": check(client, changed(code, 5, "2026-01-02")),
            "hash": check(client, flipped),
            "number": check(client, changed(code, 4, "0000099")),
            "tax code": check(client, changed(code, 1, "0312345679")),
        }
        unreadable = check(client, "SOHOA-BL1|không phải mã")
    for field, page in pages.items():
        assert MISMATCH in page and GENUINE not in page, field
        assert "0000001" not in page and "N. T. L." not in page, field
    assert len(set(pages.values())) == 1  # the same answer whatever was changed
    assert "Không đọc được mã này" in unreadable


def test_cancelled_and_replaced_receipts_say_so(counter: JobProcess) -> None:
    cancelled = issue(counter)
    replaced = issue(counter, payer="Trần Văn Bình")
    cancel_receipt(counter, "BI-26T", cancelled.number, "Thu nhầm", "web:lan")
    request = IssueRequest(
        series="BI-26T", payer="Trần Văn Bính", dossier_code=DOSSIER,
        items=(("Lệ phí chứng thực", 8000),),
    )  # fmt: skip
    replacement = replace_receipt(
        counter, "BI-26T", replaced.number, request, "Sai tên người nộp", "web:lan"
    )
    with web_client(counter) as client:
        first = check(client, code_of(cancelled))
        second = check(client, code_of(replaced))
        third = check(client, code_of(replacement))
    assert "Biên lai đã bị hủy" in first and GENUINE not in first and "0000001" in first
    assert "Thu nhầm" not in first
    assert "Biên lai đã được thay thế" in second and GENUINE not in second
    assert "bằng biên lai số <strong>0000003</strong>, ký hiệu <strong>BI-26T</strong>" in second
    assert "T. V. B." in second and "Sai tên người nộp" not in second
    assert GENUINE in third and "0000003" in third


def test_the_qr_code_of_an_issued_receipt_opens_the_check_page(
    counter: JobProcess, tmp_path: Path
) -> None:
    issued = issue(counter)
    pdf = issued.files.pdf
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    with Image.open(tmp_path / "page.png") as page:
        # QR codes only, as a phone's camera reads them: a reader looking for every format
        # now and then sees a short 1D code in the printed lines (a receipt's content, and
        # so its lines' look, changes with its time and hash).
        codes = zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in codes] == [payload_link(code_of(issued), CHECK_URL)]
    link = urlsplit(codes[0].text)
    assert f"{link.scheme}://{link.netloc}{link.path}" == CHECK_URL
    with web_client(counter) as client:
        opened = client.get(f"{link.path}?{link.query}")
        pasted = check(client, codes[0].text)  # the whole link pasted into the form
    assert opened.status_code == 200 and GENUINE in opened.text and "N. T. L." in opened.text
    assert GENUINE in pasted


def test_too_many_checks_from_one_address_are_refused_for_a_while(tmp_path: Path) -> None:
    with (
        web_services(tmp_path / "var", web={"public_checks_per_minute": 3}) as services,
        web_client(services) as client,
    ):
        for _ in range(3):
            assert client.get("/kiem-tra", params={"ma": "SOHOA-BL1|x"}).status_code == 200
        refused = client.get("/kiem-tra", params={"ma": "SOHOA-BL1|x"})
        assert refused.status_code == 429
        assert "quá nhiều lần" in refused.text and refused.headers["retry-after"] == "60"
        assert client.get("/kiem-tra").status_code == 200  # the empty form is not counted
