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
    "receipt.message_invalid": (
        "Thông điệp dữ liệu XML của biên lai không đúng lược đồ {schema} ({detail}) nên chưa "
        "được lưu."
    ),
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
    "receipt_series.form_symbol_invalid": (
        "Ký hiệu mẫu biên lai «{form}» không đúng cấu trúc quy định ({pattern}); cấu trúc "
        "mặc định: hai chữ số từ 01 đến 09 (loại biên lai), chữ BLP, một chữ số, dấu gạch "
        "ngang hoặc gạch chéo, rồi ba chữ số (số thứ tự mẫu), ví dụ 01BLP0-001."
    ),
    "receipt_series.series_symbol_invalid": (
        "Ký hiệu biên lai «{series}» không đúng cấu trúc quy định ({pattern}); cấu trúc mặc "
        "định: có thể có hai chữ số đầu, rồi hai chữ cái in hoa, dấu gạch ngang hoặc gạch "
        "chéo, hai chữ số cuối của năm và một chữ E, T hoặc P, ví dụ BI-26T."
    ),
    "receipt_series.kind_too_long": "Tên loại biên lai dài quá {max} ký tự.",
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

_REUSE = {
    "reuse.document_not_found": "Không có tài liệu số {document} trong các đơn vị của bạn.",
    "reuse.not_digitized": (
        "Tài liệu số {document} chưa số hóa xong hoặc đã được xử lý khác nên chưa dùng lại "
        "được: chỉ dùng lại văn bản đã số hóa."
    ),
    "reuse.untagged": (
        "Tài liệu số {document} chưa gắn với hồ sơ nào: hãy gắn mã hồ sơ của chính nó trước "
        "rồi mới dùng lại cho hồ sơ khác."
    ),
    "reuse.own_dossier": (
        "Tài liệu số {document} là giấy tờ của chính hồ sơ {dossier}: chỉ dùng lại cho một "
        "hồ sơ khác."
    ),
    "reuse.already_linked": "Tài liệu số {document} đã được dùng lại cho hồ sơ {dossier} rồi.",
    "reuse.dossier_elsewhere": (
        "Hồ sơ {dossier} thuộc đơn vị mà bạn không phụ trách nên không dùng lại văn bản cho "
        "hồ sơ đó được."
    ),
    "reuse.note_too_long": "Ghi chú dài tối đa {max_length} ký tự.",
    "reuse.text_invalid": "Ghi chú hoặc lý do có ký tự không hợp lệ; hãy gõ lại.",
    "reuse.reason_too_long": "Lý do dài tối đa {max_length} ký tự.",
    "reuse.reason_missing": "Hãy ghi lý do bỏ dùng lại: lý do được lưu vào nhật ký.",
    "reuse.not_linked": "Tài liệu số {document} không được dùng lại cho hồ sơ {dossier}.",
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
    "setup.data_dir_overridden": (
        "Biến môi trường SOHOA_DATA_DIR đang là {variable}, được ưu tiên hơn --data-dir "
        "{data_dir}: hãy bỏ biến này, hoặc cho cùng một thư mục ở cả hai."
    ),
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
    "signing.xml_key_not_rsa": (
        "Thông điệp dữ liệu XML của biên lai được ký theo RSA-SHA256 (PKCS#1 v1.5), nhưng khóa "
        "của hồ sơ ký số không ký theo cách này."
    ),
    "signing.xml_failed": "Không ký được thông điệp dữ liệu XML của biên lai: {reason}",
    "signing.pin_wrong": "Mã PIN của thiết bị ký «{token}» không đúng.",
    "signing.pin_refused_before": (
        "Hồ sơ ký số {profile}: thiết bị ký «{token}» đã từ chối mã PIN này nên không thử lại "
        "(thử sai nhiều lần thiết bị sẽ tự khóa); hãy sửa mã PIN trong cấu hình rồi khởi động "
        "lại dịch vụ."
    ),
    "signing.pin_locked": (
        "Thiết bị ký «{token}» đã bị khóa vì nhập sai mã PIN quá nhiều lần; hãy mở khóa trước."
    ),
    "signing.module_unusable": "Không nạp được {module} làm thư viện PKCS#11.",
    "signing.token_not_found": (
        "Thư viện không có thiết bị ký «{token}» (các thiết bị hiện có: {present})."
    ),
}

