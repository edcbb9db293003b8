"""Proof that nothing was lost: the integrity check of the data directory against its record
(`check`), and the backup and restore of both."""
