"""What Sohoa says in Vietnamese for each error code the use cases raise, on the web and on
the command line (unless English is asked for).

The use cases write their messages in English, for `--lang en` and the logs, and give each
refusal a stable code and the values it names. The faces look the code up here and fill the
template with those values. An error without a code, or with a code not listed here, is
shown as before: its own message.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from config.errors import SohoaError

log = logging.getLogger(__name__)

_RECEIPTS = {
    "receipt.request_invalid": "Biên lai chưa lập được: còn {count} điều cần sửa.",
    "receipt.payer_missing": "Hãy nhập họ tên người nộp tiền.",
    "receipt.series_missing": "Hãy chọn một ký hiệu biên lai của đơn vị mình.",
    "receipt.series_unknown": (
        "Không có ký hiệu biên lai {series}. Hãy chọn một ký hiệu biên lai của đơn vị mình."
    ),
    "receipt.series_ambiguous": (
        "Ký hiệu {series} có ở nhiều mẫu biên lai ({forms}): hãy chọn rõ mẫu biên lai."
    ),
    "receipt.series_other_year": (
        "Ký hiệu {series} dùng cho năm {year}, nay là năm {current_year}. Hãy chọn ký hiệu "
        "của năm nay (quản trị thêm ở mục «Mẫu, ký hiệu biên lai»)."
    ),
    "receipt.series_full": "Ký hiệu {series} đã dùng hết số biên lai (7 chữ số).",
    "receipt.dossier_code_invalid": (
        "«{text}» không phải mã hồ sơ hợp lệ (ví dụ H57.132-260804-0583). "
        "Hãy sửa lại hoặc để trống."
    ),
    "receipt.dossier_unknown": "Hồ sơ {dossier} chưa có trong sổ theo dõi hồ sơ.",
    "receipt.fee_unknown": "Danh mục phí không có khoản phí nào của thủ tục {procedure}.",
    "receipt.fee_several": (
        "Thủ tục {procedure} có nhiều khoản phí ({names}): hãy chọn từng khoản trong danh mục."
    ),
    "receipt.fee_gone": "Một khoản phí đã chọn không còn trong danh mục phí. Hãy chọn lại.",
    "receipt.item_name_missing": "Dòng {line}: hãy nhập tên khoản thu.",
    "receipt.amount_not_positive": (
        "Dòng {line} («{name}»): số tiền phải là số đồng lớn hơn 0, ví dụ 20.000."
    ),
    "receipt.lines_missing": (
        "Biên lai cần ít nhất một khoản phí hoặc lệ phí: chọn trong danh mục "
        "hoặc nhập tên và số tiền."
    ),
    "receipt.total_too_large": (
        "Tổng số tiền từ một nghìn tỷ đồng trở lên là quá lớn: hãy kiểm tra lại các số tiền."
    ),
    "receipt.method_unknown": "Hãy chọn hình thức thanh toán.",
    "receipt.not_printable": (
        "Biên lai không in được với nội dung này (thường do ký tự lạ như chữ Hán hay ký tự "
        "điều khiển). Hãy sửa tên người nộp, mã hồ sơ hoặc tên khoản thu; nếu vẫn không được, "
        "hãy báo quản trị hệ thống."
    ),
    "receipt.issue_failed": (
        "Biên lai {reference} đã được cấp số nhưng không lập được, nên được ghi là lập lỗi. "
        "Hãy báo quản trị hệ thống rồi lập biên lai mới."
    ),
    "receipt.not_found": "Không có biên lai {reference}.",
    "receipt.item_invalid": (
        '--item "{item}" chưa đúng dạng TÊN=SỐ TIỀN (số tiền là số đồng chẵn).'
    ),
    "receipt.not_issued": "Biên lai {reference} không còn hiệu lực (đã hủy hoặc đã thay thế).",
    "receipt.cancel_reason_missing": "Hãy nhập lý do hủy biên lai {reference}.",
    "receipt.replace_reason_missing": "Hãy nhập lý do thay thế biên lai {reference}.",
    "receipt.replaced_meanwhile": (
        "Biên lai {reference} vừa bị hủy hoặc thay thế trong lúc lập biên lai {replacement} "
        "để thay nó; nếu không cần biên lai {replacement}, hãy hủy biên lai đó."
    ),
}

_SERIES = {
    "receipt_series.symbol_without_year": (
        "Ký hiệu biên lai «{series}» phải kết thúc bằng hai chữ số cuối của năm (có thể thêm "
        "chữ cái), ví dụ BI-26T."
    ),
    "receipt_series.organization_missing": "Hãy nhập tên đơn vị thu tiền.",
    "receipt_series.address_missing": "Hãy nhập địa chỉ của đơn vị thu tiền.",
    "receipt_series.profile_unknown": "Không có hồ sơ ký số «{profile}» trong cấu hình.",
    "receipt_series.tax_code_invalid": (
        "Mã số thuế «{tax_code}» phải gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số."
    ),
    "receipt_series.exists": "Đã có ký hiệu biên lai {series} của mẫu {form}.",
    "receipt_fees.file_unreadable": (
        "Không đọc được tệp danh mục phí «{file}»: tệp phải là CSV mã hóa UTF-8."
    ),
    "receipt_fees.row_unreadable": (
        "Tệp «{file}», dòng {line}: cần các cột procedure_code, name, kind (phí hoặc lệ phí) "
        "và amount (số đồng)."
    ),
    "receipt_fees.row_incomplete": (
        "Tệp «{file}», dòng {line}: thiếu mã thủ tục hoặc tên khoản phí, hoặc số tiền không "
        "lớn hơn 0."
    ),
}

_BATCHES = {
    "batch.profile_unknown": "Không có hồ sơ ký số «{profile}» trong cấu hình.",
    "batch.empty": "Lô số {batch} chưa có tài liệu nào để trình ký.",
    "batch.reject_reason_missing": (
        "Hãy ghi lý do từ chối lô số {batch}: bộ phận một cửa cần biết phải sửa gì."
    ),
    "batch.approver_not_allowed": (
        "Tài khoản {user} không được duyệt hoặc từ chối các lô ký bằng hồ sơ ký số «{profile}»: "
        "chỉ người có tên trong danh sách người duyệt của hồ sơ ký số đó mới được làm việc này."
    ),
    "batch.not_found": "Không có lô số {batch}.",
    "batch.wrong_state": (
        "Lô số {batch} không còn ở trạng thái cho phép việc này (có thể người khác vừa duyệt "
        "hoặc từ chối lô)."
    ),
    "batch.document_not_digitized": "Tài liệu số {document} chưa có bản số hóa để ký.",
    "batch.document_signed": "Tài liệu số {document} đã được ký.",
    "batch.document_in_other_batch": (
        "Tài liệu số {document} đang nằm trong lô số {batch} đã trình ký hoặc đang ký."
    ),
    "batch.document_moved_on": (
        "Tài liệu số {document} nay đã nằm trong lô số {batch}: hãy bỏ tài liệu đó khỏi lô này "
        "rồi trình lại."
    ),
    "batch.document_not_in_batch": "Tài liệu số {document} không có trong lô số {batch}.",
}

_DOCUMENTS = {
    "tag.document_not_found": "Không có tài liệu số {document}.",
    "tag.not_digitized": (
        "Tài liệu này chưa số hóa xong hoặc đã được xử lý khác nên không gắn mã được."
    ),
    "quarantine.document_not_found": "Không có tài liệu số {document}.",
    "quarantine.not_quarantined": (
        "Tài liệu «{name}» không nằm trong danh sách cần xem lại nên không thử lại được "
        "(có thể người khác đã thử lại)."
    ),
    "component.procedure_unknown": (
        "Sổ theo dõi hồ sơ chưa có thủ tục {procedure} (hãy nhập sổ trước)."
    ),
    "component.document_not_found": "Không có tài liệu số {document}.",
    "register.rows_foreign": (
        "Các dòng {rows} ghi đơn vị mà bạn không phụ trách; không dòng nào được nhập."
    ),
    "register.dossiers_elsewhere": (
        "Các hồ sơ {dossiers} đã thuộc đơn vị mà bạn không phụ trách; không dòng nào được nhập."
    ),
}

_ACCOUNTS = {
    "user.exists": "Đã có người dùng tên “{name}”.",
    "user.not_found": "Không có người dùng “{name}”.",
    "user.role_unknown": "«{role}» không phải là một vai trò trong hệ thống.",
    "user.name_invalid": (
        "Tên đăng nhập chỉ gồm chữ thường a-z, chữ số, dấu chấm, gạch dưới hoặc gạch ngang, "
        "tối đa 100 ký tự."
    ),
    "user.roles_missing": "Hãy chọn ít nhất một vai trò.",
    "user.clerk_without_unit": "Cán bộ một cửa cần ít nhất một đơn vị.",
    "user.password_short": "Mật khẩu cần ít nhất {min_length} ký tự.",
    "user.password_spaces": "Mật khẩu không được bắt đầu hay kết thúc bằng dấu cách.",
    "user.password_common": (
        "Mật khẩu này nằm trong danh sách những mật khẩu phổ biến nhất, dễ bị dò ra. "
        "Hãy chọn mật khẩu khác, ví dụ một câu ngắn dễ nhớ."
    ),
    "audit.checkpoint_profile_missing": (
        "Chưa có hồ sơ ký số nào ký điểm kiểm soát nhật ký: hãy đặt [audit] checkpoint_profile "
        "(hoặc [signing] result)."
    ),
    "api_token.label_missing": "Hãy ghi nhãn: hệ thống nào dùng mã này.",
    "api_token.not_found": "Không có mã truy cập số {token}.",
    "unit.name_empty": "Tên đơn vị không được để trống.",
    "unit.name_too_long": "Tên đơn vị dài tối đa {max_length} ký tự.",
    "unit.not_found": "Không có đơn vị số {unit}.",
    "document_list.bad_cursor": (
        "Địa chỉ trang của danh sách tài liệu không hợp lệ (có thể đã cũ hoặc bị sửa). "
        "Hãy mở lại danh sách từ trang đầu."
    ),
}

_RETAG = {
    "tag.signed": (
        "Văn bản này đã được ký số: chữ ký bảo đảm cả mã hồ sơ ghi trong tệp, nên không đổi mã "
        "hồ sơ được nữa."
    ),
    "tag.in_submitted_batch": (
        "Văn bản này đang ở lô số {batch} đã trình ký hoặc đang ký: chờ lô ký xong hoặc bị "
        "từ chối rồi mới đổi mã hồ sơ được."
    ),
    "tag.reason_missing": "Hãy ghi lý do đổi mã hồ sơ: lý do được lưu vào nhật ký.",
    "tag.reason_too_long": "Lý do đổi mã hồ sơ dài tối đa {max_length} ký tự.",
    "tag.unchanged": "Văn bản đã gắn vào hồ sơ {dossier} rồi; hãy nhập mã hồ sơ khác.",
}

_COMMAND_LINE = {
    "register.unreadable": "Không đọc được tệp sổ theo dõi hồ sơ {file}.",
    "cli.period_invalid": "Ngày phải viết dạng YYYY-MM-DD: đã nhận {start} và {end}.",
    "cli.rule_invalid": "--rule phải là at_least_one hoặc all_required, không phải {rule}.",
    "cli.rates_file_needed": "--format {format} ghi ra tệp: hãy cho -o TỆP.",
    "cli.period_half": "Hãy cho cả --from và --to, hoặc không cho cả hai (lấy tháng trước).",
    "cli.sign_target_exists": "{target} đã có; hãy chọn thư mục khác để ghi bản đã ký.",
    "cli.sign_key_choice": "Hãy cho --profile TÊN hoặc --pkcs12 TỆP (chỉ một trong hai).",
    "cli.verify_choice": "Hãy cho các tệp, hoặc một trong --dossier MÃ, --batch SỐ, --all.",
    "cli.no_trust_roots": (
        "Chưa có chứng thư gốc tin cậy: hãy cho --trust GỐC.pem hoặc đặt signing.trust_roots "
        "trong tệp cấu hình."
    ),
    "cli.worker_queue": "sohoa worker cần queue = 'celery' (SOHOA_QUEUE=celery).",
    "cli.login_throttled": (
        "Nhập sai mật khẩu quá nhiều lần liên tiếp: hãy thử lại sau {seconds} giây."
    ),
    "cli.login_wrong": "Sai tên đăng nhập hoặc mật khẩu.",
    "cli.not_logged_in": (
        "Lệnh này thực hiện thay cho một người: hãy đăng nhập trước bằng `sohoa login`, hoặc "
        "đặt {variable} là một mã truy cập API."
    ),
    "cli.token_invalid": (
        "Mã truy cập không còn hiệu lực (đã thu hồi, hoặc người dùng đã bị khóa): hãy đăng nhập"
        " lại bằng `sohoa login`."
    ),
    "cli.role_missing": "{user} không phải là {role_name}: lệnh này không dành cho người này.",
    "cli.unit_not_seen": "{what} thuộc một đơn vị mà {user} không phụ trách.",
}

MESSAGES: Mapping[str, str] = {
    **_RECEIPTS,
    **_SERIES,
    **_BATCHES,
    **_DOCUMENTS,
    **_ACCOUNTS,
    **_COMMAND_LINE,
    **_RETAG,
}


def say(error: SohoaError) -> str:
    """What the web shows for `error`: each of its problems in Vietnamese where the catalogue
    has a text, else in the words of its message."""
    return " ".join(text(problem) or problem.message for problem in error.problems)


def translated(error: SohoaError) -> str | None:
    """Every problem of `error` in Vietnamese, or None if the catalogue lacks one of them."""
    texts = []
    for problem in error.problems:
        said = text(problem)
        if said is None:
            return None
        texts.append(said)
    return " ".join(texts)


def text(error: SohoaError) -> str | None:
    """The catalogue's text for `error`'s code, filled with its params; None without one."""
    template = MESSAGES.get(error.code or "")
    if template is None:
        return None
    try:
        return template.format_map(error.params)
    except (KeyError, IndexError, ValueError):
        log.warning("message %s: the params %s do not fill its template", error.code, error.params)
        return None
