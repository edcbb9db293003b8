"""The document workspace journey in Chromium, the clerk and the officer side by side against
a real `sohoa run` with real OCR; every page the journey passes is checked with axe-core and
at 390 px, and shot at both widths (test-artifacts/screenshots/journey/).

The whole journey, in order: the clerk uploads three scans by drag and drop; finds one by a
two-word search without diacritics, both words highlighted; opens it, zooms, copies its OCR
text; retags it with a reason; tags the two others at once; makes a batch of the three and
submits it. The officer opens a document of the batch and rejects the batch from the viewer
with a reason; the clerk sees the reason and who gave it, fixes a document and resubmits;
the officer approves after the confirmation and sees the signing done; the clerk sees the
three documents signed, their signature valid.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests.support.browser import ARTIFACTS
from tests.support.office import (
    FULL_NAMES,
    REGISTERED,
    USERS,
    Office,
    open_office,
    signed_in,
)
from tests.support.screens import DESKTOP, checkpoint
from tests.test_web_clerk import PROFILE, small_scan

pytestmark = pytest.mark.slow  # a real browser against a real `sohoa run`

SHOTS = ARTIFACTS / "journey"
FIRST_CODE, SECOND_CODE = REGISTERED
PHRASE = "Phước Hậu"  # on one scan only; searched for without diacritics
SCANS = {
    "xac-nhan-cu-tru.png": ("Giấy xác nhận cư trú", f"Xóm {PHRASE}, xã An Bình"),
    "don-xin-viec.png": ("Đơn xin xác nhận lý lịch", "Người làm đơn: Đỗ Thị Thu"),
    "bien-ban.png": ("Biên bản giao nhận hồ sơ", "Bên nhận: Nguyễn Văn Tâm"),
}
FOUND, *OTHERS = SCANS
RETAG_REASON = "Giấy tờ thuộc hồ sơ khai sinh thứ hai."
BULK_REASON = "Hai giấy tờ này nộp kèm hồ sơ thứ hai."
REJECT_REASON = "Biên bản giao nhận phải vào hồ sơ đầu tiên, đề nghị sửa."
FIX_REASON = "Sửa theo lý do từ chối của người duyệt."

# A File dropped on the drop zone: what a file manager hands the page.
_DROP = """files => {
  const transfer = new DataTransfer();
  for (const [name, data] of files) {
    const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
    transfer.items.add(new File([bytes], name, { type: "image/png" }));
  }
  return transfer;
}"""

# The OCR text selected as a reader would (drag over it), copied with the keyboard.
_SELECT_TEXT = """() => {
  const text = document.querySelector("pre.ocr-text");
  const range = document.createRange();
  range.selectNodeContents(text);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  text.focus();
}"""


class Person:
    """Someone at their own browser window, logged in; each step ends at a checkpoint."""

    def __init__(self, role: str, context: BrowserContext, url: str) -> None:
        self.role = role
        self.url = url
        self.page: Page = context.new_page()
        self.page.set_viewport_size({"width": DESKTOP.width, "height": DESKTOP.height})

    def open(self, path: str) -> Page:
        self.page.goto(self.url + path)
        return self.page

    def checkpoint(self, name: str, pending: frozenset[str] = frozenset()) -> None:
        checkpoint(self.page, SHOTS, self.role, name, pending)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    with open_office(tmp_path_factory.mktemp("office")) as opened:
        yield opened


@pytest.fixture(scope="module")
def people(browser: Browser, office: Office) -> Iterator[dict[str, BrowserContext]]:
    with signed_in(browser, office) as contexts:
        yield contexts


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scans")
    return {name: small_scan(folder / name, *lines) for name, lines in SCANS.items()}


def upload(clerk: Person, scans: dict[str, Path]) -> None:
    """The three scans dropped at once on the upload page, all tagged to the first dossier."""
    page = clerk.open("/clerk/upload")
    page.get_by_label("Mã hồ sơ (nếu biết)").fill(FIRST_CODE)
    clerk.checkpoint("upload")
    files = [[name, base64.b64encode(path.read_bytes()).decode()] for name, path in scans.items()]
    page.dispatch_event(
        "#upload-drop", "drop", {"dataTransfer": page.evaluate_handle(_DROP, files)}
    )
    items = page.locator("#upload-list li")
    expect(items).to_have_count(3)
    for name in scans:
        expect(items.filter(has_text=name)).to_contain_text("Đã số hóa", timeout=120_000)
    clerk.checkpoint("upload-done")


def find_open_and_copy(clerk: Person) -> None:
    """Search without diacritics, open the hit, zoom to 200 %, copy the OCR text."""
    page = clerk.page
    page.get_by_role("searchbox", name="Tìm trong văn bản").fill("phuoc hau")
    page.keyboard.press("Enter")
    hit = page.locator("li.hit").filter(has_text=FOUND)
    expect(hit).to_have_count(1)
    expect(hit.locator("mark")).to_have_text(["Phước", "Hậu"])
    clerk.checkpoint("search")

    hit.get_by_role("link", name=FOUND).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FOUND)
    page.get_by_role("link", name="200 %").click()
    expect(page.locator("img.page")).to_have_attribute("src", re.compile(r"width=2000$"))
    expect(page.get_by_role("link", name="200 %")).to_have_attribute("aria-current", "true")
    page.evaluate(_SELECT_TEXT)
    assert PHRASE in page.evaluate("() => window.getSelection().toString()")
    page.keyboard.press("Control+C")
    assert PHRASE in page.evaluate("() => navigator.clipboard.readText()")
    clerk.checkpoint("document-200")


def retag_here(clerk: Person, code: str, reason: str) -> None:
    """On a document's page: its dossier code changed with a reason, the page says so."""
    page = clerk.page
    page.get_by_label("Mã hồ sơ mới").fill(code)
    page.get_by_label("Lý do (bắt buộc, ghi vào nhật ký)").fill(reason)
    page.get_by_role("button", name="Đổi mã hồ sơ").click()
    facts = page.locator("dl.doc-facts")
    expect(facts.locator("strong", has_text=code)).to_be_visible()
    history = page.locator("section[aria-labelledby=tag-title] table")
    expect(history.get_by_role("cell", name=reason)).to_be_visible()


