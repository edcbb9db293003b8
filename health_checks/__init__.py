"""Is this machine ready to run Sohoa? (`sohoa doctor`, the admin's «Kiểm tra hệ thống»)

`flow.examine` runs each check in turn: `programs` (Tesseract and its languages, poppler,
qpdf, fonts), `data_directory` (free space, writable, owner, modes, secret files),
`database` (reachable, migrated), `broker` (when jobs go through Celery), `web_port`, and
`signing_profiles` (the key opens, the certificate's validity and chain, the timestamp
service). Each gives `findings.Finding`s: ok, a warning, or a problem with its fix.
"""
