"""Proof that nothing was lost: the integrity check of the data directory against its record
(`check`), and the backup and restore of both.

A backup: read `backup.py` first (the database copied, then the files it records, in rounds
until they settle). `snapshot_folder.py` fills a snapshot and the backup's shared archive,
`copying.py` copies and hashes in one read, `destination.py` is the backup folder's layout,
`manifest.py` the manifest; `restore.py` puts a snapshot back. The database side is in
`store/snapshot.py`.
"""
