"""The document workspace: each document names the batch it was last placed in, so that a
list of 100,000 documents can show and filter where each stands (in a batch, submitted,
rejected, signed) with one join instead of a search through every batch's items."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as documents:
        documents.add_column(sa.Column("batch_id", sa.Integer, nullable=True))
        documents.create_index("ix_documents_batch_id", ["batch_id"])
    op.execute(
        "UPDATE documents SET batch_id = (SELECT batch_items.batch_id FROM batch_items "
        "WHERE batch_items.document_id = documents.id ORDER BY batch_items.id DESC LIMIT 1)"
    )


def downgrade() -> None:
    with op.batch_alter_table("documents") as documents:
        documents.drop_index("ix_documents_batch_id")
        documents.drop_column("batch_id")
