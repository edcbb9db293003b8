"""What occupies the top of each output's page 1, read once when the output is written, so
that signing places its stamp without reading the page again (`signing.page_one`).
Outputs written before this have none; signing reads their page as it did."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as documents:
        documents.add_column(sa.Column("page_one", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("documents") as documents:
        documents.drop_column("page_one")