_DOSSIER_CODES = {
    "dossier_code.empty": "Mã hồ sơ đang để trống: hãy nhập mã theo dạng H57.132-260804-0583.",
    "dossier_code.result_suffix": (
        "«{text}» không phải mã hồ sơ hợp lệ: phần đuôi kết quả phải là -KQ<số> hoặc "
        "-KQ(<số>), ví dụ H57.132-260804-0583-KQ1."
    ),
    "dossier_code.result_number": (
        "«{text}» không phải mã hồ sơ hợp lệ: số thứ tự kết quả {number} phải từ 1 trở lên."
    ),
    "dossier_code.date_missing": (
        "«{text}» không phải mã hồ sơ hợp lệ: thiếu phần ngày và phần số thứ tự. Mã hồ sơ có "
        "dạng MÃ CƠ QUAN-YYMMDD-SỐ THỨ TỰ, ví dụ H57.132-260804-0583."
    ),
    "dossier_code.sequence_missing": (
        "«{text}» không phải mã hồ sơ hợp lệ: thiếu phần số thứ tự. Mã hồ sơ có dạng "
        "MÃ CƠ QUAN-YYMMDD-SỐ THỨ TỰ, ví dụ H57.132-260804-0583."
    ),
    "dossier_code.part_count": (
        "«{text}» không phải mã hồ sơ hợp lệ: mã có {count} phần ngăn bởi dấu gạch ngang, "
        "cần đúng ba phần MÃ CƠ QUAN-YYMMDD-SỐ THỨ TỰ, ví dụ H57.132-260804-0583."
    ),
    "dossier_code.agency_empty": "«{text}» không phải mã hồ sơ hợp lệ: thiếu phần mã cơ quan.",
    "dossier_code.agency_too_long": (
        "«{text}» không phải mã hồ sơ hợp lệ: phần mã cơ quan «{agency}» dài {length} ký tự, "
        "tối đa {max_length} ký tự."
    ),
    "dossier_code.agency_character": (
        "«{text}» không phải mã hồ sơ hợp lệ: phần mã cơ quan «{agency}» có ký tự «{character}»; "
        "chỉ được dùng chữ số 0-9, chữ in hoa A-Z và dấu chấm."
    ),
    "dossier_code.agency_group_empty": (
        "«{text}» không phải mã hồ sơ hợp lệ: phần mã cơ quan «{agency}» có một nhóm trống "
        "(hai dấu chấm liền nhau, hoặc dấu chấm ở đầu hay cuối)."
    ),
    "dossier_code.agency_shape": (
        "«{text}» không phải mã hồ sơ hợp lệ: phần mã cơ quan «{agency}» phải bắt đầu bằng một "
        "chữ cái từ A đến Y và hai chữ số (như H57.132), hoặc là mã cơ quan kiểu cũ "
        "(như 000.00.19.H12)."
    ),
    "dossier_code.date_digits": (
        "«{text}» không phải mã hồ sơ hợp lệ: phần ngày «{date}» phải gồm sáu chữ số "
        "năm-tháng-ngày YYMMDD, ví dụ 260804."
    ),
    "dossier_code.date_unreal": (
        "«{text}» không phải mã hồ sơ hợp lệ: phần ngày «{date}» không phải một ngày có thật "
        "(dạng YYMMDD)."
    ),
    "dossier_code.sequence_empty": (
        "«{text}» không phải mã hồ sơ hợp lệ: phần số thứ tự sau ngày đang trống."
    ),
    "dossier_code.sequence_digits": (
        "«{text}» không phải mã hồ sơ hợp lệ: số thứ tự «{sequence}» chỉ được gồm chữ số."
    ),
    "dossier_code.sequence_short": (
        "«{text}» không phải mã hồ sơ hợp lệ: số thứ tự «{sequence}» quá ngắn, cần ít nhất "
        "{min_digits} chữ số."
    ),
    "dossier_code.legacy_sequence": (
        "«{text}» không phải mã hồ sơ hợp lệ: mã hồ sơ kiểu cũ cần số thứ tự đúng {digits} "
        "chữ số, không phải «{sequence}»."
    ),
    "procedure_code.empty": "Mã thủ tục hành chính đang để trống: hãy nhập mã như 1.001612.",
    "procedure_code.national_shape": (
        "«{text}» không phải mã thủ tục hành chính hợp lệ: mã phải bắt đầu bằng một chữ số, "
        "dấu chấm và sáu chữ số (như 1.001612), không phải «{national}»."
    ),
    "procedure_code.group_count": (
        "«{text}» không phải mã thủ tục hành chính hợp lệ: sau {national} có {count} nhóm; mã "
        "thủ tục của địa phương thêm mã cơ quan gồm bốn nhóm (như .000.00.00.H38), thủ tục "
        "trực tuyến thêm hai chữ số nữa (.02)."
    ),
    "procedure_code.agency_shape": (
        "«{text}» không phải mã thủ tục hành chính hợp lệ: phần mã cơ quan «{agency}» phải có "
        "dạng như 000.00.00.H38."
    ),
    "procedure_code.variant_digits": (
        "«{text}» không phải mã thủ tục hành chính hợp lệ: phần đuôi «{variant}» của thủ tục "
        "trực tuyến phải gồm hai chữ số."
    ),
}

