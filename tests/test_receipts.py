"""E-receipts at the counter, through the `sohoa` command and several processes at once."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
import zxingcpp
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import select

from receipts.qr_payload import parse_payload
from signing.verify import verify_pdf
from store.database import Store
from store.schema import AuditRecord, ReceiptRecord, ReceiptSeriesRecord
from tests.support.databases import postgres_database
from tests.support.nss import pdfsig
from tests.support.pki import ThrowawayPki
from tests.support.service import environment, sohoa
from tests.support.web import add_user, person_at_the_terminal

pytest_plugins = ("tests.support.signing_fixtures",)

SERIES = "BI-26T"
COLLECTOR = "Lê Thị Thu"
FEES = (
    "procedure_code,name,kind,amount\n"
    "1.001234,Lệ phí đăng ký khai sinh,lệ phí,8000\n"
    "2.000815,Phí chứng thực bản sao,phí,2000\n"
)


def settings_text(pki: ThrowawayPki, folder: Path) -> str:
    secret = folder / "thu-phi.passphrase"
    secret.write_text(pki.passphrase, encoding="utf-8")
    return (
        "[signing.profiles.thu-phi]\n"
        f'pkcs12 = "{pki.signer_pkcs12}"\npassphrase_file = "{secret}"\n'
        f'chain = ["{pki.intermediate_cert}"]\ntrust_roots = ["{pki.root_cert}"]\n'
    )


def open_counter(folder: Path, pki: ThrowawayPki, **settings: str) -> Path:
    """A data folder with series BI-26T of UBND xã An Bình and the fee catalogue."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sohoa.toml").write_text(settings_text(pki, folder), encoding="utf-8")
    (folder / "fees.csv").write_text(FEES, encoding="utf-8")
    data_dir = folder / "var"
    added = sohoa(
        data_dir, "receipts", "series", "add", "--form", "01BLP0-001", "--series", SERIES,
        "--organization", "UBND xã An Bình", "--tax-code", "0312345678",
        "--address", "Thôn Phú Lộc, xã An Bình", "--profile", "thu-phi", "--unit", "xa-an-binh",
        **settings,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    imported = sohoa(data_dir, "receipts", "fees", "import", str(folder / "fees.csv"), **settings)
    assert imported.returncode == 0, imported.stderr
    person_at_the_terminal(
        data_dir, "thu", "clerk", units=("xa-an-binh",), full_name=COLLECTOR, **settings
    )
    return data_dir


@pytest.fixture
def counter(tmp_path: Path, pki: ThrowawayPki) -> Path:
    return open_counter(tmp_path / "counter", pki)


def issue(data_dir: Path, *options: str, **settings: str) -> subprocess.CompletedProcess[str]:
    return sohoa(data_dir, "receipts", "issue", "--series", SERIES, *options, **settings)


def issued_json(data_dir: Path, *options: str) -> dict[str, object]:
    done = issue(data_dir, *options, "--json")
    assert done.returncode == 0, done.stderr
    shape: dict[str, object] = json.loads(done.stdout)
    return shape


def record(data_dir: Path) -> Store:
    return Store(f"sqlite:///{data_dir / 'sohoa.db'}")


def last_number(data_dir: Path) -> int:
    store = record(data_dir)
    try:
        with store.reading() as session:
            return session.scalars(select(ReceiptSeriesRecord.last_number)).one()
    finally:
        store.dispose()


def text_of(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_receipt_carries_every_field_is_signed_and_its_qr_checks_out(
    counter: Path, pki: ThrowawayPki, nss_database: str
) -> None:
    issued = issued_json(
        counter, "--payer", "Nguyễn Thị Hoà", "--dossier", "H57.132-261008-0975",
        "--fee", "1.001234", "--item", "Phí sao y bản chính=2.074.000", "--method", "transfer",
    )  # fmt: skip
    assert issued["number"] == 1 and issued["total"] == 2_082_000
    pdf = Path(str(issued["pdf"]))
    text = text_of(pdf)
    for field in (
        "BIÊN LAI THU THUẾ, PHÍ, LỆ PHÍ KHÔNG IN SẴN MỆNH GIÁ", "01BLP0-001", SERIES,
        "0000001", "UBND xã An Bình", COLLECTOR,
        "0312345678", "Thôn Phú Lộc, xã An Bình", "Lệ phí đăng ký khai sinh", "8.000",
        "Phí sao y bản chính", "2.074.000", "2.082.000",
        "Hai triệu không trăm tám mươi hai nghìn đồng", "Nguyễn Thị Hoà",
        "H57.132-261008-0975", "Chuyển khoản", "Ngày",
    ):  # fmt: skip
        assert field in text, field

    said = pdfsig(pdf, nss_database).stdout
    assert "Signature is Valid" in said and "Certificate is Trusted" in said, said
    assert verify_pdf(pdf, [pki.root_cert]).all_valid
    assert subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True).returncode == 0

    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(pdf)], check=True)
    with Image.open(pdf.with_name(pdf.name + ".png")) as page:
        (symbol,) = zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)
    payload = parse_payload(symbol.text)
    assert (payload.series_symbol, payload.number, payload.total) == (SERIES, 1, 2_082_000)
    assert payload.tax_code == "0312345678"
    assert payload.sha256 == issued["record_sha256"]

    root = ElementTree.parse(Path(str(issued["xml"]))).getroot()
    assert root.tag == "BLai" and root.findtext("DLBLai/NDBLai/NNop/Ten") == "Nguyễn Thị Hoà"
    assert root.find("DSCKS/TCThu/{http://www.w3.org/2000/09/xmldsig#}Signature") is not None
    words = "\n".join(p.text for p in docx.Document(str(issued["docx"])).paragraphs)
    assert "Hai triệu không trăm tám mươi hai nghìn đồng" in words

    verified = sohoa(counter, "verify", str(pdf), "--trust", str(pki.root_cert))
    assert verified.returncode == 0, verified.stdout
    everything = sohoa(counter, "verify", "--all")
    assert everything.returncode == 0, everything.stdout + everything.stderr
    assert f"{pdf}: verified" in everything.stdout
    assert "(BI-26T-0000001): XML signature ok" in everything.stdout
    xml = Path(str(issued["xml"]))
    xml.write_text(xml.read_text(encoding="utf-8").replace("Hoà", "Hoa"), encoding="utf-8")
    tampered = sohoa(counter, "verify", "--all")
    assert tampered.returncode == 7, tampered.stdout
    assert "(BI-26T-0000001): XML signature FAILED" in tampered.stdout


