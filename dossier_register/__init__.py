"""The dossier register: which dossiers the office received, from its one-stop system.

Read `flow.py` first (a register export imported row by row). `api_push.py` takes rows
pushed through the JSON API; `components.py` keeps which papers a procedure requires;
`reuse.py` attaches an already-digitized document to another dossier (tái sử dụng) and
removes such a link.
"""
