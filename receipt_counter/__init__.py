"""The receipt counter: a clerk issues, cancels or replaces e-receipts for fees.

Read `flow.py` first (check, allocate the number, render, sign, record). Series and the fee
catalogue are kept by `series.py`; cancel and replace by `changes.py`; the files of a
receipt by `files.py`; the public check of a receipt by `check.py`.
"""