BAD_INPUT = [
    (("--series", "XX-26T", "--payer", "A", "--fee", "1.001234"), {}, "no receipt series"),
    (("--series", SERIES, "--payer", "A", "--item", "Lệ phí=0"), {}, "more than 0"),
    (("--series", SERIES, "--payer", "A", "--item", "Lệ phí=-5"), {}, "more than 0"),
    (("--series", SERIES, "--payer", " ", "--fee", "1.001234"), {}, "payer"),
    (("--series", SERIES, "--payer", "A"), {}, "at least one fee"),
    (("--series", SERIES, "--payer", "Hoà 中", "--fee", "1.001234"), {}, "U+4E2D"),
    (("--series", SERIES, "--payer", "A", "--fee", "9.999999"), {}, "No fee for procedure"),
    (("--series", SERIES, "--payer", "A", "--fee", "1.001234", "--dossier", "H57-26-1"), {},
     "H57-26-1"),
    (
        ("--series", SERIES, "--payer", "A", "--fee", "1.001234", "--dossier",
         "H57.132-261008-0975"),
        {"SOHOA_RECEIPTS__REQUIRE_KNOWN_DOSSIER": "true"},
        "not in the register",
    ),
]  # fmt: skip


def test_bad_input_is_refused_and_uses_up_no_number(counter: Path) -> None:
    for options, settings, said in BAD_INPUT:
        refused = sohoa(counter, "receipts", "issue", *options, **settings)
        assert refused.returncode != 0, options
        assert said in refused.stderr, (options, refused.stderr)
    assert last_number(counter) == 0
    assert issued_json(counter, "--payer", "B", "--fee", "1.001234")["number"] == 1


