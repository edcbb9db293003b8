"""Intake: a scan dropped in the inbox becomes an archived, OCR'd, tagged document.

Read `flow.py` first (the digitize job, top to bottom). The route of one scan:
`register.py` (archive, record, queue) → `flow.py` (claim, OCR through the digitizer,
outputs planned by `output_plan.py`, written, recorded by `record_outputs.py`) →
`failures.py` (retry or quarantine). A long document on Celery workers is read in page
ranges first (`page_tasks.py`). Clerks tag by hand (`manual_tag.py`) and retry what was set
aside (`quarantine_retry.py`); files the inbox refuses are set aside (`refusals.py`).
"""
