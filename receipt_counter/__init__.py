"""The receipt counter: a clerk issues, cancels or replaces e-receipts for fees.

Read `flow.py` first (check, allocate the number, render, sign, record). Series are kept by
`series.py`; the fee catalogue by `fee_catalogue.py` (a fee's fields read by `fee_fields.py`,
a catalogue file by `fee_file.py`); cancel and replace by `changes.py`; the files of a
receipt by `files.py`; the public check of a receipt by `check.py`.
"""
