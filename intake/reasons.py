"""Why a file could not be digitized, for the clerk (Vietnamese) and the operator (English)."""

from __future__ import annotations

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