def test_a_receipt_that_cannot_be_made_keeps_its_number_with_the_reason(counter: Path) -> None:
    blocked = counter / "receipts" / SERIES
    blocked.rmdir() if blocked.is_dir() else None
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("not a folder")  # the files cannot be written
    failed = issue(counter, "--payer", "A", "--fee", "1.001234")
    assert failed.returncode == 4
    assert f"{SERIES}-0000001 was allocated but could not be made" in failed.stderr
    assert "check that the folder exists" in failed.stderr  # the reason, not a side error
    blocked.unlink()
    assert issued_json(counter, "--payer", "B", "--fee", "1.001234")["number"] == 2
    shown = json.loads(sohoa(counter, "receipts", "show", SERIES, "1", "--json").stdout)
    assert shown["state"] == "failed" and shown["error"]


def test_cancel_and_replace_keep_every_receipt_and_the_report_counts_them(
    counter: Path, tmp_path: Path
) -> None:
    for payer in ("An", "Bình", "Chi"):
        issued_json(counter, "--payer", payer, "--fee", "1.001234", "--fee", "2.000815")
    no_reason = sohoa(counter, "receipts", "cancel", SERIES, "1", "--reason", "")
    assert no_reason.returncode != 0 and "reason" in no_reason.stderr
    cancelled = sohoa(counter, "receipts", "cancel", SERIES, "1", "--reason", "Thu nhầm")
    assert cancelled.returncode == 0, cancelled.stderr
    replaced = sohoa(
        counter, "receipts", "replace", SERIES, "2", "--reason", "Sai tên người nộp",
        "--payer", "Bình An", "--fee", "1.001234", "--json",
    )  # fmt: skip
    assert replaced.returncode == 0, replaced.stderr
    replacement = json.loads(replaced.stdout)
    assert replacement["number"] == 4
    assert "Thay thế cho biên lai" in text_of(Path(replacement["pdf"]))
    again = sohoa(counter, "receipts", "cancel", SERIES, "2", "--reason", "x")
    assert again.returncode != 0 and "replaced" in again.stderr

    old = json.loads(sohoa(counter, "receipts", "show", SERIES, "2", "--json").stdout)
    assert old["state"] == "replaced" and old["replaced_by"] == f"{SERIES}-0000004"
    assert old["reason"] == "Sai tên người nộp"
    new = json.loads(sohoa(counter, "receipts", "show", SERIES, "4", "--json").stdout)
    assert new["replaces"] == f"{SERIES}-0000002"

    workbook = tmp_path / "usage.xlsx"
    day = ["--from", "2000-01-01", "--to", "2099-12-31"]
    assert sohoa(counter, "receipts", "report", *day, "-o", str(workbook)).returncode == 0
    rows = list(load_workbook(workbook).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0][:10] == (
        "form", "series", "first number", "last number", "used", "issued", "cancelled",
        "replaced", "failed", "total (đồng)",
    )  # fmt: skip
    # Receipts 3 (8,000 + 2,000) and 4 (8,000) are valid; 1 is cancelled, 2 replaced.
    assert rows[1][:10] == ("01BLP0-001", SERIES, 1, 4, 4, 2, 1, 1, 0, 18_000)
    fees = {row[1]: row[2] for row in rows[4:6]}
    assert fees == {"Lệ phí đăng ký khai sinh": 16_000, "Phí chứng thực bản sao": 2_000}
    assert [row[:3] for row in rows[8:10]] == [
        (SERIES, "cancelled", "1"),
        (SERIES, "replaced", "2"),
    ]
    assert str(rows[-1][0]).startswith("Nhật ký hệ thống có ")  # and its newest checkpoint
    table = tmp_path / "usage.csv"
    assert sohoa(counter, "receipts", "report", *day, "-o", str(table)).returncode == 0
    assert "Lệ phí đăng ký khai sinh,16000" in table.read_text(encoding="utf-8-sig")

    store = record(counter)
    with store.reading() as session:
        actions = session.scalars(select(AuditRecord.action)).all()
    store.dispose()
    assert actions.count("receipt.issued") == 4
    assert {"receipt.cancelled", "receipt.replaced"} <= set(actions)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_settings(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    if request.param == "sqlite":
        yield {}
        return
    with postgres_database() as url:
        yield {"SOHOA_DATABASE_URL": url}


COUNTERS, EACH = 4, 50
ISSUED = COUNTERS * EACH


def start_counters(data_dir: Path, **settings: str) -> list[subprocess.Popen[str]]:
    """COUNTERS issuer processes, released together once every one has its services open."""
    counters = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.support.receipt_issuer", SERIES, str(EACH)],
            cwd=data_dir.parent,
            env={
                **environment(data_dir, **settings),
                "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
            },
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(COUNTERS)
    ]
    for process in counters:
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":  # its services are open
            for other in counters:
                other.kill()
            raise AssertionError(f"a counter did not start: {process.communicate()[1]}")
    for process in counters:  # the start signal, to all four at once
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    return counters


