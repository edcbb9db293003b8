"""A receipt names its collector and a series its kind of receipt.

`receipts.collector`: the full name of the Sohoa user who issued the receipt (their login
name when they have no full name), as printed on it; receipts issued before stay without
one (NULL), as their files were made without one. `receipt_series.kind_name`: the kind of
receipt the series prints as its title; existing series get the default, the tax
authority's name for receipts without a printed value (receipts.model.DEFAULT_RECEIPT_KIND).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# Written out, not imported: a migration keeps the value it was written with.
_DEFAULT_KIND = "Biên lai thu thuế, phí, lệ phí không in sẵn mệnh giá"


def upgrade() -> None:
    with op.batch_alter_table("receipt_series") as series:
        series.add_column(
            sa.Column("kind_name", sa.String(100), nullable=False, server_default=_DEFAULT_KIND)
        )
    with op.batch_alter_table("receipts") as receipts:
        receipts.add_column(sa.Column("collector", sa.String(300)))


def downgrade() -> None:
    with op.batch_alter_table("receipts") as receipts:
        receipts.drop_column("collector")
    with op.batch_alter_table("receipt_series") as series:
        series.drop_column("kind_name")
