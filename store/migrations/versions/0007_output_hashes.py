"""Each output's SHA-256 as it was last written, so that an integrity check can tell a
changed or damaged output from the one Sohoa made. Outputs made before this revision keep
no hash (NULL): the check then only asks that they exist."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as documents:
        documents.add_column(sa.Column("output_sha256", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("documents") as documents:
        documents.drop_column("output_sha256")
