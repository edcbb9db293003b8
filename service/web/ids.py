"""The `{name:id}` path convertor: a record's id or a page number in a URL.

It matches 1 to 18 digits without a leading zero, so a number the database cannot hold (a
25-digit id overflows SQLite's 64-bit integers) never reaches a route: the URL names nothing
and the answer is 404, the same as for an id that does not exist.
"""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor

MAX_ID = 10**18 - 1
"""The largest id a query or form field may carry (18 digits, as the path convertor)."""


class IdConvertor(Convertor[int]):
    regex = "[1-9][0-9]{0,17}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("id", IdConvertor())
