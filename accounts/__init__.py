"""Accounts: the people who use the web interface, their roles and units, and their keys.

Read `users.py` first (add, change, deactivate). `passwords.py` hashes, `logins.py` checks
a login with its throttle, `api_tokens.py` issues and checks API tokens, and
`unit_names.py` names the offices whose folders sit in the inbox.
"""
