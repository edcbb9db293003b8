"""Reuse of already-digitized documents (tái sử dụng): `document_reuses` links a document to
another dossier that takes it as a component without rescanning it. The rates count the
dossiers received with at least one reused document (`queries.rates_counts`) through
`ix_document_reuses_dossier`, one seek a dossier; dossier pages list them by code."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_reuses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("dossier_code", sa.String(80), nullable=False),
        sa.Column("dossier_id", sa.Integer, sa.ForeignKey("dossiers.id")),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id")),
        sa.Column("reused_by", sa.String(200), nullable=False),
        sa.Column("reused_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.UniqueConstraint("document_id", "dossier_code", name="uq_document_reuses_document"),
    )
    op.create_index("ix_document_reuses_dossier", "document_reuses", ["dossier_id", "document_id"])
    op.create_index("ix_document_reuses_code", "document_reuses", ["dossier_code"])


def downgrade() -> None:
    op.drop_index("ix_document_reuses_code", "document_reuses")
    op.drop_index("ix_document_reuses_dossier", "document_reuses")
    op.drop_table("document_reuses")