_REGISTER_FILES = {
    "register.unreadable": (
        "Không đọc được tệp sổ theo dõi hồ sơ «{file}» ({reason}): hãy kiểm tra đường dẫn và "
        "quyền đọc tệp."
    ),
    "register.not_a_table": (
        "Tệp «{file}» không phải sổ theo dõi hồ sơ: hãy dùng tệp Excel (XLSX), hoặc tệp CSV hay "
        "JSON mã hóa UTF-8."
    ),
    "register.empty": "Tệp sổ theo dõi hồ sơ «{file}» không có nội dung.",
    "register.csv_unreadable": (
        "Tệp «{file}» không đọc được như bảng CSV ({reason}): hãy lưu lại từ Excel dưới dạng "
        "CSV UTF-8 hoặc XLSX."
    ),
    "register.xlsx_unreadable": (
        "Tệp «{file}» không đọc được như sổ Excel XLSX ({reason}): hãy mở bằng Excel rồi lưu "
        "lại dưới dạng XLSX."
    ),
    "register.sheet_empty": (
        "Trang tính đầu tiên của tệp «{file}» trống: sổ theo dõi hồ sơ phải nằm ở trang tính "
        "đầu tiên, dòng 1 là tiêu đề."
    ),
    "register.json_invalid": (
        "Tệp «{file}» không phải JSON hợp lệ (dòng {line}, cột {column}: {reason})."
    ),
    "register.json_shape": (
        "Tệp JSON «{file}» phải là một danh sách hồ sơ, hoặc một đối tượng có danh sách đó "
        'ở khóa "dossiers".'
    ),
    "register.column_twice": (
        "Tệp «{file}»: hai tiêu đề «{first}» và «{second}» cùng chỉ cột «{column}». Hãy giữ "
        "lại một cột."
    ),
    "register.columns_missing": (
        "Tệp «{file}» thiếu các cột bắt buộc {columns}; dòng tiêu đề hiện có: {headers}."
    ),
}

_DIGITIZING = {
    "digitize.file_missing": "Không có tệp «{file}»: hãy kiểm tra lại tên và đường dẫn của tệp.",
    "digitize.file_unreadable": (
        "Không đọc được tệp «{file}» ({reason}): hãy kiểm tra đường dẫn và quyền đọc tệp."
    ),
    "digitize.not_a_file": "«{file}» không phải một tệp: hãy chỉ tới tệp bản quét.",
    "digitize.file_too_large": (
        "Tệp «{file}» nặng {size} MiB, vượt giới hạn {limit} MiB: hãy quét lại ở độ phân giải "
        "thấp hơn hoặc tách thành nhiều tệp."
    ),
    "digitize.file_empty": "Tệp «{file}» rỗng, không có nội dung: hãy quét hoặc chép lại tệp.",
    "digitize.file_kind_other": (
        "Tệp «{file}» là tệp dạng {formats}, không phải bản quét: Sohoa chỉ nhận tệp PDF, "
        "TIFF, JPEG và PNG."
    ),
    "digitize.file_kind_unknown": (
        "Tệp «{file}» không phải tệp PDF, TIFF, JPEG hay PNG (nội dung không khớp loại nào): "
        "hãy gửi bản quét ở một trong các dạng đó."
    ),
    "digitize.pdf_encrypted": (
        "Tệp PDF «{file}» có mật khẩu nên không mở được: hãy xin người gửi một bản không đặt "
        "mật khẩu."
    ),
    "digitize.pdf_damaged": (
        "Tệp PDF «{file}» bị hỏng, không đọc được ({reason}): hãy quét hoặc xuất lại tệp."
    ),
    "digitize.pdf_pages_damaged": (
        "Danh sách trang của tệp PDF «{file}» bị hỏng ({reason}): hãy quét hoặc xuất lại tệp."
    ),
    "digitize.pdf_no_pages": "Tệp PDF «{file}» không có trang nào.",
    "digitize.too_many_pages": (
        "Tệp «{file}» có {pages} trang, vượt giới hạn {limit} trang: hãy tách thành nhiều tệp."
    ),
    "digitize.page_too_large": (
        "Trang {page} của tệp «{file}» có {width}×{height} điểm ảnh, vượt giới hạn {limit} triệu "
        "điểm ảnh: hãy quét lại ở độ phân giải thấp hơn (300 dpi là đủ)."
    ),
    "digitize.image_unreadable": (
        "Không đọc được ảnh «{file}» ({reason}): hãy quét lại hoặc lưu lại ảnh."
    ),
    "digitize.image_damaged": (
        "Ảnh «{file}» bị hỏng hoặc không trọn vẹn ({reason}): hãy quét hoặc chép lại tệp."
    ),
    "digitize.image_pixels": (
        "Ảnh «{file}» có quá nhiều điểm ảnh để mở: hãy quét lại ở độ phân giải thấp hơn "
        "(300 dpi là đủ)."
    ),
    "digitize.page_undrawable": (
        "Không dựng được hình trang {page} của tệp «{file}» ({reason}): tệp có thể bị hỏng, "
        "hãy quét hoặc xuất lại."
    ),
    "digitize.page_not_drawn": (
        "Không dựng được hình trang {page} của tệp «{file}»: tệp có thể bị hỏng, hãy quét hoặc "
        "xuất lại."
    ),
    "digitize.page_image_damaged": (
        "Hình của trang {page} trong tệp «{file}» bị hỏng ({reason}): hãy quét lại tệp."
    ),
    "digitize.render_timeout": (
        "Dựng hình trang {page} của tệp «{file}» mất quá {seconds} giây (giới hạn thời gian): "
        "hãy quét lại tệp đơn giản hơn hoặc nới giới hạn trong cấu hình."
    ),
    "digitize.ocr_timeout": (
        "Nhận dạng chữ trang {page} của tệp «{file}» mất quá {seconds} giây (giới hạn thời "
        "gian): hãy quét lại trang rõ hơn hoặc nới giới hạn trong cấu hình."
    ),
    "digitize.ocr_interrupted": (
        "Tesseract bị dừng ({signal}) khi đang nhận dạng trang {page} của tệp «{file}» (bị tắt "
        "hoặc hết bộ nhớ); trang đó có thể không lỗi, hãy thử lại."
    ),
    "digitize.ocr_failed": (
        "Tesseract không nhận dạng được trang {page} của tệp «{file}»: {reason}."
    ),
    "digitize.output_unwritable": (
        "Không ghi được bản số hóa của tệp «{file}» ({reason}): hãy kiểm tra thư mục đích còn "
        "chỗ trống và ghi được."
    ),
    "digitize.unexpected": (
        "Tệp «{file}» gặp lỗi ngoài dự kiến ({reason}) nên đã được để riêng: hãy báo quản trị "
        "hệ thống."
    ),
}

