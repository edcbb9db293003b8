"""A receipt's legal original: its XML data message, signed with the series' profile and
checked against the shipped schema before it is stored (see receipts.receipt_message)."""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree  # type: ignore[import-untyped]
from pyhanko.sign.signers import Signer

from config import Settings
from receipts.model import ReceiptData
from receipts.receipt_message import (
    SIGNER_SLOT,
    build_message,
    message_bytes,
    signed_data,
    signer_slot,
    validate_message,
)
from receipts.receipt_text import vietnam_time
from signing.keys import load_signer
from signing.profiles import SigningProfile
from signing.xml_signature import sign_enveloped


def signed_message(data: ReceiptData, profile: SigningProfile, settings: Settings) -> bytes:
    """The message signed in `DSCKS/TCThu`; InvalidReceiptError if it breaks the schema."""
    message = build_message(data)
    sign_xml(signed_data(message), signer_slot(message), load_signer(profile), settings,
             SIGNER_SLOT)  # fmt: skip
    validate_message(message)
    return message_bytes(message)


def sign_xml(
    signed: etree._Element,
    slot: etree._Element,
    signer: Signer,
    settings: Settings,
    signature_id: str,
) -> None:
    """Sign `signed` into `slot` as the counter signs every XML data message (a receipt's, a
    day's summary): enveloped XML-DSig, the C14N and SigningTime the settings ask for."""
    signing_time = vietnam_time(datetime.now(UTC)).replace(microsecond=0)
    sign_enveloped(
        signed,
        slot,
        signer,
        signature_id=signature_id,
        # The tax authority's messages write local time without a zone.
        signing_time=(
            signing_time
            if settings.receipts.xml_signing_time_zone
            else signing_time.replace(tzinfo=None)
        ),
        exclusive=settings.receipts.xml_exclusive_c14n,
    )
