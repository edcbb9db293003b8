"""Each output's SHA-256 as it was last written, so that an integrity check can tell a
changed or damaged output from the one Sohoa made (outputs made before this revision keep
no hash: the check then only asks that they exist); and each job's interruptions (its
worker died under it) counted apart from the attempts that met trouble."""

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
    with op.batch_alter_table("jobs") as jobs:
        jobs.add_column(sa.Column("interruptions", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as jobs:
        jobs.drop_column("interruptions")
    with op.batch_alter_table("documents") as documents:
        documents.drop_column("output_sha256")