_DEPENDENCIES = {
    "dependency.tesseract_missing": (
        "Máy này chưa cài Tesseract (phần mềm nhận dạng chữ): hãy chạy «make setup» hoặc "
        "«apt-get install tesseract-ocr»."
    ),
    "dependency.tesseract_language_missing": (
        "Tesseract chưa có dữ liệu ngôn ngữ {languages}: hãy cài gói {packages}."
    ),
    "dependency.poppler_missing": (
        "Máy này chưa cài poppler-utils (công cụ dựng hình trang PDF): hãy chạy «make setup» "
        "hoặc «apt-get install poppler-utils»."
    ),
}

_SIGNING = {
    "signing.profile_unknown": (
        "Không có hồ sơ ký số «{profile}» trong cấu hình (đang có: {known}). Hãy khai báo hồ "
        "sơ này ở mục [signing.profiles] của tệp cấu hình, hoặc dùng một hồ sơ đang có."
    ),
    "signing.detached_failed": "Không ký được bằng hồ sơ ký số «{profile}»: {reason}.",
    "signing.not_cms": "Tệp chữ ký không phải chữ ký CMS hợp lệ ({reason}).",
    "signing.pdf_encrypted": (
        "Không ký được tệp «{file}»: tệp PDF được đặt mật khẩu. Hãy dùng bản không đặt mật khẩu."
    ),
    "signing.pdf_failed": "Không ký được tệp «{file}» bằng hồ sơ ký số «{profile}»: {reason}.",
    "signing.field_missing": "Tệp «{file}» không có chữ ký «{field}».",
    "signing.timestamp_failed": (
        "Máy chủ cấp dấu thời gian {url} không trả dấu thời gian ({reason}). Văn bản chưa được "
        "ký; hệ thống sẽ thử lại, hoặc hãy kiểm tra kết nối tới máy chủ đó."
    ),
    "signing.verify_unreadable": (
        "Không đọc được tệp «{file}» để kiểm tra chữ ký ({reason}): hãy chắc chắn đó là một "
        "tệp PDF còn nguyên vẹn."
    ),
    "signing.trust_roots_unreadable": (
        "Không đọc được chứng thư gốc tin cậy ({reason}): hãy kiểm tra các tệp trust_roots "
        "trong cấu hình."
    ),
    "signing_key.secret_file_unreadable": (
        "Hồ sơ ký số «{profile}»: không đọc được tệp chứa mật khẩu hoặc mã PIN của khóa "
        "«{file}» ({reason})."
    ),
    "signing_key.secret_variable_unset": (
        "Hồ sơ ký số «{profile}»: chưa đặt biến môi trường {variable} chứa mật khẩu hoặc mã PIN "
        "của khóa."
    ),
    "signing_key.chain_unreadable": (
        "Hồ sơ ký số «{profile}»: không đọc được chuỗi chứng thư ({reason}). Hãy kiểm tra các "
        "tệp chain trong cấu hình."
    ),
    "signing_key.key_file_unreadable": (
        "Hồ sơ ký số «{profile}»: không đọc được tệp khóa PKCS#12 «{file}» ({reason})."
    ),
    "signing_key.key_file_unopenable": (
        "Hồ sơ ký số «{profile}»: không mở được tệp khóa PKCS#12 «{file}»: sai mật khẩu hoặc "
        "tệp bị hỏng."
    ),
    "signing_key.certificate_unreadable": (
        "Hồ sơ ký số «{profile}»: không đọc được chứng thư người ký «{file}» ({reason})."
    ),
    "signing_key.token_key_unusable": (
        "Hồ sơ ký số «{profile}»: thiết bị ký «{token}» không có khóa «{key}» dùng được ({reason})."
    ),
    "signing_key.token_unopenable": (
        "Hồ sơ ký số «{profile}»: không mở được thiết bị ký «{token}» qua thư viện {module} "
        "({reason}). Hãy kiểm tra thiết bị đã cắm, nhãn thiết bị và mã PIN."
    ),
    "signing_ltv.unwritable": ("Không thêm được dữ liệu xác thực vào tệp «{file}» ({reason})."),
    "signing_ltv.unsigned": (
        "Không thêm được dữ liệu xác thực vào tệp «{file}»: tệp chưa có chữ ký nào."
    ),
    "signing_ltv.revocation_unavailable": (
        "Không thêm được dữ liệu xác thực cho chữ ký trong tệp «{file}»: không lấy được thông "
        "tin thu hồi chứng thư (mỗi lần chờ tối đa {seconds} giây). Hãy thử lại sau."
    ),
    "signing_ltv.untrusted": (
        "Không thêm được dữ liệu xác thực cho chữ ký trong tệp «{file}»: chứng thư của chữ ký "
        "không xác thực được theo chứng thư gốc tin cậy ({reason})."
    ),
    "signing_stamp.page_damaged": (
        "Không đặt được dấu chữ ký: trang {page} của tệp PDF bị hỏng. Hãy sửa hoặc quét lại "
        "tệp trước khi ký."
    ),
    "signing_stamp.no_free_place": (
        "Không còn chỗ trống để đặt dấu chữ ký ở góc trên trang 1 hay ở lề trên: chữ, hình "
        "hoặc {signatures} dấu chữ ký đã có chiếm hết. Hãy ký văn bản này bằng chữ ký ẩn, hoặc "
        "quét lại để trang có lề."
    ),
    "signing_stamp.words_unreadable": (
        "Không đọc được chữ trên trang của tệp «{file}» để chọn chỗ đặt dấu chữ ký ({reason})."
    ),
    "signing_appearance.personal_with_seal": (
        "Hình thức chữ ký cá nhân chỉ hiện họ tên và thời điểm quét: hãy bỏ «seal», "
        "«show_seal», «copy_type» và «label» khỏi mục này, hoặc chuyển sang hình thức chữ ký "
        "của cơ quan."
    ),
    "signing_appearance.seal_not_given": (
        "Hình thức chữ ký yêu cầu hiện con dấu nhưng không ghi ảnh con dấu: hãy đặt «seal» là "
        "một tệp PNG, hoặc bỏ «show_seal»."
    ),
    "signing_appearance.seal_width": (
        "Chiều rộng con dấu phải lớn hơn 0 mm, không phải {width} mm."
    ),
    "signing_appearance.margin": ("Lề của dấu chữ ký phải từ 0 đến 50 mm, không phải {margin} mm."),
    "signing_appearance.name_missing": (
        "Chứng thư người ký không có tên để hiện trên dấu chữ ký: hãy ghi tên ở mục hình thức "
        "chữ ký (appearance) của hồ sơ ký số."
    ),
    "signing_appearance.seal_unreadable": (
        "Không đọc được ảnh con dấu «{file}» ({reason}): hãy dùng ảnh PNG hoặc JPEG còn nguyên vẹn."
    ),
    "signing_appearance.seal_resolution": (
        "Ảnh con dấu «{file}» không ghi độ phân giải nên không biết kích thước thật: hãy đặt "
        "seal_width_mm ở mục hình thức chữ ký (con dấu tròn rộng khoảng 35-42 mm)."
    ),
    "signing_appearance.font_missing": (
        "Không có tệp phông chữ của dấu chữ ký «{file}»: phông mặc định đi kèm gói {package} "
        "(«make system-packages» cài gói này); phông ghi trong cấu hình phải có trên máy này."
    ),
    "signing_appearance.font_unreadable": (
        "Không đọc được phông chữ của dấu chữ ký «{file}» ({reason})."
    ),
    "signing_appearance.font_not_single": (
        "Tệp «{file}» không phải một phông chữ OpenType hay TrueType đơn lẻ."
    ),
    "signing_appearance.font_units": (
        "Phông chữ «{file}» có {units} đơn vị mỗi em nên chữ trên dấu chữ ký sẽ bị giãn sai: "
        "hãy dùng phông có {required} đơn vị mỗi em, như FreeSerif của gói {package} (mặc định)."
    ),
    "dependency.pyhanko_opentype_missing": (
        "Chữ ký hiển thị cần phần hỗ trợ OpenType của pyHanko (fontTools và uharfbuzz): hãy cài "
        "pyHanko[opentype] vào môi trường của Sohoa."
    ),
}

