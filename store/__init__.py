"""The record: schema, migrations, audit trail, archive and search."""
