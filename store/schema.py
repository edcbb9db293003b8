"""The tables of the record. Migrations in `store/migrations` create them; keep both in step."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DIGITIZED_INTAKE = "status = 'digitized' AND kind = 'intake'"
DIGITIZED_RESULT = "status = 'digitized' AND kind = 'result'"
# Signed, and the last verification found the signature valid on the bytes kept.
VERIFIED = (
    "signed_at IS NOT NULL AND signature_valid = true AND signature_checked_sha256 = output_sha256"
)
SIGNED_INTAKE = f"{DIGITIZED_INTAKE} AND {VERIFIED}"
SIGNED_RESULT = f"{DIGITIZED_RESULT} AND {VERIFIED}"


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on SQLite (which keeps no offset) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime cannot be stored: {value!r}")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime()}


class UnitRecord(Base):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)  # the inbox folder name
    name: Mapped[str] = mapped_column(String(300), default="")


class ProcedureRecord(Base):
    __tablename__ = "procedures"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(Text, default="")
    field: Mapped[str] = mapped_column(String(300), default="")
    intake_rule: Mapped[str | None] = mapped_column(String(20))  # None: the settings' default


class ProcedureComponentRecord(Base):
    """A component (thành phần hồ sơ) a procedure requires among the intake papers."""

    __tablename__ = "procedure_components"
    __table_args__ = (UniqueConstraint("procedure_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"))
    name: Mapped[str] = mapped_column(String(300))


class DossierRecord(Base):
    __tablename__ = "dossiers"
    __table_args__ = (
        # Covering indexes for the rates (queries/rates_counts.py): a period's dossiers are
        # read from the index alone, on SQLite and on PostgreSQL (index-only scans).
        Index(
            "ix_dossiers_received_rates",
            "received_at",
            "unit_id",
            "procedure_id",
            "channel",
            "result_required",
            "id",
            "resolved_at",  # whether a dossier still waits for its result
        ),
        Index(
            "ix_dossiers_resolved_rates",
            "resolved_at",
            "result_required",
            "unit_id",
            "procedure_id",
            "channel",
            "id",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    procedure_id: Mapped[int | None] = mapped_column(ForeignKey("procedures.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    channel: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column()
    due_at: Mapped[datetime | None] = mapped_column()
    resolved_at: Mapped[datetime | None] = mapped_column()
    result_required: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column()


class DocumentRecord(Base):
    __tablename__ = "documents"
    __table_args__ = (
        # Whether a dossier has a digitized intake paper or result (and, under the rule
        # "tagged_and_signed", one whose signature verified): one seek in a small index
        # (queries/digitization.py writes these conditions literally to match).
        *(
            Index(name, "dossier_id", sqlite_where=text(where), postgresql_where=text(where))
            for name, where in (
                ("ix_documents_digitized_intake", DIGITIZED_INTAKE),
                ("ix_documents_digitized_result", DIGITIZED_RESULT),
                ("ix_documents_signed_intake", SIGNED_INTAKE),
                ("ix_documents_signed_result", SIGNED_RESULT),
            )
        ),
        # The document list (queries/document_list.py): a unit's documents by received time,
        # ties by id, as its keyset cursors walk them.
        Index("ix_documents_unit_received", "unit_id", "received_at", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), index=True)
    dossier_code: Mapped[str | None] = mapped_column(String(80), index=True)
    tag_source: Mapped[str | None] = mapped_column(String(20))
    result_number: Mapped[int | None] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    parent_pages: Mapped[str | None] = mapped_column(String(2000))  # pages of the stack, "3,4,5"
    original_name: Mapped[str] = mapped_column(String(1000))
    inbox_path: Mapped[str] = mapped_column(String(2000))  # relative to the inbox
    folder_name: Mapped[str | None] = mapped_column(String(300))  # routing hint from the inbox
    archive_path: Mapped[str] = mapped_column(String(500))  # relative to the data directory
    output_path: Mapped[str | None] = mapped_column(String(2000))  # relative, too
    output_kind: Mapped[str | None] = mapped_column(String(20))
    output_sha256: Mapped[str | None] = mapped_column(String(64))  # as last written by Sohoa
    # What occupies the top of the output's page 1, read when it was written, for the stamp.
    page_one: Mapped[str | None] = mapped_column(Text)
    page_count: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime] = mapped_column(index=True)
    digitized_at: Mapped[datetime | None] = mapped_column()
    signed_at: Mapped[datetime | None] = mapped_column(index=True)
    ltv_at: Mapped[datetime | None] = mapped_column()  # validation data added (PAdES B-LT)
    # The last verification of its signed output (`sohoa verify` records it): the
    # verdict, the SHA-256 of the bytes verified and when. See store/signature_verdicts.py.
    signature_valid: Mapped[bool | None] = mapped_column(Boolean)
    signature_checked_sha256: Mapped[str | None] = mapped_column(String(64))
    signature_checked_at: Mapped[datetime | None] = mapped_column()
    component: Mapped[str | None] = mapped_column(String(300))  # which required component
    # The batch it was last placed in (its items keep the history): where it stands, at a join.
    batch_id: Mapped[int | None] = mapped_column(Integer, index=True)


class DocumentReuseRecord(Base):
    """An already-digitized document reused for another dossier (tái sử dụng): the document
    is not copied; the link says which dossier took it as one of its components, for which
    receiving unit, by whom and when. The reuse rate counts the dossiers received with at
    least one such link (`queries.rates_counts`). Removing a link deletes the row; the audit
    trail keeps both steps."""

    __tablename__ = "document_reuses"
    __table_args__ = (
        UniqueConstraint("document_id", "dossier_code", name="uq_document_reuses_document"),
        # Whether a registered dossier reuses a document: one seek (the rates' EXISTS).
        Index("ix_document_reuses_dossier", "dossier_id", "document_id"),
        # The reuses of a dossier by its code (registered or not yet).
        Index("ix_document_reuses_code", "dossier_code"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    dossier_code: Mapped[str] = mapped_column(String(80))
    # Linked when the code is registered (now, or when the register is imported later).
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))
    # The receiving unit: the registered dossier's, else the one the clerk acted for.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    reused_by: Mapped[str] = mapped_column(String(200))
    reused_at: Mapped[datetime] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")


class PageRecord(Base):
    __tablename__ = "document_pages"
    __table_args__ = (UniqueConstraint("document_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    folded: Mapped[str] = mapped_column(Text)  # lower case without diacritics, for search
    barcodes: Mapped[str] = mapped_column(Text, default="")  # one payload a line
    reading: Mapped[str] = mapped_column(Text, default="")  # `ReadStep` values, comma-separated


class JobRecord(Base):
    __tablename__ = "jobs"
    __table_args__ = (UniqueConstraint("kind", "document_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    status: Mapped[str] = mapped_column(String(20), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    interruptions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Attempts whose worker died under them (a power cut, a kill), among `attempts`."""
    last_error: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column()
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    retry_at: Mapped[datetime | None] = mapped_column()
    seconds: Mapped[float | None] = mapped_column(Float)  # time spent in the last attempt
    # While running: the claim holds until then; the worker renews it, and once it has
    # passed another worker may take the job (its worker died).
    lease_until: Mapped[datetime | None] = mapped_column()