_RECEIPT_FILES = {
    "receipt_data.symbol_invalid": (
        "Biên lai {reference}: {caption} «{symbol}» không hợp lệ; chỉ dùng từ 1 đến 30 chữ cái, "
        "chữ số, dấu chấm, gạch chéo hoặc gạch ngang (ví dụ 01BLP0-001, BI-26T)."
    ),
    "receipt_data.number_out_of_range": (
        "Số của biên lai {reference} phải từ 1 đến {max} (bảy chữ số)."
    ),
    "receipt_data.time_without_zone": (
        "Thời điểm lập biên lai {reference} không có múi giờ: hãy báo quản trị hệ thống."
    ),
    "receipt_data.tax_code_invalid": (
        "Mã số thuế «{tax_code}» của «{organization}» không hợp lệ: mã gồm 10 chữ số, 10 chữ số "
        "kèm mã chi nhánh (0101234567-001) hoặc 12 chữ số. Hãy sửa trong cấu hình biên lai."
    ),
    "receipt_data.replaces_invalid": (
        "Biên lai {reference} thay cho «{replaces}», nhưng đó không phải số hiệu biên lai: hãy "
        "ghi ký hiệu và số bảy chữ số, ví dụ BI-26T-0000012."
    ),
    "receipt_data.text_empty": "Biên lai {reference}: mục «{caption}» đang trống, hãy điền vào.",
    "receipt_data.control_character": (
        "Biên lai {reference}: mục «{caption}» có ký tự điều khiển {codepoint}. Hãy xóa ký tự "
        "đó; mỗi mục trên biên lai là một dòng chữ thường."
    ),
    "receipt_data.line_name_empty": (
        "Biên lai {reference}: khoản thu thứ {line} chưa có tên, hãy điền vào."
    ),
    "receipt_data.lines_missing": (
        "Biên lai {reference} chưa có khoản phí, lệ phí nào: hãy thêm ít nhất một khoản."
    ),
    "receipt_data.amount_invalid": (
        "Biên lai {reference}: khoản thu thứ {line} («{name}») có số tiền {amount}; số tiền phải "
        "là số đồng nguyên lớn hơn 0 (khoản miễn thu thì không ghi vào biên lai)."
    ),
    "receipt_data.total_too_large": (
        "Tổng số tiền của biên lai {reference} ({total} đồng) lớn bất thường: hãy kiểm tra lại "
        "các số tiền."
    ),
    "receipt_font.characters_missing": (
        "Biên lai có ký tự mà phông chữ «{file}» không hiển thị được: {characters}. Hãy sửa nội "
        "dung, hoặc cấu hình một phông chữ có các ký tự đó."
    ),
    "receipt_font.missing": (
        "Không có tệp phông chữ biên lai «{file}»: hãy sửa đường dẫn phông chữ trong cấu hình."
    ),
    "receipt_font.unembeddable": (
        "Không nhúng được phông chữ biên lai «{file}» vào tệp PDF ({reason}): hãy dùng phông "
        "TrueType (.ttf) cho phép nhúng, như FreeSerif hoặc Liberation Serif."
    ),
    "dependency.receipt_font_missing": (
        "Thiếu phông chữ biên lai «{file}»: hãy cài gói {package} (apt-get install {package})."
    ),
    "receipt_qr.unmakeable": (
        "Không tạo được mã QR của biên lai này ({reason}): nội dung mã dài {length} ký tự."
    ),
    "receipt_code.not_sohoa": (
        "Đây không phải mã biên lai do Sohoa lập: «{text}». Hãy quét lại mã QR trên biên lai."
    ),
    "receipt_code.field_malformed": (
        "Mục «{caption}» trong mã biên lai có giá trị sai dạng («{value}»): mã đã bị hỏng hoặc "
        "không do Sohoa lập. Hãy đối chiếu với biên lai giấy."
    ),
    "receipt_code.date_unreal": (
        "Ngày «{date}» trong mã biên lai không phải một ngày có thật: mã đã bị hỏng hoặc không "
        "do Sohoa lập."
    ),
    "receipt_code.number_zero": (
        "Số biên lai trong mã là 0000000: không có biên lai nào mang số này."
    ),
    "receipt_file.unwritable": (
        "Không ghi được biên lai vào «{file}» ({reason}): hãy kiểm tra thư mục có tồn tại, ghi "
        "được và còn chỗ trống."
    ),
    "receipt_pdf.too_long": (
        "Biên lai không vừa một trang A4 phía trên mã QR và chữ ký: hãy rút gọn tên khoản thu "
        "hoặc ghi chú, hoặc lập các khoản thu trên nhiều biên lai."
    ),
}

