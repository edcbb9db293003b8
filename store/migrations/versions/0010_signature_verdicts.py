"""Each signed output's last verification, kept beside the document: whether it verified, the
SHA-256 of the bytes that were verified and when. The rates count a document as signed only
when the bytes Sohoa wrote last are the bytes that verified (`queries.digitization`): two
small partial indexes of such documents, intake and result, serve that test as the
digitized ones serve the plain one; and the received dossiers' covering index gains
`resolved_at`, so that whether a received dossier still waits for its result is read from
the index too."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# The rate queries write these very conditions (store/schema.py), so both databases use them.
_VERIFIED = (
    "signed_at IS NOT NULL AND signature_valid = true AND signature_checked_sha256 = output_sha256"
)
_SIGNED = {
    "ix_documents_signed_intake": f"status = 'digitized' AND kind = 'intake' AND {_VERIFIED}",
    "ix_documents_signed_result": f"status = 'digitized' AND kind = 'result' AND {_VERIFIED}",
}
_RECEIVED = ["received_at", "unit_id", "procedure_id", "channel", "result_required", "id"]


def upgrade() -> None:
    with op.batch_alter_table("documents") as documents:
        documents.add_column(sa.Column("signature_valid", sa.Boolean))
        documents.add_column(sa.Column("signature_checked_sha256", sa.String(64)))
        documents.add_column(sa.Column("signature_checked_at", sa.DateTime(timezone=True)))
    for name, condition in _SIGNED.items():
        where = sa.text(condition)
        op.create_index(
            name, "documents", ["dossier_id"], sqlite_where=where, postgresql_where=where
        )
    op.drop_index("ix_dossiers_received_rates", "dossiers")
    op.create_index("ix_dossiers_received_rates", "dossiers", [*_RECEIVED, "resolved_at"])


def downgrade() -> None:
    op.drop_index("ix_dossiers_received_rates", "dossiers")
    op.create_index("ix_dossiers_received_rates", "dossiers", _RECEIVED)
    for name in _SIGNED:
        op.drop_index(name, "documents")
    with op.batch_alter_table("documents") as documents:
        documents.drop_column("signature_checked_at")
        documents.drop_column("signature_checked_sha256")
        documents.drop_column("signature_valid")