def tick(page: Page, names: list[str]) -> None:
    for name in names:
        page.get_by_role("checkbox", name=f"Chọn {name}").check()


def bulk_tag_and_batch(clerk: Person) -> str:
    """The two others tagged to the second dossier at once; a batch of the three submitted.
    The batch's number."""
    page = clerk.open("/documents")
    tick(page, OTHERS)
    bulk = page.locator("form#bulk")
    bulk.get_by_label("Mã hồ sơ", exact=True).fill(SECOND_CODE)
    bulk.get_by_label("Lý do (nếu gắn lại)").fill(BULK_REASON)
    clerk.checkpoint("documents-ticked")
    bulk.get_by_role("button", name="Gắn mã hồ sơ").click()
    expect(page.get_by_role("status")).to_have_text("Xong 2 trên 2 tài liệu đã chọn.")
    for name in OTHERS:
        row = page.get_by_role("row").filter(has_text=name)
        expect(row).to_contain_text(f"Đã gắn vào hồ sơ {SECOND_CODE}.")
    clerk.checkpoint("documents-tagged")

    page.get_by_role("link", name="‹ Quay lại danh sách tài liệu").click()
    tick(page, list(SCANS))
    page.locator("form#bulk").get_by_label("Hồ sơ ký số").select_option(PROFILE)
    page.get_by_role("button", name="Lập lô và trình ký").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Lô ký số \d+ đã trình ký$"))
    expect(page.get_by_role("status")).to_have_text("Xong 3 trên 3 tài liệu đã chọn.")
    clerk.checkpoint("documents-batch-submitted")
    batch = re.search(r"\d+", heading.inner_text())
    assert batch is not None
    return batch.group()


def reject_from_the_viewer(officer: Person, batch: str) -> None:
    page = officer.open(f"/officer/batches/{batch}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chờ duyệt")
    expect(page.locator("tbody tr")).to_have_count(3)
    facts = page.locator("dl.officer-facts")
    expect(facts).to_contain_text("Lập thủ công")
    expect(facts).to_contain_text(f"— {USERS['clerk']}")  # by name, not as the trail writes it
    expect(facts).not_to_contain_text("web:")
    officer.checkpoint("batch")
    page.get_by_role("link", name=OTHERS[1]).click()
    expect(page.get_by_text(re.compile(r"^Văn bản \d/3$"))).to_be_visible()
    expect(page.locator("pre.ocr-text")).to_contain_text("Biên bản giao nhận")
    page.get_by_label("Lý do từ chối (bắt buộc)").fill(REJECT_REASON)
    officer.checkpoint("viewer")
    page.get_by_role("button", name="Từ chối lô").click()
    expect(page).to_have_url(re.compile(rf"/officer/batches/{batch}\?ok=rejected$"))
    expect(page.locator("dl.officer-facts")).to_contain_text(REJECT_REASON)
    officer.checkpoint("batch-rejected")