_SAFEKEEPING = {
    "backup.inside_data_dir": (
        "Thư mục sao lưu «{destination}» nằm trong thư mục dữ liệu «{data_dir}»: bản sao lưu "
        "phải để ở nơi khác, trên ổ đĩa hoặc máy khác."
    ),
    "backup.files_unsettled": (
        "Sau {rounds} lượt, các tệp vẫn chưa khớp với hồ sơ dữ liệu (mỗi bản số hóa phải có mã "
        "băm như lần ghi cuối): {problems}. Nếu dịch vụ không đang sửa các tệp này, hãy chạy "
        "«sohoa check»."
    ),
    "backup.no_snapshot": (
        "Thư mục «{folder}» không có bản sao lưu trọn vẹn nào: đây có đúng là thư mục mà "
        "«sohoa backup» đã ghi vào không?"
    ),
    "backup.snapshot_unknown": (
        "Thư mục «{folder}» không có bản sao lưu trọn vẹn tên {name} (các bản mới nhất: {newest})."
    ),
    "backup.manifest_unreadable": (
        "Không đọc được bản kê của bản sao lưu «{file}» ({reason}): bản sao lưu có thể bị hỏng."
    ),
    "backup.original_missing": (
        "Thiếu bản gốc lưu trữ «{file}» trong thư mục dữ liệu: hãy chạy «sohoa check»."
    ),
    "backup.original_damaged": (
        "Bản gốc lưu trữ «{file}» không còn khớp mã băm với tên của nó (SHA-256 hiện là "
        "{sha256}): kho lưu trữ bị hỏng, hãy chạy «sohoa check»."
    ),
    "backup.store_unsupported": (
        "Không sao lưu được cơ sở dữ liệu loại {backend}: chỉ sao lưu được SQLite và PostgreSQL."
    ),
    "backup.database_uncopied": "Không sao chép được cơ sở dữ liệu «{file}» ({reason}).",
    "backup.database_unreadable": "Không đọc được cơ sở dữ liệu {database} ({reason}).",
    "backup.store_not_a_file": (
        "Cơ sở dữ liệu {database} không nằm trong một tệp nên không có gì để sao chép."
    ),
    "backup.tool_failed": "{tool} chạy lỗi trên cơ sở dữ liệu {database}: {reason}",
    "dependency.postgresql_tool_missing": (
        "Máy này chưa có {tool}: cơ sở dữ liệu PostgreSQL được sao lưu bằng pg_dump và phục "
        "hồi bằng pg_restore. Hãy cài gói postgresql-client cùng phiên bản chính với máy chủ "
        "PostgreSQL hoặc mới hơn."
    ),
    "restore.store_kind": (
        "Bản sao lưu chứa cơ sở dữ liệu {snapshot_store}, còn cấu hình đang dùng {store}: hãy "
        "phục hồi với cấu hình cùng loại cơ sở dữ liệu (database_url)."
    ),
    "restore.not_empty": (
        "Phục hồi cần thư mục dữ liệu «{data_dir}» và cơ sở dữ liệu đều trống; chưa phục hồi "
        "gì. Đang có: {in_the_way}"
    ),
    "restore.snapshot_damaged": ("Bản sao lưu «{folder}» bị hỏng nên chưa phục hồi gì: {problems}"),
    "restore.file_changed": (
        "Tệp «{file}» bị thay đổi trong lúc đang phục hồi nên việc phục hồi dừng giữa chừng: "
        "hãy làm trống «{data_dir}» và cơ sở dữ liệu rồi thử lại."
    ),
    "store.unavailable": (
        "Không dùng được cơ sở dữ liệu {database} ({reason}): hãy kiểm tra máy chủ cơ sở dữ "
        "liệu đang chạy và database_url trong cấu hình."
    ),
}

