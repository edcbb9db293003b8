"""The clerk's batches in-process, on real digitized scans: submit, the officer rejects with a
reason, the clerk sees the reason and who rejected, takes out what cannot be fixed, submits
again; batches of another unit, or mixing units, are not theirs to see or act on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from accounts.users import UserSpec, add_user, parse_roles
from service.compose import JobProcess
from signing.keys import forget_signers
from signing_batches.flow import make_batch
from store.schema import AuditRecord, BatchRecord, DocumentRecord
from store.states import BatchState
from tests.support.pki import make_test_pki
from tests.support.web import PASSWORD, log_in, web_client, web_services
from tests.test_web_clerk import receive, small_scan, wait_for_jobs

UNIT_A, UNIT_B = "xa-an-binh", "xa-binh-an"
PROFILE = "xa-tiep-nhan"
OFFICER_NAME = "Nguyễn Văn Hùng"
REASON = "Trang 2 của tờ khai bị mờ, hãy quét lại."


@dataclass(frozen=True)
class Office:
    services: JobProcess
    clerk: TestClient
    officer: TestClient
    documents: dict[str, int]

    def batch(self, batch_id: int) -> BatchRecord:
        with self.services.store.reading() as session:
            return session.get_one(BatchRecord, batch_id)

    def batch_of(self, name: str) -> int:
        with self.services.store.reading() as session:
            batch_id = session.get_one(DocumentRecord, self.documents[name]).batch_id
        assert batch_id is not None
        return batch_id

    def as_clerk(self, name: str) -> str:
        self.clerk.cookies.clear()
        return log_in(self.clerk, name)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    """Intake scans signed by one profile (hung approves): two of unit A in their open batch,
    one of each unit in a batch made by hand across both units."""
    folder = tmp_path_factory.mktemp("batches")
    profile = make_test_pki(folder / "pki").profile_settings(folder, PROFILE)
    signing = {"intake": PROFILE, "profiles": {PROFILE: {**profile, "approvers": ["hung"]}}}
    forget_signers()
    with web_services(folder / "var", signing=signing) as services:
        for name, roles, units, full_name in (
            ("lan", "clerk", (UNIT_A,), "Trần Thị Lan"),
            ("minh", "clerk", (UNIT_B,), "Lê Văn Minh"),
            ("hung", "officer", (), OFFICER_NAME),
        ):
            spec = UserSpec(name, parse_roles([roles]), PASSWORD, units, full_name)
            add_user(services.store, spec, "test")
        documents = {
            name: receive(services, unit, name, lambda path, text=text: small_scan(path, text))
            for name, unit, text in (
                ("to-khai.png", UNIT_A, "Tờ khai đăng ký khai sinh"),
                ("don.png", UNIT_A, "Đơn đề nghị cấp bản sao"),
                ("uy-quyen.png", UNIT_A, "Giấy ủy quyền"),
                ("xac-nhan.png", UNIT_B, "Giấy xác nhận cư trú"),
            )
        }
        wait_for_jobs(services)
        make_batch(
            services, PROFILE, [documents["uy-quyen.png"], documents["xac-nhan.png"]], "test"
        )
        with web_client(services) as clerk, web_client(services) as officer:
            yield Office(services, clerk, officer, documents)
    forget_signers()


def test_a_clerk_sees_only_the_batches_wholly_of_their_units(office: Office) -> None:
    own = office.batch_of("to-khai.png")
    mixed = office.batch_of("uy-quyen.png")
    token = office.as_clerk("lan")

    listed = office.clerk.get("/clerk/batches")

    assert listed.status_code == 200
    shown = {int(found) for found in re.findall(r'href="/clerk/batches/(\d+)"', listed.text)}
    assert shown == {own}
    assert "Đang gom" in listed.text and PROFILE in listed.text
    assert office.clerk.get(f"/clerk/batches/{mixed}").status_code == 404
    assert (
        office.clerk.post(f"/clerk/batches/{mixed}/submit", data={"csrf_token": token}).status_code
        == 404
    )

    office.as_clerk("minh")
    assert office.clerk.get(f"/clerk/batches/{own}").status_code == 404
    other = {
        int(found)
        for found in re.findall(
            r'href="/clerk/batches/(\d+)"', office.clerk.get("/clerk/batches").text
        )
    }
    assert own not in other and mixed not in other


def test_submit_reject_fix_and_resubmit(office: Office) -> None:
    batch_id = office.batch_of("to-khai.png")
    token = office.as_clerk("minh")
    refused = office.clerk.post(f"/clerk/batches/{batch_id}/submit", data={"csrf_token": token})
    assert refused.status_code == 404 and office.batch(batch_id).state == BatchState.OPEN

    token = office.as_clerk("lan")
    page = office.clerk.get(f"/clerk/batches/{batch_id}")
    assert page.status_code == 200
    assert "to-khai.png" in page.text and "don.png" in page.text
    assert f'href="/documents/{office.documents["to-khai.png"]}"' in page.text
    assert "Trong lô ký" in page.text
    submitted = office.clerk.post(
        f"/clerk/batches/{batch_id}/submit", data={"csrf_token": token}, follow_redirects=True
    )
    assert submitted.status_code == 200 and "Đã trình lô" in submitted.text
    assert office.batch(batch_id).state == BatchState.SUBMITTED
    assert "Đã trình ký" in submitted.text

    office.officer.cookies.clear()
    officer_token = log_in(office.officer, "hung")
    rejected = office.officer.post(
        f"/officer/batches/{batch_id}/reject",
        data={"csrf_token": officer_token, "reason": REASON},
        follow_redirects=False,
    )
    assert rejected.status_code == 303, rejected.text[-500:]

    listed = office.clerk.get("/clerk/batches")
    assert "Bị từ chối" in listed.text and REASON in listed.text and OFFICER_NAME in listed.text
    assert "web:hung" not in listed.text
    page = office.clerk.get(f"/clerk/batches/{batch_id}")
    assert REASON in page.text and OFFICER_NAME in page.text and "Trình lại lô" in page.text
    assert "Lô bị từ chối" in page.text
    # Nothing in a rejected batch waits to be signed, and the page does not say so.
    assert "Không ký (lô bị từ chối)" in page.text and "Chờ ký" not in page.text

    # While rejected, one of its documents went into a batch made by hand: it holds the rest up.
    don = office.documents["don.png"]
    elsewhere = make_batch(office.services, PROFILE, [don], "test")
    held = office.clerk.post(f"/clerk/batches/{batch_id}/resubmit", data={"csrf_token": token})
    assert held.status_code == 400
    assert f"Tài liệu số {don} nay đã nằm trong lô số {elsewhere}" in held.text
    assert office.batch(batch_id).state == BatchState.REJECTED

    removed = office.clerk.post(
        f"/clerk/batches/{batch_id}/documents/{don}/remove",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert removed.status_code == 200 and "Đã bỏ tài liệu khỏi lô" in removed.text
    assert "don.png" not in removed.text

    again = office.clerk.post(
        f"/clerk/batches/{batch_id}/resubmit", data={"csrf_token": token}, follow_redirects=True
    )

    assert again.status_code == 200 and "Đã trình lại lô" in again.text
    batch = office.batch(batch_id)
    assert batch.state == BatchState.SUBMITTED and batch.submitted_by == "web:lan"
    assert batch.reason is None and batch.decided_by is None
    with office.services.store.reading() as session:
        (entry,) = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "batch.resubmitted")
        ).all()
    assert entry.subject == f"batch:{batch_id}" and entry.actor == "web:lan"
    assert REASON in entry.details and "web:hung" in entry.details
    waiting = office.officer.get("/officer/batches").text.split('id="recent-title"')[0]
    assert f'href="/officer/batches/{batch_id}"' in waiting
    forged = office.clerk.post(f"/clerk/batches/{batch_id}/resubmit", data={})
    assert forged.status_code == 403
