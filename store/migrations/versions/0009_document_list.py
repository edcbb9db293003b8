"""The document list: a unit's documents newest first (or oldest first) read from one index,
so that a clerk's first page, and every page after it by cursor, costs a short index walk at
100,000 documents instead of a sort of the unit's documents."""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_unit_received", "documents", ["unit_id", "received_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_documents_unit_received", table_name="documents")