_SETTINGS = {
    "settings.file_missing": (
        "Biến môi trường SOHOA_CONFIG chỉ tới «{file}», nhưng đó không phải một tệp: hãy sửa "
        "đường dẫn tới tệp cấu hình sohoa.toml."
    ),
    "settings.toml_invalid": (
        "Tệp cấu hình «{file}» không đúng cú pháp TOML ({reason}): hãy sửa theo mẫu "
        "config/sohoa.example.toml."
    ),
    "settings.invalid": "Cấu hình có {count} chỗ cần sửa.",
    "settings.key_unknown": (
        "Tệp cấu hình «{file}» có khóa «{key}» không dùng trong Sohoa: hãy xóa hoặc sửa tên "
        "khóa theo mẫu config/sohoa.example.toml."
    ),
    "settings.value_invalid": (
        "Tệp cấu hình «{file}»: giá trị của khóa «{key}» không hợp lệ ({reason})."
    ),
    "settings.key_unknown_here": "Khóa cấu hình «{key}» không dùng trong Sohoa.",
    "settings.value_invalid_here": (
        "Giá trị của khóa cấu hình «{key}» không hợp lệ ({reason}): hãy sửa biến môi trường "
        "SOHOA_… hoặc tùy chọn tương ứng."
    ),
    "settings.broker_missing": (
        'Cấu hình queue = "celery" cần địa chỉ máy chủ hàng đợi broker_url (ví dụ '
        "SOHOA_BROKER_URL=redis://… hoặc amqp://…)."
    ),
    "period.dates_invalid": (
        "Ngày phải ghi theo dạng NNNN-TT-NN (năm-tháng-ngày), ví dụ 2026-12-03: đã nhận "
        "«{start}» và «{end}»."
    ),
    "login.required": (
        "Lệnh này làm việc thay cho một người: hãy đăng nhập trước bằng «sohoa login», hoặc đặt "
        "biến môi trường {variable} là một mã truy cập API."
    ),
    "login.token_invalid": (
        "Mã truy cập đang dùng không còn hiệu lực (đã bị thu hồi, hoặc tài khoản đã bị khóa): "
        "hãy đăng nhập lại bằng «sohoa login»."
    ),
    "login.role_missing": (
        "Tài khoản {user} không có vai trò «{role_name}» nên không dùng được lệnh này."
    ),
    "login.unit_not_theirs": (
        "Tài khoản {user} không phụ trách đơn vị {unit}, nơi có đối tượng này ({what})."
    ),
    "web.not_started": "Giao diện web không khởi động được tại {url}.",
    "web.port_unavailable": (
        "Giao diện web không mở được cổng {host}:{port} ({reason}): hãy chọn cổng khác bằng "
        "--port hoặc khóa [web] port trong cấu hình."
    ),
    "intake.worker_lost": (
        "Tệp «{file}»: tiến trình số hóa đã bị dừng {times} lần khi đang xử lý tệp này (bị tắt, "
        "hết bộ nhớ hoặc quá giới hạn thời gian) nên tệp được để riêng để xem lại."
    ),
    "intake.output_unwritable": (
        "Không ghi được bản số hóa «{output}» ({reason}): hãy kiểm tra ổ đĩa còn chỗ trống; "
        "việc số hóa sẽ được thử lại."
    ),
    "signing.worker_lost": (
        "Tiến trình đang ký tệp «{file}» bị dừng bất thường; việc ký sẽ được thử lại."
    ),
}

