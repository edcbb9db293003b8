"""Signing batches: outputs collect into batches, an officer approves, the service signs.

Read `flow.py` first (make, submit, approve, reject). Outputs join open batches as they
are recorded (`collect.py`); approval queues one signing job per output (`sign_job.py`,
through the processes of `signing_pool.py`); the batch closes when its last job ends
(`finish.py`). A scheduled pass adds long-term validation data (`ltv_pass.py`).
"""
