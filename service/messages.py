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

_FEES = {
    "fee.invalid": "Khoản phí chưa lưu được: còn {count} điều cần sửa.",
    "fee.procedure_code_invalid": (
        "«{value}» không phải mã thủ tục hành chính; mã thủ tục có dạng 1.001612, "
        "1.011442.000.00.00.H38 hoặc 2.000815.000.00.00.H55.02."
    ),
    "fee.name_invalid": "Hãy nhập tên khoản phí, lệ phí (tối đa {limit} ký tự).",
    "fee.kind_invalid": "«{value}» không phải loại khoản thu: chỉ nhận «phí» hoặc «lệ phí».",
    "fee.amount_invalid": (
        "«{value}» không phải số tiền hợp lệ: số tiền là số đồng nguyên lớn hơn 0, ví dụ "
        "20000 hoặc 20.000."
    ),
    "fee.exists": "Thủ tục {procedure_code} đã có khoản «{name}» trong danh mục phí.",
    "fee.not_found": "Danh mục phí không có khoản này (có thể vừa bị xóa).",
    "fee_file.empty": (
        "Tệp «{file}» không có khoản phí nào: cần dòng tiêu đề {columns} và mỗi khoản phí một dòng."
    ),
    "fee_file.unreadable": "Không đọc được tệp danh mục phí «{file}».",
    "fee_file.not_unicode": (
        "Tệp «{file}» không phải văn bản UTF-8: hãy lưu lại dưới dạng «CSV UTF-8»."
    ),
    "fee_file.not_csv": "Tệp «{file}» không đọc được dưới dạng CSV (ở dòng {row}).",
    "fee_file.too_large": (
        "Tệp «{file}» lớn hơn {limit_mb} MB, giới hạn của một tệp danh mục phí."
    ),
    "fee_file.too_many_rows": (
        "Tệp «{file}» có hơn {limit} khoản phí, giới hạn của một tệp: hãy chia thành nhiều tệp."
    ),
    "fee_file.columns_missing": (
        "Tệp «{file}»: dòng tiêu đề phải có các cột {columns}; còn thiếu {missing}."
    ),
    "fee_file.rows_invalid": (
        "Tệp «{file}» có {count} dòng sai nên chưa nhập dòng nào: hãy sửa rồi nhập lại."
    ),
    "fee_file.procedure_code_invalid": (
        "Dòng {row}, cột {column}: «{value}» không phải mã thủ tục hành chính; mã thủ tục có "
        "dạng 1.001612, 1.011442.000.00.00.H38 hoặc 2.000815.000.00.00.H55.02."
    ),
    "fee_file.name_invalid": (
        "Dòng {row}, cột {column}: tên khoản phí không được để trống và dài tối đa {limit} ký tự."
    ),
    "fee_file.kind_invalid": (
        "Dòng {row}, cột {column}: «{value}» không phải loại khoản thu; chỉ nhận «phí» hoặc "
        "«lệ phí»."
    ),
    "fee_file.amount_invalid": (
        "Dòng {row}, cột {column}: «{value}» không phải số tiền hợp lệ; số tiền là số đồng "
        "nguyên lớn hơn 0, ví dụ 20000 hoặc 20.000."
    ),
    "fee_file.fee_repeated": (
        "Dòng {row}, cột {column}: khoản «{value}» của thủ tục {procedure_code} đã có ở dòng "
        "{first_row}."
    ),
}