_REPORTS = {
    "rates.period_reversed": (
        "Kỳ báo cáo kết thúc ({end}) trước khi bắt đầu ({start}): hãy sửa ngày bắt đầu hoặc "
        "kết thúc."
    ),
    "rates.second_grouping_alone": (
        "Muốn nhóm thêm một lần nữa thì phải chọn cách nhóm thứ nhất trước."
    ),
    "rates.groupings_clash": (
        "Không nhóm được theo «{first}» rồi theo «{second}»: hãy chọn hai cách nhóm khác nhau, "
        "nhiều nhất một cách theo thời gian (month hoặc week)."
    ),
    "rates.chart_format": (
        "Biểu đồ «{file}» chỉ vẽ được dưới dạng .png hoặc .svg: hãy đặt tên tệp có một trong "
        "hai đuôi đó."
    ),
    "rates.chart_not_an_image": (
        "Biểu đồ đưa vào báo cáo Word không phải ảnh PNG hay JPEG: hãy vẽ biểu đồ dạng .png."
    ),
    "rates.file_unwritable": (
        "Không ghi được báo cáo tỷ lệ vào «{file}» ({reason}): hãy kiểm tra thư mục có tồn tại, "
        "ghi được và còn chỗ trống."
    ),
    "receipt_usage.file_format": (
        "Báo cáo «{file}» chỉ ghi được dưới dạng .csv hoặc .xlsx: hãy đặt tên tệp có một trong "
        "hai đuôi đó."
    ),
}

_COMMAND_LINE = {
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
    "cli.reuses_one_of": "Hãy cho số tài liệu hoặc --dossier MÃ (chỉ một trong hai).",
    "cli.unit_unknown": "Không có đơn vị {unit}.",
}

_DAILY_DATA = {
    "receipt_daily.day_not_over": (
        "Ngày {day} chưa kết thúc (giờ Việt Nam): chỉ tổng hợp dữ liệu biên lai của một ngày "
        "khi ngày đó đã qua."
    ),
    "receipt_daily.day_invalid": "Ngày phải viết dạng DD/MM/YYYY hoặc YYYY-MM-DD: {day}.",
    "receipt_daily.summary_invalid": (
        "Bảng tổng hợp dữ liệu biên lai không đúng lược đồ {schema} ({detail}); chưa gửi."
    ),
    "receipt_daily.provider_unknown": (
        "Không có đơn vị chuyển dữ liệu tên {provider} ([receipts.daily_data] provider); "
        "các tên có: {known}."
    ),
    "receipt_daily.outbox_file_exists": (
        "Tệp {file} đã có trong thư mục gửi: bảng tổng hợp đã gửi không bao giờ bị ghi đè. "
        "Nếu tệp chưa được ghi nhận là đã gửi, hãy chuyển tệp đi chỗ khác rồi gửi lại ngày đó."
    ),
    "receipt_daily.outbox_unwritable": (
        "Không ghi được bảng tổng hợp vào thư mục {folder}: {reason}."
    ),
}

MESSAGES: Mapping[str, str] = {
    **_RECEIPTS,
    **_DAILY_DATA,
    **_SERIES,
    **_BATCHES,
    **_DOCUMENTS,
    **_ACCOUNTS,
    **_COMMAND_LINE,
    **_RETAG,
    **_REUSE,
    **_FEES,
    **_SETUP,
    **_DOSSIER_CODES,
    **_REGISTER_FILES,
    **_DIGITIZING,
    **_DEPENDENCIES,
    **_SIGNING,
    **_RECEIPT_FILES,
    **_SAFEKEEPING,
    **_SETTINGS,
    **_REPORTS,
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
    return text_of(error.code, error.params)


def text_of(code: str | None, params: Mapping[str, object]) -> str | None:
    """The catalogue's text for an error `code` (as an event carries it), or None."""
    template = MESSAGES.get(code or "")
    if template is None:
        return None
    try:
        return template.format_map(params)
    except (KeyError, IndexError, ValueError):
        log.warning("message %s: the params %s do not fill its template", code, params)
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
