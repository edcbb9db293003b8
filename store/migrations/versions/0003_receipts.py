"""Receipt series with their number counters, the fee catalogue, receipts and their lines."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "receipt_series",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("form_symbol", sa.String(40), nullable=False),
        sa.Column("series_symbol", sa.String(40), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("organization", sa.String(300), nullable=False),
        sa.Column("tax_code", sa.String(20), nullable=False),
        sa.Column("address", sa.String(500), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("profile", sa.String(100), nullable=False),
        sa.Column("last_number", sa.Integer, nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.UniqueConstraint("form_symbol", "series_symbol"),
    )
    op.create_table(
        "fees",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("procedure_code", sa.String(60), nullable=False, index=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("procedure_code", "name"),
    )
    op.create_table(
        "receipts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("series_id", sa.Integer, sa.ForeignKey("receipt_series.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("state", sa.String(20), nullable=False, index=True),
        sa.Column("issued_at", _WHEN, nullable=False),
        sa.Column("issued_by", sa.String(200), nullable=False),
        sa.Column("payer", sa.String(300), nullable=False),
        sa.Column("dossier_code", sa.String(80), index=True),
        sa.Column("dossier_id", sa.Integer, sa.ForeignKey("dossiers.id")),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("total", sa.BigInteger, nullable=False),
        sa.Column("replaces_id", sa.Integer, sa.ForeignKey("receipts.id")),
        sa.Column("record_sha256", sa.String(64)),
        sa.Column("pdf_path", sa.String(500)),
        sa.Column("docx_path", sa.String(500)),
        sa.Column("xml_path", sa.String(500)),
        sa.Column("error", sa.Text),
        sa.Column("cancelled_at", _WHEN),
        sa.Column("cancelled_by", sa.String(200)),
        sa.Column("cancel_reason", sa.Text),
        sa.UniqueConstraint("series_id", "number"),
    )
    op.create_table(
        "receipt_lines",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "receipt_id", sa.Integer, sa.ForeignKey("receipts.id"), nullable=False, index=True
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("fee_code", sa.String(60)),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    for table in ("receipt_lines", "receipts", "fees", "receipt_series"):
        op.drop_table(table)