@pytest.mark.slow
def test_four_counters_at_once_use_numbers_1_to_200_once_each(
    tmp_path: Path, pki: ThrowawayPki, database_settings: dict[str, str]
) -> None:
    if database_settings:
        data_dir = tmp_path / "counter" / "var"
        data_dir.mkdir(parents=True)
        upgraded = sohoa(data_dir, "db", "upgrade", **database_settings)
        assert upgraded.returncode == 0, upgraded.stderr
    data_dir = open_counter(tmp_path / "counter", pki, **database_settings)
    counters = start_counters(data_dir, **database_settings)
    said = [process.communicate(timeout=600) for process in counters]
    assert all(process.returncode == 0 for process in counters), [err for _, err in said]
    got = [[int(line) for line in out.split()] for out, _ in said]
    assert [len(numbers) for numbers in got] == [EACH] * COUNTERS
    # The four really issued at the same time: each had its first number before any had
    # its last, and none got one unbroken run of numbers while the others waited.
    assert max(numbers[0] for numbers in got) < min(numbers[-1] for numbers in got), got
    assert all(numbers[-1] - numbers[0] + 1 > EACH for numbers in got), got
    printed = sorted(number for numbers in got for number in numbers)
    assert printed == list(range(1, ISSUED + 1))

    url = database_settings.get("SOHOA_DATABASE_URL", f"sqlite:///{data_dir / 'sohoa.db'}")
    store = Store(url)
    try:
        with store.reading() as session:
            numbers = sorted(session.scalars(select(ReceiptRecord.number)).all())
            states = set(session.scalars(select(ReceiptRecord.state)).all())
    finally:
        store.dispose()
    assert numbers == list(range(1, ISSUED + 1)) and states == {"issued"}
    pdfs = sorted((data_dir / "receipts" / SERIES).glob("*.pdf"))
    assert len(pdfs) == ISSUED
    assert (
        hashlib.sha256(pdfs[0].read_bytes()).hexdigest()
        != hashlib.sha256(pdfs[1].read_bytes()).hexdigest()
    )


