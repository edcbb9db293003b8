"""The audit trail as auditors use it: exported, and every export itself recorded.

Read `flow.py` first (the trail exported as JSON lines with its chain). `export_record.py`
records that something was exported; `web_exports.py` names the web's downloads.
"""
