"""The record: units, procedures, dossiers, documents, pages, jobs and the audit trail."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(100), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
    )
    op.create_table(
        "procedures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(60), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("field", sa.String(300), nullable=False),
    )
    op.create_table(
        "dossiers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(80), nullable=False, unique=True),
        sa.Column("procedure_id", sa.Integer, sa.ForeignKey("procedures.id")),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id")),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("received_at", _WHEN, nullable=False),
        sa.Column("due_at", _WHEN),
        sa.Column("resolved_at", _WHEN),
        sa.Column("result_required", sa.Boolean, nullable=False),
        sa.Column("updated_at", _WHEN, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("dossier_id", sa.Integer, sa.ForeignKey("dossiers.id"), index=True),
        sa.Column("dossier_code", sa.String(80), index=True),
        sa.Column("tag_source", sa.String(20)),
        sa.Column("result_number", sa.Integer),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("documents.id"), index=True),
        sa.Column("parent_pages", sa.String(2000)),
        sa.Column("original_name", sa.String(1000), nullable=False),
        sa.Column("inbox_path", sa.String(2000), nullable=False),
        sa.Column("folder_name", sa.String(300)),
        sa.Column("archive_path", sa.String(500), nullable=False),
        sa.Column("output_path", sa.String(2000)),
        sa.Column("output_kind", sa.String(20)),
        sa.Column("page_count", sa.Integer),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("received_at", _WHEN, nullable=False),
        sa.Column("digitized_at", _WHEN),
    )
    op.create_table(
        "document_pages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("folded", sa.Text, nullable=False),
        sa.Column("barcodes", sa.Text, nullable=False),
        sa.UniqueConstraint("document_id", "number"),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("worker", sa.String(200)),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("started_at", _WHEN),
        sa.Column("finished_at", _WHEN),
        sa.Column("retry_at", _WHEN),
        sa.Column("seconds", sa.Float),
        sa.UniqueConstraint("kind", "document_id"),
    )
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(100), nullable=False, index=True),
        sa.Column("subject", sa.String(300), nullable=False, index=True),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_search_and_guards()
    else:
        _postgresql_search_and_guards()


def _sqlite_search_and_guards() -> None:
    # The folded text is indexed; the page row keeps the text as read, for snippets.
    op.execute(
        "CREATE VIRTUAL TABLE page_search USING fts5("
        "folded, content='document_pages', content_rowid='id', tokenize='unicode61')"
    )
    op.execute(
        "CREATE TRIGGER document_pages_indexed AFTER INSERT ON document_pages BEGIN "
        "INSERT INTO page_search(rowid, folded) VALUES (new.id, new.folded); END"
    )
    op.execute(
        "CREATE TRIGGER document_pages_unindexed AFTER DELETE ON document_pages BEGIN "
        "INSERT INTO page_search(page_search, rowid, folded) "
        "VALUES ('delete', old.id, old.folded); END"
    )
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_entries_no_{verb.lower()} BEFORE {verb} ON audit_entries "
            "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END"
        )


def _postgresql_search_and_guards() -> None:
    op.execute(
        "CREATE INDEX document_pages_search ON document_pages "
        "USING gin (to_tsvector('simple', folded))"
    )
    op.execute(
        "CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit entries are append-only'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
        "ON audit_entries FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE page_search")
    else:
        op.execute("DROP TRIGGER audit_entries_append_only ON audit_entries")
        op.execute("DROP FUNCTION audit_entries_append_only()")
    for table in (
        "audit_entries",
        "jobs",
        "document_pages",
        "documents",
        "dossiers",
        "procedures",
        "units",
    ):
        op.drop_table(table)
