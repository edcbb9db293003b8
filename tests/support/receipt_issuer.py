"""A clerk's counter in its own process: issue N receipts into a series, print the numbers.

    python -m tests.support.receipt_issuer SERIES COUNT

Settings come from the environment and ./sohoa.toml, as for `sohoa`. Once its services
are open the counter prints `ready` and waits for a line on its standard input before
issuing, so that a test can start several counters at the same moment.
"""

from __future__ import annotations

import sys

from config import load_settings
from receipt_counter.flow import IssueRequest, issue_receipt
from store.record import open_record

READY = "ready"


def main(series: str, count: int) -> None:
    record = open_record(load_settings())
    try:
        print(READY, flush=True)
        sys.stdin.readline()  # the start signal
        for index in range(count):
            request = IssueRequest(
                series=series, payer=f"Người nộp {index}", dossier_code=None,
                items=(("Lệ phí chứng thực", 2000),),
            )  # fmt: skip
            print(issue_receipt(record, request, "test:counter").number, flush=True)
    finally:
        record.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
