"""The audit trail in words: each action as a Vietnamese phrase, its details as readable fields.

Pages show these; the export keeps the raw action codes and JSON (what a verifier re-hashes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ACTIONS: dict[str, str] = {
    "api_token.created": "Tạo mã truy cập API",
    "api_token.revoked": "Thu hồi mã truy cập API",
    "audit.exported": "Xuất nhật ký",
    "batch.approved": "Duyệt lô ký",
    "batch.created": "Lập lô ký",
    "batch.document_moved": "Chuyển tài liệu sang lô khác",
    "batch.partly_failed": "Lô ký có văn bản ký lỗi",
    "batch.rejected": "Từ chối lô ký",
    "batch.signed": "Ký xong lô",
    "batch.submitted": "Trình ký lô",
    "document.component_set": "Xác định thành phần hồ sơ",
    "document.digitized": "Số hóa xong",
    "document.downloaded": "Tải tài liệu về",
    "document.duplicate_received": "Nhận trùng một tệp đã có",
    "document.quarantined": "Đưa vào mục cần xem lại",
    "document.received": "Tiếp nhận tệp",
    "document.retried": "Xử lý lại",
    "document.signed": "Ký số văn bản",
    "document.split": "Tách theo hồ sơ",
    "document.tagged": "Gắn mã hồ sơ",
    "document.validation_data_added": "Bổ sung dữ liệu kiểm tra chữ ký dài hạn",
    "dossier.registered": "Đăng ký hồ sơ",
    "dossier.updated": "Cập nhật hồ sơ",
    "fees.imported": "Nhập danh mục phí, lệ phí",
    "file.refused": "Từ chối tệp",
    "job.pages_dispatched": "Chia trang cho các máy xử lý",
    "job.pages_read": "Nhận dạng xong các trang",
    "job.retry_scheduled": "Hẹn xử lý lại",
    "procedure.changed": "Sửa thủ tục",
    "procedure.components_set": "Đặt thành phần hồ sơ của thủ tục",
    "receipt.cancelled": "Hủy biên lai",
    "receipt.failed": "Lập biên lai lỗi",
    "receipt.issued": "Lập biên lai",
    "receipt.number_allocated": "Cấp số biên lai",
    "receipt.replaced": "Thay thế biên lai",
    "receipt_series.created": "Thêm mẫu, ký hiệu biên lai",
    "register.imported": "Nhập sổ theo dõi hồ sơ",
    "unit.created": "Thêm đơn vị",
    "unit.renamed": "Đổi tên đơn vị",
    "user.access_changed": "Đổi quyền người dùng",
    "user.created": "Thêm người dùng",
    "user.logged_in": "Đăng nhập",
    "user.logged_out": "Đăng xuất",
    "user.login_failed": "Đăng nhập không thành công",
    "user.password_changed": "Đổi mật khẩu",
}

FIELDS: dict[str, str] = {
    "reason": "Lý do",
    "pages": "Số trang",
    "batch": "Lô",
    "file": "Tệp",
    "name": "Tên",
    "dossier_code": "Mã hồ sơ",
    "source": "Nguồn",
    "profile": "Hồ sơ ký số",
    "attempt": "Lần thử",
}


@dataclass(frozen=True)
class AuditWords:
    sentence: str  # what was done, in words
    fields: tuple[tuple[str, str], ...]  # the details as (label, value), in the order given


def describe(action: str, details: Mapping[str, object]) -> AuditWords:
    sentence = ACTIONS.get(action, action)
    fields = tuple((FIELDS.get(key, key), _value(value)) for key, value in details.items())
    return AuditWords(sentence, fields)


def _value(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_value(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{FIELDS.get(k, k)}: {_value(v)}" for k, v in value.items())
    if value is None:
        return "—"
    return str(value)
