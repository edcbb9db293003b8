"""What was done to each page to read it (a photo flattened, colour ink left out, read at
another resolution, by local thresholds, or found blank), as the page's result says.
Pages read before this have none. A plain ADD COLUMN: rebuilding the table would drop the
search index's triggers."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "document_pages", sa.Column("reading", sa.Text, nullable=False, server_default="")
    )


def downgrade() -> None:
    op.drop_column("document_pages", "reading")