class BatchRecord(Base):
    """Outputs waiting for one signing profile, approved or rejected together."""

    __tablename__ = "batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile: Mapped[str] = mapped_column(String(100))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    kind: Mapped[str | None] = mapped_column(String(20))
    day: Mapped[str | None] = mapped_column(String(10))  # Vietnam date the outputs were made
    by_hand: Mapped[bool] = mapped_column(Boolean)
    state: Mapped[str] = mapped_column(String(20), index=True)
    created_at: Mapped[datetime] = mapped_column()
    created_by: Mapped[str] = mapped_column(String(200))
    submitted_at: Mapped[datetime | None] = mapped_column()
    submitted_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None] = mapped_column()
    decided_by: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)  # why it was rejected
    finished_at: Mapped[datetime | None] = mapped_column()


class BatchItemRecord(Base):
    __tablename__ = "batch_items"
    __table_args__ = (UniqueConstraint("batch_id", "document_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    state: Mapped[str] = mapped_column(String(20))
    sha256: Mapped[str | None] = mapped_column(String(64))  # the output as submitted
    signed_sha256: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    signed_at: Mapped[datetime | None] = mapped_column()


class ReceiptSeriesRecord(Base):
    """A receipt series: form and series symbols, who collects, which key signs."""

    __tablename__ = "receipt_series"
    __table_args__ = (UniqueConstraint("form_symbol", "series_symbol"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    form_symbol: Mapped[str] = mapped_column(String(40))
    series_symbol: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)  # from the series symbol's two digits
    organization: Mapped[str] = mapped_column(String(300))
    tax_code: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(500))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    profile: Mapped[str] = mapped_column(String(100))
    last_number: Mapped[int] = mapped_column(Integer)  # allocated under the row's lock
    # The receipt kind, printed as title; by default receipts.model.DEFAULT_RECEIPT_KIND (the
    # store knows no receipts: a test checks that the two agree).
    kind_name: Mapped[str] = mapped_column(
        String(100), server_default="Biên lai thu thuế, phí, lệ phí không in sẵn mệnh giá"
    )
    created_at: Mapped[datetime] = mapped_column()


class FeeRecord(Base):
    """The fee catalogue: what a procedure costs."""

    __tablename__ = "fees"
    __table_args__ = (UniqueConstraint("procedure_code", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_code: Mapped[str] = mapped_column(String(60), index=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger)


class ReceiptRecord(Base):
    __tablename__ = "receipts"
    __table_args__ = (UniqueConstraint("series_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("receipt_series.id"))
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), index=True)
    issued_at: Mapped[datetime] = mapped_column()
    issued_by: Mapped[str] = mapped_column(String(200))
    collector: Mapped[str | None] = mapped_column(String(300))  # None: issued before 0011
    payer: Mapped[str] = mapped_column(String(300))
    dossier_code: Mapped[str | None] = mapped_column(String(80), index=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))
    method: Mapped[str] = mapped_column(String(20))
    total: Mapped[int] = mapped_column(BigInteger)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("receipts.id"))
    record_sha256: Mapped[str | None] = mapped_column(String(64))
    pdf_path: Mapped[str | None] = mapped_column(String(500))  # relative to the data dir
    docx_path: Mapped[str | None] = mapped_column(String(500))
    xml_path: Mapped[str | None] = mapped_column(String(500))
    error: Mapped[str | None] = mapped_column(Text)  # why issuing failed after allocation
    cancelled_at: Mapped[datetime | None] = mapped_column()
    cancelled_by: Mapped[str | None] = mapped_column(String(200))
    cancel_reason: Mapped[str | None] = mapped_column(Text)


class ReceiptLineRecord(Base):
    __tablename__ = "receipt_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    fee_code: Mapped[str | None] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger)


class AuditRecord(Base):
    """Append-only: the database refuses UPDATE and DELETE (see the migrations)."""

    __tablename__ = "audit_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[str] = mapped_column(String(40))  # ISO 8601 UTC text, hashed as written
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100), index=True)
    subject: Mapped[str] = mapped_column(String(300), index=True)
    details: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class UserRecord(Base):
    """A person who logs in to the web interface."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    full_name: Mapped[str] = mapped_column(String(300), default="")
    roles: Mapped[str] = mapped_column(String(100))  # comma-separated `Role` values
    password_hash: Mapped[str] = mapped_column(String(300))  # argon2id
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column()
    password_changed_at: Mapped[datetime] = mapped_column()


class UserUnitRecord(Base):
    """The units whose work a clerk sees."""

    __tablename__ = "user_units"
    __table_args__ = (UniqueConstraint("user_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))


class WebSessionRecord(Base):
    """A login. The cookie holds a random token; only its SHA-256 is kept here."""

    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column()
    last_seen_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime] = mapped_column(index=True)


class ApiTokenRecord(Base):
    """A token for the one-stop system's API calls, acting as its user; kept as SHA-256."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column()
    last_used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()


class LoginFailureRecord(Base):
    """Wrong passwords in a row, for a user name (known or not) or an address."""

    __tablename__ = "login_failures"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # "name:…" or "address:…"
    failures: Mapped[int] = mapped_column(Integer)
    last_failed_at: Mapped[datetime] = mapped_column()


class WorkerRecord(Base):
    """A process that runs jobs, as it last reported itself (`sohoa status`)."""

    __tablename__ = "workers"
    name: Mapped[str] = mapped_column(String(200), primary_key=True)  # host:pid
    host: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # "local" (sohoa run) or "celery"
    started_at: Mapped[datetime] = mapped_column()
    last_seen_at: Mapped[datetime] = mapped_column(index=True)
    running: Mapped[int] = mapped_column(Integer, default=0)  # jobs in progress now
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
