"""Signing batches and their items; when a document was signed and given LTV data."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("documents") as documents:
        documents.add_column(sa.Column("signed_at", _WHEN))
        documents.add_column(sa.Column("ltv_at", _WHEN))
    op.create_table(
        "batches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("profile", sa.String(100), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id")),
        sa.Column("kind", sa.String(20)),
        sa.Column("day", sa.String(10)),
        sa.Column("by_hand", sa.Boolean, nullable=False),
        sa.Column("state", sa.String(20), nullable=False, index=True),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("submitted_at", _WHEN),
        sa.Column("submitted_by", sa.String(200)),
        sa.Column("decided_at", _WHEN),
        sa.Column("decided_by", sa.String(200)),
        sa.Column("reason", sa.Text),
        sa.Column("finished_at", _WHEN),
    )
    op.create_table(
        "batch_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), nullable=False, index=True),
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False, index=True
        ),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("sha256", sa.String(64)),
        sa.Column("signed_sha256", sa.String(64)),
        sa.Column("error", sa.Text),
        sa.Column("signed_at", _WHEN),
        sa.UniqueConstraint("batch_id", "document_id"),
    )


def downgrade() -> None:
    op.drop_table("batch_items")
    op.drop_table("batches")
    with op.batch_alter_table("documents") as documents:
        documents.drop_column("ltv_at")
        documents.drop_column("signed_at")
