"""Setting an office up on a fresh machine (`sohoa init`): read `flow.py` first.

Beside it: `request.py` (what the admin chose), `key_sources.py` (a PKCS#12 file, a key on a
token, or throwaway demo keys, made ready in the data directory's secrets folder),
`settings_file.py` (the `sohoa.toml` written, the one it replaces kept) and `errors.py`.
"""