_SETUP = {
    "setup.config_exists": (
        "Đã có tệp cấu hình {file}; chưa thay đổi gì. Muốn thay tệp này thì chạy "
        "`sohoa init --force` (bản cũ được giữ lại)."
    ),
    "setup.value_missing": (
        "Hãy cho {option}: đầu vào chuẩn không phải màn hình dòng lệnh nên không hỏi được."
    ),
    "setup.choice_missing": (
        "Hãy cho {option} (một trong: {choices}): đầu vào chuẩn không phải màn hình dòng lệnh "
        "nên không hỏi được."
    ),
    "setup.variable_unset": "Biến môi trường {variable} ({option}) chưa được đặt.",
    "setup.key_sources_several": (
        "Chỉ chọn một nguồn khóa ký: --pkcs12 TỆP, --pkcs11-module THƯ_VIỆN hoặc --demo-keys."
    ),
    "setup.units_missing": (
        "Hãy khai báo ít nhất một đơn vị (--unit MÃ=TÊN): thư mục trong hộp thư đến mà hồ sơ "
        "được chuyển vào."
    ),
    "setup.unit_malformed": (
        '«{text}» không có dạng MÃ=TÊN (ví dụ --unit "ubnd-xa-an-binh=UBND xã An Bình").'
    ),
    "setup.profile_name_invalid": (
        "«{profile}» không dùng được làm tên hồ sơ ký số: chỉ gồm chữ thường a-z, chữ số, "
        "dấu gạch dưới hoặc gạch ngang."
    ),
    "setup.trust_root_missing": (
        "Chưa có chứng thư gốc tin cậy cho khóa của {file}: hãy cho chứng thư gốc của tổ chức "
        "chứng thực (--trust-root TỆP) để kiểm tra được chữ ký."
    ),
    "setup.key_not_on_token": (
        "Thiết bị ký «{token}» không có khóa «{key}» (các khóa hiện có: {present})."
    ),
    "setup.token_certificate_missing": (
        "Thiết bị ký «{token}» không lưu chứng thư số kèm khóa «{key}»: hãy cho chứng thư số "
        "của người ký bằng --certificate TỆP."
    ),
    "setup.nothing_offered": "Thư viện {module} không cung cấp {what} nào.",
    "unit.code_invalid": (
        "«{code}» không dùng được làm mã đơn vị (tên thư mục trong hộp thư đến): chỉ gồm chữ "
        "cái không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang, bắt đầu bằng chữ cái hoặc "
        "chữ số, tối đa {max_length} ký tự, ví dụ ubnd-xa-an-binh."
    ),
    "unit.exists": (
        "Đã có đơn vị {code}; muốn đổi tên thì dùng `sohoa units rename {code} --name …`."
    ),
    "unit.code_not_found": "Không có đơn vị {code}.",
    "signing.key_file_not_opened": (
        "Mật khẩu không mở được tệp PKCS#12 {file} (hoặc tệp đã hỏng)."
    ),
    "signing.key_file_without_key": "Tệp PKCS#12 {file} không chứa khóa kèm chứng thư số.",
    "signing.certificate_unreadable": "{file} không phải chứng thư số (PEM hoặc DER).",
    "signing.key_file_too_large": "Tệp {file} quá lớn để là tệp khóa hay chứng thư số.",
    "signing.key_file_unreadable": "Không đọc được tệp {file} ({reason}).",
    "signing.pin_wrong": "Mã PIN của thiết bị ký «{token}» không đúng.",
    "signing.pin_locked": (
        "Thiết bị ký «{token}» đã bị khóa vì nhập sai mã PIN quá nhiều lần; hãy mở khóa trước."
    ),
    "signing.module_unusable": "Không nạp được {module} làm thư viện PKCS#11.",
    "signing.token_not_found": (
        "Thư viện không có thiết bị ký «{token}» (các thiết bị hiện có: {present})."
    ),
}

