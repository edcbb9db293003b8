"""The audit trail in words: each action as a Vietnamese phrase, its details as readable fields.

Pages show these; the export keeps the raw action codes and JSON (what a verifier re-hashes).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from service.web.formats import vn_date, vn_money, vn_time
from service.web.labels import label

ACTIONS: dict[str, str] = {
    "api_token.created": "Tạo mã truy cập API",
    "api_token.revoked": "Thu hồi mã truy cập API",
    "audit.exported": "Xuất nhật ký",
    "batch.approved": "Duyệt lô ký",
    "batch.created": "Lập lô ký",
    "batch.document_removed": "Bỏ tài liệu khỏi lô ký bị từ chối",
    "batch.resubmitted": "Trình lại lô ký",
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
    "document.reused": "Dùng lại văn bản đã số hóa cho hồ sơ khác",
    "document.reuse_removed": "Bỏ dùng lại văn bản cho hồ sơ khác",
    "document.signed": "Ký số văn bản",
    "document.split": "Tách theo hồ sơ",
    "document.tagged": "Gắn mã hồ sơ",
    "document.validation_data_added": "Bổ sung dữ liệu kiểm tra chữ ký dài hạn",
    "dossier.registered": "Đăng ký hồ sơ",
    "dossier.updated": "Cập nhật hồ sơ",
    "fee.added": "Thêm khoản phí, lệ phí vào danh mục",
    "fee.changed": "Sửa khoản phí, lệ phí trong danh mục",
    "fee.removed": "Xóa khoản phí, lệ phí khỏi danh mục",
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
    "receipt.daily_data_delivered": "Gửi bảng tổng hợp dữ liệu biên lai trong ngày",
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
    "audit.checkpoint_made": "Lập mốc niêm phong nhật ký",
    "audit.verified": "Kiểm tra chuỗi nhật ký",
    "backup.made": "Sao lưu dữ liệu",
    "document.signatures_verified": "Kiểm tra chữ ký số của văn bản",
    "document.signing_failed": "Ký số văn bản lỗi",
    "document.signing_refused": "Từ chối ký (tệp đã thay đổi sau khi trình)",
    "rates.exported": "Xuất báo cáo tỷ lệ số hóa",
    "rates_chart.exported": "Xuất biểu đồ tỷ lệ số hóa",
    "receipt_usage.exported": "Xuất báo cáo sử dụng biên lai",
}

FIELDS: dict[str, str] = {
    "active": "Còn hoạt động",
    "added": "Số khoản thêm mới",
    "address": "Địa chỉ máy",
    "amount": "Số tiền",
    "again": "Chia lại",
    "all_valid": "Mọi chữ ký hợp lệ",
    "attempt": "Lần thử",
    "audit_entries": "Số mục nhật ký",
    "batch": "Lô",
    "before": "Thành phần trước đó",
    "by": "Nhóm theo",
    "cancelled": "Số biên lai hủy",
    "bytes": "Dung lượng (byte)",
    "changed": "Số khoản thay đổi",
    "changes_allowed": "Thay đổi được phép",
    "channel": "Hình thức nộp",
    "characters": "Số ký tự nhận dạng",
    "code": "Mã",
    "component": "Thành phần hồ sơ",
    "components": "Các thành phần hồ sơ",
    "copy": "Bản lưu",
    "coverage": "Phạm vi ký",
    "created": "Số hồ sơ thêm mới",
    "day": "Ngày",
    "delivered_to": "Nơi nhận",
    "document_timestamp": "Dấu thời gian văn bản",
    "document_timestamps": "Các dấu thời gian văn bản",
    "documents": "Số văn bản",
    "rejected_by": "Người đã từ chối",
    "previous": "Mã hồ sơ trước",
    "documents_linked": "Số văn bản được gắn với hồ sơ",
    "dossier": "Mã hồ sơ",
    "dossier_code": "Mã hồ sơ",
    "from_dossier": "Hồ sơ gốc của văn bản",
    "note": "Ghi chú",
    "reused_at": "Dùng lại lúc",
    "reused_by": "Người dùng lại",
    "reuses_linked": "Số lượt dùng lại được gắn với hồ sơ",
    "due_at": "Hạn giải quyết",
    "end": "Đến ngày",
    "entries": "Số mục",
    "error": "Lỗi",
    "field": "Lĩnh vực",
    "field_name": "Ô chữ ký",
    "file": "Tệp",
    "first_bad_id": "Mục hỏng đầu tiên",
    "first_id": "Từ mục số",
    "form": "Mẫu số",
    "format": "Định dạng",
    "head_hash": "Mã băm mục cuối",
    "head_id": "Mục cuối",
    "inbox_path": "Tệp trong thư mục nhận",
    "intact": "Toàn vẹn",
    "issued": "Số biên lai lập mới",
    "job": "Việc xử lý",
    "kind": "Loại",
    "label": "Ghi chú",
    "last_id": "Đến mục số",
    "manifest_sha256": "Mã băm bản kê",
    "modification_level": "Mức thay đổi sau khi ký",
    "name": "Tên",
    "new": "Tên mới",
    "number": "Số",
    "old": "Tên cũ",
    "organization": "Đơn vị thu",
    "outcomes": "Kết quả",
    "output": "Tệp kết quả",
    "output_kind": "Dạng tệp kết quả",
    "output_sha256": "Mã băm tệp kết quả",
    "pages": "Số trang",
    "parts": "Số phần",
    "path": "Đường dẫn",
    "payer": "Người nộp",
    "collector": "Người thu tiền",
    "previous_amount": "Số tiền trước đó",
    "previous_kind": "Loại trước đó",
    "previous_name": "Tên trước đó",
    "previous_reason": "Lý do trước đó",
    "problem": "Vấn đề",
    "problems": "Số dòng có vấn đề",
    "procedure_code": "Mã thủ tục",
    "procedure_id": "Thủ tục (số hiệu)",
    "profile": "Hồ sơ ký số",
    "provider": "Đơn vị chuyển dữ liệu",
    "ranges": "Các đoạn trang",
    "rate": "Tỷ lệ",
    "reason": "Lý do",
    "receipts": "Số biên lai",
    "received_at": "Ngày tiếp nhận",
    "record_sha256": "Mã băm bản ghi",
    "reference": "Biên lai",
    "registered": "Đã có trong sổ theo dõi",
    "replacement": "Biên lai thay thế",
    "replacements": "Số biên lai thay thế",
    "replaces": "Thay thế biên lai",
    "resolved_at": "Ngày có kết quả",
    "result_number": "Số kết quả",
    "result_required": "Phải trả kết quả",
    "revocation_data_embedded": "Có dữ liệu thu hồi chứng thư",
    "roles": "Vai trò",
    "rows": "Số dòng",
    "rule": "Quy tắc tính hồ sơ đã số hóa",
    "seconds": "Sau (giây)",
    "series": "Ký hiệu",
    "sha256": "Mã băm SHA-256",
    "signatures": "Chữ ký",
    "signed_at": "Thời điểm ký",
    "signed_sha256": "Mã băm tệp đã ký",
    "signer_name": "Người ký",
    "snapshot": "Bản sao lưu",
    "source": "Nguồn gắn mã",
    "start": "Từ ngày",
    "submitted_sha256": "Mã băm tệp trình ký",
    "target": "Sang lô",
    "tax_code": "Mã số thuế",
    "then": "Rồi theo",
    "time": "Thời điểm",
    "token": "Mã truy cập",
    "tokens_revoked": "Số mã truy cập bị thu hồi",
    "total": "Tổng tiền",
    "trusted": "Tin cậy",
    "tsa_name": "Đơn vị cấp dấu thời gian",
    "unchanged": "Số hồ sơ không đổi",
    "unit": "Đơn vị",
    "unit_id": "Đơn vị (số hiệu)",
    "units": "Đơn vị",
    "updated": "Số hồ sơ cập nhật",
    "valid": "Hợp lệ",
}

# A key whose meaning differs with the action: (action, key) → label.
ACTION_FIELDS: dict[tuple[str, str], str] = {
    ("batch.document_moved", "source"): "Từ lô",
    ("procedure.changed", "name"): "Tên thủ tục",
    ("document.received", "name"): "Tên tệp",
    ("fees.imported", "unchanged"): "Số khoản không đổi",
    ("receipt.daily_data_delivered", "file"): "Tệp bảng tổng hợp",
}

# Values that are codes, shown by their words: key → the labels' prefix.
_CODED = {
    "roles": "role",
    "kind": "kind",
    "source": "tag",
    "outcomes": "item",
}
_CHANNELS = {"counter": "Trực tiếp", "online": "Trực tuyến", "postal": "Bưu chính"}
_RULES = {
    "at_least_one": "Có ít nhất một giấy tờ tiếp nhận đã số hóa",
    "all_required": "Mọi thành phần hồ sơ đã số hóa",
}
_MONEY = {"amount", "previous_amount"}  # whole đồng
_OUTPUT_KINDS = {"original": "Bản gốc (đã ký, giữ nguyên)"}
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class AuditWords:
    sentence: str  # what was done, in words
    fields: tuple[tuple[str, str], ...]  # the details as (label, value), in the order given


def describe(action: str, details: Mapping[str, object]) -> AuditWords:
    sentence = ACTIONS.get(action, action)
    fields = tuple(
        (ACTION_FIELDS.get((action, key)) or FIELDS.get(key, key), _value(key, value))
        for key, value in details.items()
    )
    return AuditWords(sentence, fields)


def action_choices() -> list[tuple[str, str]]:
    """(code, words) of every action, by its words: what a filter offers."""
    return sorted(ACTIONS.items(), key=lambda item: item[1])


def _value(key: str, value: object) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(_value(key, item) for item in value)
    if isinstance(value, dict):
        if key in _CODED:
            return "; ".join(f"{label(_CODED[key], k)}: {_value(k, v)}" for k, v in value.items())
        return "; ".join(f"{FIELDS.get(k, k)}: {_value(k, v)}" for k, v in value.items())
    if isinstance(value, str):
        return _text(key, value)
    if isinstance(value, int) and key in _MONEY:
        return vn_money(value)
    return str(value)


def _text(key: str, value: str) -> str:
    if key in _CODED:
        return label(_CODED[key], value)
    if key == "channel":
        return _CHANNELS.get(value, value)
    if key == "rule":
        return _RULES.get(value, value)
    if key == "output_kind":
        return _OUTPUT_KINDS.get(value, value)
    if _MOMENT.match(value):
        try:
            return vn_time(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return value
    if _DAY.fullmatch(value):
        return vn_date(date.fromisoformat(value))
    return value
