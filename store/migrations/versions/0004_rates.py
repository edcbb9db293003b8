"""Digitization rates: the components a procedure requires, its intake rule, the component
a document is, and the indexes the rate queries read."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Partial indexes: the rate queries write these very conditions, so both databases use them.
_DIGITIZED_INTAKE = "status = 'digitized' AND kind = 'intake'"
_DIGITIZED_RESULT = "status = 'digitized' AND kind = 'result'"


def upgrade() -> None:
    with op.batch_alter_table("procedures") as procedures:
        procedures.add_column(sa.Column("intake_rule", sa.String(20)))
    with op.batch_alter_table("documents") as documents:
        documents.add_column(sa.Column("component", sa.String(300)))
    op.create_table(
        "procedure_components",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("procedure_id", sa.Integer, sa.ForeignKey("procedures.id"), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.UniqueConstraint("procedure_id", "name"),
    )
    op.create_index(
        "ix_dossiers_received_rates",
        "dossiers",
        ["received_at", "unit_id", "procedure_id", "channel", "result_required", "id"],
    )
    op.create_index(
        "ix_dossiers_resolved_rates",
        "dossiers",
        ["resolved_at", "result_required", "unit_id", "procedure_id", "channel", "id"],
    )
    for name, condition in (
        ("ix_documents_digitized_intake", _DIGITIZED_INTAKE),
        ("ix_documents_digitized_result", _DIGITIZED_RESULT),
    ):
        op.create_index(
            name,
            "documents",
            ["dossier_id"],
            sqlite_where=sa.text(condition),
            postgresql_where=sa.text(condition),
        )


def downgrade() -> None:
    op.drop_index("ix_documents_digitized_result", "documents")
    op.drop_index("ix_documents_digitized_intake", "documents")
    op.drop_index("ix_dossiers_resolved_rates", "dossiers")
    op.drop_index("ix_dossiers_received_rates", "dossiers")
    op.drop_table("procedure_components")
    with op.batch_alter_table("documents") as documents:
        documents.drop_column("component")
    with op.batch_alter_table("procedures") as procedures:
        procedures.drop_column("intake_rule")
