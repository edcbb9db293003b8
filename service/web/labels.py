"""Vietnamese names of the states, kinds and roles the pages show."""

from __future__ import annotations

from dossiers import TagSource
from queries.document_stage import DocumentStage
from store.states import (
    BatchItemState,
    BatchState,
    DocumentKind,
    DocumentStatus,
    JobStatus,
    ReceiptState,
    Role,
)

LABELS: dict[str, str] = {
    **{
        f"role.{Role.CLERK}": "Cán bộ một cửa",
        f"role.{Role.OFFICER}": "Lãnh đạo ký duyệt",
        f"role.{Role.AUDITOR}": "Kiểm tra, thanh tra",
        f"role.{Role.ADMIN}": "Quản trị",
    },
    **{
        f"kind.{DocumentKind.INTAKE}": "Hồ sơ tiếp nhận",
        f"kind.{DocumentKind.RESULT}": "Kết quả giải quyết",
    },
    **{
        f"document.{DocumentStatus.RECEIVED}": "Đang chờ số hóa",
        f"document.{DocumentStatus.DIGITIZED}": "Đã số hóa",
        f"document.{DocumentStatus.SPLIT}": "Đã tách theo hồ sơ",
        f"document.{DocumentStatus.QUARANTINED}": "Cần xem lại",
    },
    **{
        f"job.{JobStatus.QUEUED}": "Đang chờ",
        f"job.{JobStatus.RUNNING}": "Đang xử lý",
        f"job.{JobStatus.WAITING_RETRY}": "Chờ thử lại",
        f"job.{JobStatus.DONE}": "Xong",
        f"job.{JobStatus.FAILED}": "Lỗi",
    },
    **{
        f"batch.{BatchState.OPEN}": "Đang gom",
        f"batch.{BatchState.SUBMITTED}": "Chờ duyệt",
        f"batch.{BatchState.APPROVED}": "Đã duyệt",
        f"batch.{BatchState.REJECTED}": "Bị từ chối",
        f"batch.{BatchState.SIGNING}": "Đang ký",
        f"batch.{BatchState.SIGNED}": "Đã ký",
        f"batch.{BatchState.PARTLY_FAILED}": "Ký lỗi một phần",
    },
    **{
        f"item.{BatchItemState.WAITING}": "Chờ ký",
        f"item.{BatchItemState.SIGNED}": "Đã ký",
        f"item.{BatchItemState.FAILED}": "Ký lỗi",
        f"item.{BatchItemState.REFUSED}": "Bị từ chối ký (tệp đã thay đổi)",
    },
    **{
        f"receipt.{ReceiptState.ISSUING}": "Đang lập",
        f"receipt.{ReceiptState.FAILED}": "Lập lỗi",
        f"receipt.{ReceiptState.ISSUED}": "Đã lập",
        f"receipt.{ReceiptState.CANCELLED}": "Đã hủy",
        f"receipt.{ReceiptState.REPLACED}": "Đã thay thế",
    },
    **{
        f"stage.{DocumentStage.WAITING}": "Đang chờ số hóa",
        f"stage.{DocumentStage.DIGITIZED}": "Đã số hóa",
        f"stage.{DocumentStage.SPLIT}": "Đã tách theo hồ sơ",
        f"stage.{DocumentStage.QUARANTINED}": "Cần xem lại",
        f"stage.{DocumentStage.IN_BATCH}": "Trong lô ký",
        f"stage.{DocumentStage.SUBMITTED}": "Đã trình ký",
        f"stage.{DocumentStage.SIGNED}": "Đã ký số",
        f"stage.{DocumentStage.REJECTED}": "Lô bị từ chối",
    },
    **{
        f"tag.{TagSource.folder}": "Theo tên thư mục",
        f"tag.{TagSource.file_name}": "Theo tên tệp",
        f"tag.{TagSource.barcode}": "Mã QR/mã vạch",
        f"tag.{TagSource.text}": "Nhận dạng trong nội dung",
        f"tag.{TagSource.clerk}": "Cán bộ gắn tay",
    },
    # What was done to read a page (digitizer.reading.ReadStep); the output keeps the page
    # as scanned, except a flattened photo, which shows the flattened page.
    "reading.flattened": "Ảnh chụp: đã tìm mép tờ giấy, làm phẳng và cân lại ánh sáng",
    "reading.not_flattened": "Ảnh chụp nhưng không tìm được mép tờ giấy: đọc nguyên ảnh",
    "reading.colour_ink_dropped": "Bỏ qua mực đỏ, mực xanh (con dấu, chữ ký) khi nhận dạng",
    "reading.downsampled": "Ảnh quét độ phân giải cao: đọc ở 300 dpi",
    "reading.upsampled": "Ảnh quét độ phân giải thấp: phóng to để đọc",
    "reading.thresholded": "Bản sao mờ, nền xám: tách chữ theo từng vùng",
    "reading.blank": "Trang trắng: giữ lại, không nhận dạng",
}


def label(kind: str, value: object) -> str:
    """`label("batch", "signed")` → "Đã ký"; an unknown value shows as it is."""
    if value is None:
        return ""
    return LABELS.get(f"{kind}.{value}", str(value))
