"""Why a file could not be digitized, for the clerk (Vietnamese) and the operator (English)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from digitizer import (
    CorruptFileError,
    EncryptedPdfError,
    LimitExceededError,
    OcrEngineError,
    UnsupportedFileError,
)
from store.files import durable_write_text

_VIETNAMESE = {
    EncryptedPdfError: "Tệp PDF được bảo vệ bằng mật khẩu. Hãy xin bản không đặt mật khẩu.",
    UnsupportedFileError: "Đây không phải tệp PDF hay ảnh quét (TIFF, JPEG, PNG).",
    CorruptFileError: "Tệp bị hỏng, không đọc được. Hãy quét lại hoặc xin bản khác.",
    LimitExceededError: "Tệp vượt quá giới hạn cho phép (dung lượng, số trang hoặc kích thước "
    "trang). Hãy chia nhỏ tệp hoặc quét lại ở độ phân giải thấp hơn.",
    OcrEngineError: "Không nhận dạng được chữ trên tệp này.",
}
_OTHERWISE = "Không số hóa được tệp này sau nhiều lần thử. Hãy báo cho quản trị hệ thống."

_WHERE_FILES_GO = (
    "Hãy đặt tệp vào <đơn vị>/intake/ (giấy tờ hồ sơ tiếp nhận) hoặc <đơn vị>/results/ "
    "(kết quả trả), có thể trong một thư mục con mang mã hồ sơ."
)
_SPECIAL_FILE_WORDS = {
    "fifo": "một đường ống (FIFO)",
    "socket": "một socket",
    "device": "một thiết bị",
    "special": "một tệp đặc biệt",
}
_REFUSED = {
    "inbox.outside": "Tệp nằm ngoài hộp thư đến. " + _WHERE_FILES_GO,
    "inbox.misplaced": "Tệp không nằm trong thư mục intake hay results của một đơn vị. "
    + _WHERE_FILES_GO,
    "inbox.not_ordinary": "Đây là {kind}, không phải tệp thông thường; chỉ số hóa được tệp đã "
    "sao chép vào. Hãy gỡ nó khỏi hộp thư đến.",
    "inbox.unreadable": "Không đọc được tệp: hãy kiểm tra quyền truy cập của nó.",
    "inbox.symlink": "{what} liên kết tượng trưng (symlink), mà liên kết thì không được theo. "
    "Hãy sao chép chính tệp vào hộp thư đến và gỡ liên kết.",
}


def vietnamese_refusal(code: str, params: Mapping[str, str]) -> str:
    """Why the inbox did not take a file, in the clerk's words (`watch_folders.Refusal`)."""
    template = _REFUSED.get(code)
    if template is None:
        return "Tệp không được nhận vào hộp thư đến."
    kind = _SPECIAL_FILE_WORDS.get(params.get("kind", ""), "")
    link = params.get("link")
    what = "Đây là" if link in (None, params.get("file")) else f"Tệp nằm trong {link}, là một"
    return template.format(kind=kind, what=what)


def vietnamese_reason(error: Exception) -> str:
    for kind, reason in _VIETNAMESE.items():
        if isinstance(error, kind):
            return reason
    return _OTHERWISE


REASON_SUFFIX = ".reason.txt"


def write_reason_beside(target: Path, text: str) -> None:
    """The reason file of `target`, written durably beside it."""
    durable_write_text(target.with_name(f"{target.name}{REASON_SUFFIX}"), text)


def reason_file_text(name: str, vietnamese: str, english: str, received: str | None = None) -> str:
    """The `.reason.txt` beside a file set aside: for the clerk, then for the operator."""
    when_vi = f"Nhận lúc: {received}\n" if received else ""
    when_en = f"Received: {received}\n" if received else ""
    return (
        f"Tệp: {name}\n{when_vi}Lý do: {vietnamese}\n\nFile: {name}\n{when_en}Reason: {english}\n"
    )
