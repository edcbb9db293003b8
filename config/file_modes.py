"""One policy for what the service writes in its data directory: the service's user reads and
writes, its group reads (an operator's backups), others nothing at all.

Processes set `PRIVATE_UMASK` when they open the record, so files are 0640 and folders 0750
however they are made; files first written under a private temporary name (0600) are set to
`FILE_MODE` before they take their place. The inbox is the one folder the group may write in:
clerks' scanners and shares drop files there.
"""

PRIVATE_UMASK = 0o027
FILE_MODE = 0o640
FOLDER_MODE = 0o750
INBOX_MODE = 0o770
READ_ONLY_MODE = 0o440  # archived originals never change