def fix_and_resubmit(clerk: Person, batch: str) -> None:
    page = clerk.open(f"/clerk/batches/{batch}")
    rejected = page.locator("section.batch-rejected")
    expect(rejected).to_contain_text(REJECT_REASON)
    expect(rejected).to_contain_text(FULL_NAMES["officer"])
    clerk.checkpoint("batch-rejected")

    page.get_by_role("link", name=OTHERS[1]).click()
    retag_here(clerk, FIRST_CODE, FIX_REASON)
    clerk.checkpoint("document-fixed")
    page.get_by_role("link", name=f"Lô số {batch}").click()
    page.get_by_role("button", name="Trình lại lô").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Lô số {batch}")
    expect(page.locator("section.batch-rejected")).to_have_count(0)
    expect(page.get_by_role("row").filter(has_text=OTHERS[1])).to_contain_text(FIRST_CODE)
    clerk.checkpoint("batch-resubmitted")


def approve(officer: Person, batch: str) -> None:
    page = officer.open(f"/officer/batches/{batch}")
    page.get_by_role("button", name="Duyệt và ký 3 văn bản").click()
    expect(page.get_by_text(f"Ký số 3 văn bản bằng hồ sơ ký '{PROFILE}'?")).to_be_visible()
    expect(page.locator("form.stack")).to_contain_text("Lô lập thủ công · Gửi duyệt lúc")
    officer.checkpoint("approve")
    said: list[str] = []  # what the live region is told, each time it asks

    def heard(route: Route) -> None:
        answer = route.fetch()
        if answer.ok:
            said.append(answer.json()["text"])
        route.fulfill(response=answer)

    page.route(f"**/officer/batches/{batch}/state", heard)
    page.get_by_role("button", name="Ký số 3 văn bản").click()
    expect(page.get_by_text("Đã duyệt lô")).to_be_visible()
    live = page.locator(f"[aria-live=polite][data-live-url$='/{batch}/state']")
    followed = live.count() == 1  # else the signing was over before the page was drawn
    if followed:
        expect(live).to_have_text(re.compile(r"^Đang ký số: đã ký [0-3]/3 văn bản\.$"))
    # The live region follows the signing; the page is loaded again once when it is done.
    expect(page.get_by_role("heading", name="Đã ký xong")).to_be_visible(timeout=120_000)
    if followed:
        assert said[-1:] == ["Đã ký xong: đã ký 3/3 văn bản."], said
    expect(page.get_by_text("Đã ký 3/3")).to_be_visible()
    expect(page.locator("tbody tr").get_by_text("Đã ký")).to_have_count(3)
    officer.checkpoint("batch-signed")


def signed_for_the_clerk(clerk: Person) -> None:
    page = clerk.open("/documents?stage=signed")
    rows = page.locator("table.documents tbody tr")
    expect(rows).to_have_count(3)
    for name in SCANS:
        expect(rows.filter(has_text=name)).to_contain_text("Đã ký")
    clerk.checkpoint("documents-signed")
    page.get_by_role("link", name=FOUND).click()
    expect(page.locator("#signature-status")).to_contain_text("Hợp lệ")
    expect(page.locator("#retag-refused")).to_be_visible()
    clerk.checkpoint("document-signed")


def test_a_clerk_and_an_officer_take_three_scans_from_upload_to_signature(
    office: Office, people: dict[str, BrowserContext], scans: dict[str, Path]
) -> None:
    people["clerk"].grant_permissions(["clipboard-read", "clipboard-write"], origin=office.url)
    clerk = Person("clerk", people["clerk"], office.url)
    officer = Person("officer", people["officer"], office.url)

    upload(clerk, scans)
    find_open_and_copy(clerk)
    retag_here(clerk, SECOND_CODE, RETAG_REASON)
    clerk.checkpoint("document-retagged")
    batch = bulk_tag_and_batch(clerk)
    reject_from_the_viewer(officer, batch)
    fix_and_resubmit(clerk, batch)
    approve(officer, batch)
    signed_for_the_clerk(clerk)
