"""Where a page of a keyset-paged list starts: the sort key and id of the row beside it.

A cursor is opaque to the browser (URL-safe base64 of a small JSON object) but not trusted:
anything that does not decode to the expected shape is `BadCursorError`, which the web shows
as a 400 in Vietnamese.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from config import SohoaError
from config.errors import ExitCode

MAX_CURSOR_LENGTH = 1000
Key = str | int | datetime | None


class BadCursorError(SohoaError):
    exit_code = ExitCode.bad_args


@dataclass(frozen=True)
class Cursor:
    sort: str
    descending: bool
    key: Key
    id: int
    before: bool  # the page ends just before this row (a "previous page" link)

    def encode(self) -> str:
        key = self.key.isoformat() if isinstance(self.key, datetime) else self.key
        payload = {"s": self.sort, "d": self.descending, "k": key, "i": self.id, "b": self.before}
        raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str, key_type: type) -> Cursor:
    """The cursor `text` names, its key of `key_type` (str, int or datetime; None allowed)."""
    if len(text) > MAX_CURSOR_LENGTH:
        raise _bad()
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        payload = json.loads(raw.decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise _bad() from None
    if not isinstance(payload, dict) or set(payload) != {"s", "d", "k", "i", "b"}:
        raise _bad()
    sort, descending, key, row_id, before = (payload[name] for name in "sdkib")
    valid = (
        isinstance(sort, str)
        and isinstance(descending, bool)
        and isinstance(before, bool)
        and isinstance(row_id, int)
        and not isinstance(row_id, bool)
        and 0 < row_id < 2**63
    )
    if not valid:
        raise _bad()
    return Cursor(sort, descending, _key(key, key_type), row_id, before)


def _key(value: object, key_type: type) -> Key:
    if value is None:
        return None
    if key_type is datetime and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise _bad() from None
        if moment.tzinfo is None:
            raise _bad()
        try:
            moment.astimezone(UTC)  # as the store binds it
        except OverflowError:
            raise _bad() from None
        return moment
    if key_type is int and type(value) is int and abs(value) < 2**63:
        return value
    if key_type is str and isinstance(value, str) and "\x00" not in value:
        return value
    raise _bad()


def _bad() -> BadCursorError:
    return BadCursorError(
        "The page cursor is not one this list made.", code="document_list.bad_cursor"
    )
