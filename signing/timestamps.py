"""The RFC 3161 timestamp service a profile names, as a pyHanko timestamper.

Every failure of the service (down, refusing, answering bytes that are no timestamp
for what was asked) becomes a TimestampServiceError naming the URL and the reason.
"""

from __future__ import annotations

import datetime as dt
import functools
from urllib.parse import urlsplit, urlunsplit

from asn1crypto import cms  # type: ignore[import-untyped]
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

from signing.errors import TimestampServiceError
from signing.profiles import SigningProfile

TIMEOUT_SECONDS = 10


def make_timestamper(profile: SigningProfile) -> TimeStamper | None:
    """The profile's timestamp service, or None when the profile names none (PAdES B-B)."""
    if profile.timestamp_url is None:
        return None
    return timestamper_at(profile.timestamp_url)


@functools.lru_cache(maxsize=16)
def timestamper_at(url: str, *, timeout: float = TIMEOUT_SECONDS) -> TimeStamper:
    """One timestamper per service, shared by threads and reused.

    pyHanko first asks for a sample token to size the signature; a reused timestamper
    keeps it, so each later signing makes one request to the service instead of two.
    """
    return _CheckedTimeStamper(url, timeout=timeout)


def token_time(token: cms.SignedData) -> dt.datetime:
    """The time an RFC 3161 token states; check the token before relying on it."""
    stamped: dt.datetime = token["encap_content_info"]["content"].parsed["gen_time"].native
    return stamped


def signature_timestamp_time(signature: EmbeddedPdfSignature) -> dt.datetime | None:
    """The time in the signature's timestamp token, if it carries one (unchecked)."""
    for token in extract_tst_data_iter(signature.signer_info, signed=False):
        return token_time(token)
    return None


def shown_url(url: str) -> str:
    """The URL without any password in it, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


class _CheckedTimeStamper(HTTPTimeStamper):
    async def async_timestamp(self, message_digest: bytes, md_algorithm: str) -> cms.ContentInfo:
        try:
            token: cms.ContentInfo = await super().async_timestamp(message_digest, md_algorithm)
            _check_imprint(token, message_digest, md_algorithm)
        except Exception as error:
            # The service's answer is untrusted input: whatever it breaks in parsing
            # (asn1crypto raises ValueError, TypeError, KeyError…) means "no timestamp".
            # Not chained: the cause may spell out the URL with its password.
            raise TimestampServiceError(
                f"The timestamp service {shown_url(self.url)} gave no timestamp: "
                f"{_reason(error, self.url)}.",
                code="signing.timestamp_failed",
                params={"url": shown_url(self.url), "reason": _reason(error, self.url)},
            ) from None
        return token


def _check_imprint(token: cms.ContentInfo, message_digest: bytes, md_algorithm: str) -> None:
    info = token["content"]["encap_content_info"]["content"].parsed
    imprint = info["message_imprint"]
    if (
        imprint["hashed_message"].native != message_digest
        or imprint["hash_algorithm"]["algorithm"].native != md_algorithm
    ):
        raise ValueError("the token it returned is for another digest than the one sent")


def _reason(error: BaseException, url: str) -> str:
    """The messages along the cause chain, with any password in the URL scrubbed."""
    said: list[str] = []
    current: BaseException | None = error
    while current is not None and len(said) < 4:
        said.append(str(current).strip() or type(current).__name__)
        current = current.__cause__
    reason = ": ".join(dict.fromkeys(said))
    password = urlsplit(url).password
    if password:
        reason = reason.replace(url, shown_url(url)).replace(password, "***")
    return reason