MESSAGES: Mapping[str, str] = {
    **_RECEIPTS,
    **_SERIES,
    **_BATCHES,
    **_DOCUMENTS,
    **_ACCOUNTS,
    **_RETAG,
    **_FEES,
    **_SETUP,
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


# `sohoa doctor` and the admin's «Kiểm tra hệ thống» (health_checks/): what each check is
# called ("doctor.check.<check>"), each finding, and for each problem its fix ("<code>.fix").
# Findings are not errors, so they stay out of MESSAGES, which holds the codes raised.
DOCTOR_WORDS: Mapping[str, str] = {
    "doctor.check.tesseract": "Tesseract (nhận dạng chữ)",
    "doctor.check.tesseract.language": "Dữ liệu ngôn ngữ «{language}» của Tesseract",
    "doctor.check.pdftoppm": "Poppler: pdftoppm",
    "doctor.check.pdftotext": "Poppler: pdftotext",
    "doctor.check.qpdf": "qpdf",
    "doctor.check.font": "Phông chữ",
    "doctor.check.data.exists": "Thư mục dữ liệu",
    "doctor.check.data.writable": "Ghi được vào thư mục dữ liệu",
    "doctor.check.disk.free": "Dung lượng trống",
    "doctor.check.data.owner": "Chủ sở hữu thư mục dữ liệu",
    "doctor.check.data.modes": "Quyền truy cập thư mục dữ liệu",
    "doctor.check.secret.file": "Tệp bí mật",
    "doctor.check.database": "Cơ sở dữ liệu",
    "doctor.check.database.schema": "Lược đồ cơ sở dữ liệu",
    "doctor.check.broker": "Hàng đợi (broker của Celery)",
    "doctor.check.web.port": "Cổng của giao diện web",
    "doctor.check.profile.key": "Khóa ký",
    "doctor.check.profile.certificate": "Thời hạn chứng thư số",
    "doctor.check.profile.chain": "Chuỗi chứng thực",
    "doctor.check.profile.timestamp": "Dịch vụ cấp dấu thời gian",
    "doctor.program.ok": "{version}: chạy được.",
    "doctor.program.missing": "Không tìm thấy chương trình {name} (không có trong PATH).",
    "doctor.program.missing.fix": "Cài đặt: apt-get install {package} (make setup sẽ cài).",
    "doctor.program.broken": "Có chương trình {name} trong PATH nhưng nó không chạy được.",
    "doctor.program.broken.fix": "Cài lại: apt-get install --reinstall {package}.",
    "doctor.tesseract.language_ok": "Đã có dữ liệu ngôn ngữ «{language}».",
    "doctor.tesseract.language_missing": (
        "Tesseract thiếu dữ liệu ngôn ngữ «{language}» ({language}.traineddata)."
    ),
    "doctor.tesseract.language_missing.fix": (
        "Cài đặt: apt-get install {package} (hoặc chép {language}.traineddata vào thư mục "
        "mà biến TESSDATA_PREFIX chỉ tới)."
    ),
    "doctor.font.ok": "Có phông chữ {path}.",
    "doctor.font.missing": "Thiếu phông chữ {path}: không vẽ được biên lai và dấu chữ ký.",
    "doctor.font.missing.fix": "Cài đặt: apt-get install {package}.",
    "doctor.font.named_missing": "Thiếu phông chữ {path}: không vẽ được dấu chữ ký.",
    "doctor.font.named_missing.fix": (
        "Đặt tệp phông chữ vào đúng chỗ đó, hoặc chọn phông khác ở mục appearance.font của "
        "hồ sơ ký số."
    ),
    "doctor.data.not_made": (
        "Chưa có thư mục dữ liệu {path}; lần khởi động đầu tiên sẽ tạo thư mục này."
    ),
    "doctor.data.writable": "Ghi được vào {path}.",
    "doctor.data.read_only": (
        "Không ghi được vào {path}: hệ thống tệp chứa nó đang ở chế độ chỉ đọc."
    ),
    "doctor.data.read_only.fix": (
        "Kiểm tra ổ đĩa (dmesg, fsck) rồi gắn lại ở chế độ đọc-ghi (mount -o remount,rw "
        "điểm gắn chứa {data_dir})."
    ),
    "doctor.data.not_writable": "Không ghi được vào {path} ({reason}).",
    "doctor.data.not_writable.fix": (
        "Giao thư mục cho người dùng của dịch vụ: chown -R {user}: {data_dir}"
    ),
    "doctor.disk.ok": "Ổ đĩa chứa {path} còn trống {free_gb} GiB.",
    "doctor.disk.low": (
        "Ổ đĩa chứa {path} chỉ còn trống {free_gb} GiB, dưới mức cảnh báo {limit_gb} GiB."
    ),
    "doctor.disk.low.fix": "Sớm giải phóng dung lượng trên ổ đĩa đó.",
    "doctor.disk.full": (
        "Ổ đĩa chứa {path} chỉ còn trống {free_gb} GiB, dưới ngưỡng tối thiểu {limit_gb} GiB."
    ),
    "doctor.disk.full.fix": (
        "Giải phóng dung lượng trên ổ đĩa đó hoặc chuyển thư mục dữ liệu sang ổ lớn hơn: khi "
        "ổ đầy, việc tiếp nhận, nhận dạng chữ và ký số đều dừng lại."
    ),
    "doctor.data.owned": "Thư mục dữ liệu {data_dir} thuộc người dùng {user}.",
    "doctor.data.root_owner": (
        "Thư mục dữ liệu {data_dir} thuộc root: dịch vụ sẽ chạy với quyền root."
    ),
    "doctor.data.root_owner.fix": (
        "Cho Sohoa chạy bằng người dùng riêng (xem deploy/README.md): useradd --system "
        "sohoa; chown -R sohoa: {data_dir}"
    ),
    "doctor.data.foreign_owner": (
        "{count} tệp hoặc thư mục trong {data_dir} không thuộc người dùng của dịch vụ "
        "({user}): {paths}."
    ),
    "doctor.data.foreign_owner.fix": "chown -R {user}: {data_dir}",
    "doctor.data.private": (
        "Thư mục dữ liệu {data_dir} chỉ người dùng và nhóm của dịch vụ truy cập được."
    ),
    "doctor.data.open_to_others": (
        "{count} tệp hoặc thư mục trong {data_dir} để người dùng khác truy cập được: {paths}."
    ),
    "doctor.data.open_to_others.fix": "chmod -R o-rwx {data_dir}",
    "doctor.data.group_writable": (
        "{count} tệp hoặc thư mục ngoài hộp tiếp nhận (inbox) trong {data_dir} cho phép nhóm "
        "ghi: {paths}."
    ),
    "doctor.data.group_writable.fix": "chmod g-w {paths}",
    "doctor.secret.private": "{setting}: quyền {mode}, chỉ người dùng của dịch vụ đọc được.",
    "doctor.secret.open": (
        "{setting}: tệp có quyền {mode}, người khác ngoài người dùng của dịch vụ đọc được."
    ),
    "doctor.secret.open.fix": ("chmod 600 tệp đó (và chown cho người dùng của dịch vụ)."),
    "doctor.secret.unreadable": "{setting}: không đọc được tệp ({reason}).",
    "doctor.secret.unreadable.fix": (
        "Đặt tệp vào đúng chỗ cấu hình chỉ ra, hoặc sửa lại cấu hình."
    ),
    "doctor.database.not_made": (
        "Cơ sở dữ liệu nhúng {url} chưa được tạo; lần khởi động đầu tiên sẽ tạo."
    ),
    "doctor.database.reachable": "Cơ sở dữ liệu {url} trả lời.",
    "doctor.database.unreachable": "Không kết nối được cơ sở dữ liệu: {reason}.",
    "doctor.database.unreachable.fix": (
        "Khởi động máy chủ cơ sở dữ liệu, hoặc sửa database_url (SOHOA_DATABASE_URL); kiểm "
        "tra máy này có được phép kết nối tới máy chủ đó."
    ),
    "doctor.database.current": "Lược đồ dữ liệu ở bản cập nhật mới nhất ({revision}).",
    "doctor.database.behind": (
        "Lược đồ dữ liệu đang ở bản {revision}, phiên bản Sohoa này cần bản {head}."
    ),
    "doctor.database.behind.fix": "Sao lưu, rồi chạy: sohoa db upgrade",
    "doctor.broker.ok": "Broker {url} trả lời.",
    "doctor.broker.unset": 'Đã đặt queue = "celery" nhưng chưa đặt broker_url.',
    "doctor.broker.unset.fix": (
        "Đặt broker_url (SOHOA_BROKER_URL) là địa chỉ của Redis hoặc RabbitMQ."
    ),
    "doctor.broker.unreachable": "Broker {url} không trả lời ({reason}).",
    "doctor.broker.unreachable.fix": ("Khởi động broker, hoặc sửa broker_url (SOHOA_BROKER_URL)."),
    "doctor.web.off": "Giao diện web đang tắt.",
    "doctor.web.any_port": "Giao diện web nhận một cổng trống bất kỳ.",
    "doctor.web.free": "{address} còn trống cho giao diện web.",
    "doctor.web.ours": "Giao diện web của Sohoa đang trả lời ở {address}.",
    "doctor.web.taken": "Một chương trình khác đang dùng {address}.",
    "doctor.web.taken.fix": (
        "Dừng chương trình đó (ss -ltnp 'sport = :{port}' cho biết tên), hoặc đặt cổng khác "
        "ở [web] port."
    ),
    "doctor.web.privileged": (
        "Muốn dùng {address} thì dịch vụ phải có đặc quyền mà nó không nên có."
    ),
    "doctor.web.privileged.fix": (
        "Đặt [web] port từ 1024 trở lên (cổng 443 để máy chủ ủy quyền TLS phục vụ)."
    ),
    "doctor.web.unusable": "Không mở được {address} ({reason}).",
    "doctor.web.unusable.fix": (
        "Đặt [web] host là một địa chỉ của máy này (127.0.0.1, hoặc 0.0.0.0 cho mọi địa chỉ)."
    ),
    "doctor.profile.key_opens": "Hồ sơ ký số {profile}: mở được khóa ký.",
    "doctor.profile.secret_missing": (
        "Hồ sơ ký số {profile}: không tìm thấy mật khẩu (hoặc mã PIN) của khóa ở nơi cấu "
        "hình chỉ ra."
    ),
    "doctor.profile.secret_missing.fix": (
        "Đặt mật khẩu (hoặc mã PIN) vào đúng nơi signing.profiles.{profile} chỉ ra (với dịch "
        "vụ: tệp biến môi trường của nó), chỉ người dùng của dịch vụ đọc được."
    ),
    "doctor.profile.pkcs12_closed": (
        "Hồ sơ ký số {profile}: không mở được tệp PKCS#12 (sai mật khẩu, tệp hỏng hoặc không "
        "đọc được)."
    ),
    "doctor.profile.pkcs12_closed.fix": (
        "Kiểm tra tệp mà signing.profiles.{profile}.pkcs12 chỉ tới và mật khẩu của nó."
    ),
    "doctor.profile.pin_refused": "Hồ sơ ký số {profile}: thiết bị ký số từ chối mã PIN.",
    "doctor.profile.pin_refused.fix": (
        "Sửa mã PIN ở nơi signing.profiles.{profile} chỉ ra; nhập sai vài lần thì thiết bị sẽ khóa."
    ),
    "doctor.profile.token_closed": (
        "Hồ sơ ký số {profile}: không dùng được khóa trên thiết bị ký số."
    ),
    "doctor.profile.token_closed.fix": (
        "Cắm thiết bị ký số vào và kiểm tra pkcs11_module, token_label, key_label của "
        "signing.profiles.{profile} (pkcs11-tool --list-objects cho biết thiết bị chứa gì)."
    ),
    "doctor.profile.no_certificate": (
        "Hồ sơ ký số {profile}: không tìm thấy chứng thư số đi kèm khóa."
    ),
    "doctor.profile.no_certificate.fix": (
        "Khai báo chứng thư số của người ký ở signing.profiles.{profile}.certificate."
    ),
    "doctor.profile.no_trust_roots": (
        "Hồ sơ ký số {profile} chưa khai báo chứng thư gốc tin cậy: không chứng minh được "
        "chữ ký của nó hợp lệ."
    ),
    "doctor.profile.no_trust_roots.fix": (
        "Khai báo chứng thư gốc của tổ chức chứng thực ở signing.profiles.{profile}.trust_roots."
    ),
    "doctor.profile.roots_unreadable": (
        "Hồ sơ ký số {profile}: không đọc được chứng thư gốc tin cậy."
    ),
    "doctor.profile.roots_unreadable.fix": (
        "Sửa signing.profiles.{profile}.trust_roots (tệp chứng thư PEM hoặc DER)."
    ),
    "doctor.profile.valid": (
        "Hồ sơ ký số {profile}: chứng thư số «{signer}» còn hiệu lực {days} ngày, đến ngày {on}."
    ),
    "doctor.profile.expires_soon": (
        "Hồ sơ ký số {profile}: chứng thư số «{signer}» sẽ hết hạn sau {days} ngày, vào ngày {on}."
    ),
    "doctor.profile.expires_soon.fix": (
        "Gia hạn chứng thư số «{signer}» với tổ chức cung cấp dịch vụ chứng thực rồi đặt khóa "
        "mới vào nơi signing.profiles.{profile} chỉ ra."
    ),
    "doctor.profile.expired": (
        "Hồ sơ ký số {profile}: chứng thư số «{signer}» đã hết hạn ngày {on}."
    ),
    "doctor.profile.expired.fix": (
        "Gia hạn chứng thư số «{signer}» với tổ chức cung cấp dịch vụ chứng thực rồi đặt khóa "
        "mới vào nơi signing.profiles.{profile} chỉ ra."
    ),
    "doctor.profile.not_yet_valid": (
        "Hồ sơ ký số {profile}: chứng thư số «{signer}» chỉ có hiệu lực từ ngày {on}."
    ),
    "doctor.profile.not_yet_valid.fix": (
        "Kiểm tra đồng hồ của máy (timedatectl), hoặc chờ đến ngày đó."
    ),
    "doctor.profile.chains": (
        "Hồ sơ ký số {profile}: chứng thư số được chứng thực bởi chứng thư gốc tin cậy đã khai báo."
    ),
    "doctor.profile.untrusted": (
        "Hồ sơ ký số {profile}: chứng thư số «{signer}» không được chứng thực bởi chứng thư "
        "gốc tin cậy nào đã khai báo."
    ),
    "doctor.profile.untrusted.fix": (
        "Khai báo chứng thư gốc của tổ chức đã cấp chứng thư này ở "
        "signing.profiles.{profile}.trust_roots và các chứng thư trung gian ở "
        "signing.profiles.{profile}.chain."
    ),
    "doctor.profile.timestamp_ok": (
        "Hồ sơ ký số {profile}: dịch vụ cấp dấu thời gian {url} trả lời."
    ),
    "doctor.profile.timestamp_down": (
        "Hồ sơ ký số {profile}: dịch vụ cấp dấu thời gian {url} không cấp được dấu thời gian."
    ),
    "doctor.profile.timestamp_down.fix": (
        "Liên hệ đơn vị cung cấp dịch vụ cấp dấu thời gian, hoặc sửa "
        "signing.profiles.{profile}.timestamp_url; trong lúc chờ, các lô của hồ sơ này chưa "
        "ký được."
    ),
}