def test_issuing_a_receipt_needs_no_ocr_engine(counter: Path, tmp_path: Path) -> None:
    """A command starts only what it uses: the counter works on a machine without Tesseract."""
    path = path_without("tesseract", tmp_path / "bin")
    assert subprocess.run(["which", "tesseract"], env={"PATH": path}).returncode != 0
    done = issue(counter, "--payer", "Nguyễn Thị Hoà", "--fee", "1.001234", "--json", PATH=path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["number"] == 1


def path_without(program: str, folder: Path) -> str:
    """A PATH of one folder holding every program of this PATH but `program`."""
    import os

    folder.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        for found in Path(directory).glob("*") if Path(directory).is_dir() else ():
            target = folder / found.name
            if found.name != program and not target.exists() and os.access(found, os.X_OK):
                target.symlink_to(found)
    return str(folder)


def test_a_clerk_acts_on_the_receipts_of_their_own_units_only(counter: Path) -> None:
    issued_json(counter, "--payer", "An", "--fee", "1.001234")
    add_user(counter, "minh", "clerk", units=("xa-binh-minh",))
    made = sohoa(counter, "users", "token", "minh", "--label", "quầy 2")
    minh = {"SOHOA_TOKEN": made.stdout.strip()}
    cancelled = sohoa(counter, "receipts", "cancel", SERIES, "1", "--reason", "x", **minh)
    assert cancelled.returncode == 6 and "does not work for" in cancelled.stderr
    issued = issue(counter, "--payer", "Bình", "--fee", "1.001234", **minh)
    assert issued.returncode == 6 and "does not work for" in issued.stderr
    assert last_number(counter) == 1
    shown = json.loads(sohoa(counter, "receipts", "show", SERIES, "1", "--json").stdout)
    assert shown["state"] == "issued"


def test_a_replacement_keeps_dossier_and_payer_and_show_names_collector_and_kind(
    counter: Path,
) -> None:
    issued_json(counter, "--payer", "Nguyễn Thị Hoà", "--dossier", "H57.132-261008-0975",
                "--fee", "1.001234")  # fmt: skip
    replaced = sohoa(
        counter, "receipts", "replace", SERIES, "1", "--reason", "Sai số tiền",
        "--item", "Lệ phí đăng ký khai sinh=10.000", "--json",
    )  # fmt: skip
    assert replaced.returncode == 0, replaced.stderr
    text = text_of(Path(json.loads(replaced.stdout)["pdf"]))
    assert "H57.132-261008-0975" in text and "Nguyễn Thị Hoà" in text
    shown = json.loads(sohoa(counter, "receipts", "show", SERIES, "2", "--json").stdout)
    assert (shown["payer"], shown["dossier"]) == ("Nguyễn Thị Hoà", "H57.132-261008-0975")
    assert shown["collector"] == COLLECTOR
    assert shown["kind"] == "Biên lai thu thuế, phí, lệ phí không in sẵn mệnh giá"
    said = sohoa(counter, "receipts", "show", SERIES, "2", SOHOA_LANG="vi").stdout
    assert f"người thu tiền: {COLLECTOR}" in said
    assert "loại biên lai: Biên lai thu thuế, phí, lệ phí không in sẵn mệnh giá" in said


def test_series_symbols_off_the_rule_are_refused_and_a_kind_is_kept(counter: Path) -> None:
    def add(form: str, series: str, *more: str) -> subprocess.CompletedProcess[str]:
        return sohoa(
            counter, "receipts", "series", "add", "--form", form, "--series", series,
            "--organization", "UBND xã An Bình", "--tax-code", "0312345678",
            "--address", "Thôn Phú Lộc", "--profile", "thu-phi", "--unit", "xa-an-binh", *more,
            SOHOA_LANG="vi",
        )  # fmt: skip

    bad_form = add("01BL0-001", "BK-26T")
    assert bad_form.returncode == 1
    assert "Ký hiệu mẫu biên lai «01BL0-001» không đúng cấu trúc" in bad_form.stderr
    bad_series = add("01BLP0-001", "BK26T")
    assert bad_series.returncode == 1
    assert "Ký hiệu biên lai «BK26T» không đúng cấu trúc" in bad_series.stderr
    kind = "Biên lai thu phí, lệ phí không có mệnh giá"
    assert add("01BLP0-002", "BK-26T", "--kind", kind).returncode == 0
    listed = json.loads(sohoa(counter, "receipts", "series", "list", "--json").stdout)
    kinds = {row["series"]: row["kind"] for row in listed}
    assert kinds == {SERIES: "Biên lai thu thuế, phí, lệ phí không in sẵn mệnh giá", "BK-26T": kind}
