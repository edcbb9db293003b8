"""Sign an XML data message with an enveloped XML-DSig signature, as the tax authority's
e-documents carry theirs, and check one.

The layout is the one of the authority's e-invoice messages (Decision 1450/QĐ-TCT; a real
message of its test environment was read, the rule text that fixes the algorithms was not at
hand): a `Signature` with an `Id` inside the signer's slot of `DSCKS`; in `SignedInfo`
inclusive C14N 1.0 (exclusive as a setting), RSA-SHA256, a first Reference to `#<Id of the
signed data>` with the enveloped-signature transform, and a second Reference (Type
`…#SignatureProperties`) to an `Object` holding `SignatureProperties/SignatureProperty/
SigningTime`; the signer's certificate (and its chain) in `KeyInfo/X509Data`.

signxml cannot write that second Reference to an Object inside an enveloped signature, nor
sign with a key on a token, so `SignedInfo` is built here with lxml's C14N and its bytes are
signed by the profile's signer (a PKCS#12 key in memory, or the token, which hashes and
signs them). Checking is signxml's, after the certificate chain is validated offline
against the configured roots as PDF signatures are.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
from cryptography import x509
from lxml import etree  # type: ignore[import-untyped]
from pyhanko.sign.signers import Signer
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError
from signxml import (  # type: ignore[attr-defined]
    CanonicalizationMethod,
    DigestAlgorithm,
    SignatureConfiguration,
    SignatureMethod,
    XMLVerifier,
)
from signxml.exceptions import InvalidInput, InvalidSignature

from signing.errors import SignatureFailedError
from signing.verify import load_trust_roots

DSIG = "http://www.w3.org/2000/09/xmldsig#"
C14N_INCLUSIVE = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
C14N_EXCLUSIVE = "http://www.w3.org/2001/10/xml-exc-c14n#"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
PROPERTIES = "http://www.w3.org/2000/09/xmldsig#SignatureProperties"
_MAX_MESSAGE_BYTES = 1 << 20  # a receipt's message is a few kilobytes


@dataclass(frozen=True)
class XmlSignatureCheck:
    valid: bool
    problem: str | None = None
    signer_name: str = ""
    signing_time: str | None = None
    """SigningTime as the signer wrote it (a claim, not a trusted timestamp)."""
    signed_digest: str | None = None
    """SHA-256 (hex) of the canonical form of the signed data, as the first Reference covers it."""


def sign_enveloped(
    signed: etree._Element,
    slot: etree._Element,
    signer: Signer,
    *,
    signature_id: str,
    signing_time: dt.datetime,
    exclusive: bool = False,
) -> None:
    """Put the signature of `signed` (an element with an `Id`, outside `slot`) into `slot`.

    `signing_time` is written as given: the authority's messages write the local time without
    a zone (pass a naive time), `+07:00` is written when the time is aware.
    """
    certificate = signer.signing_cert
    mechanism = signer.get_signature_mechanism_for_digest("sha256").signature_algo
    if certificate is None or mechanism != "rsassa_pkcs1v15":
        raise SignatureFailedError(
            "The XML data message is signed with RSA-SHA256 (PKCS#1 v1.5): the profile's key "
            "signs otherwise.",
            code="signing.xml_key_not_rsa",
        )
    c14n = C14N_EXCLUSIVE if exclusive else C14N_INCLUSIVE
    signature = etree.SubElement(slot, _ds("Signature"), Id=signature_id, nsmap={None: DSIG})
    info = etree.SubElement(signature, _ds("SignedInfo"))
    etree.SubElement(info, _ds("CanonicalizationMethod"), Algorithm=c14n)
    etree.SubElement(info, _ds("SignatureMethod"), Algorithm=RSA_SHA256)
    data_transforms = [ENVELOPED, C14N_EXCLUSIVE] if exclusive else [ENVELOPED]
    _reference(info, signed, data_transforms, exclusive)
    value = etree.SubElement(signature, _ds("SignatureValue"))
    _key_info(signature, certificate, signer)
    time_id = f"SigningTime-{signature_id}"
    properties = etree.SubElement(signature, _ds("Object"), Id=time_id)
    property_ = etree.SubElement(
        etree.SubElement(properties, _ds("SignatureProperties")),
        _ds("SignatureProperty"),
        Id=f"SigningTimeProperty-{signature_id}",
        Target=f"#{signature_id}",
    )
    etree.SubElement(property_, _ds("SigningTime")).text = signing_time.isoformat(
        timespec="seconds"
    )
    _reference(info, properties, [C14N_EXCLUSIVE] if exclusive else [], exclusive, PROPERTIES)
    to_sign = _c14n(info, exclusive)
    try:
        raw = asyncio.run(signer.async_sign_raw(to_sign, "sha256"))
    except Exception as error:  # a token's failure comes as its own exception classes
        reason = f"{type(error).__name__} {error}".rstrip()
        raise SignatureFailedError(
            f"The XML data message could not be signed: {reason}",
            code="signing.xml_failed",
            params={"reason": reason},
        ) from error
    value.text = base64.b64encode(raw).decode("ascii")


def verify_enveloped(
    document: bytes, roots: Sequence[Path], signed_id: str, *, judge_chain: bool = True
) -> XmlSignatureCheck:
    """Check the one signature of `document` over the element whose `Id` is `signed_id`:
    its certificate chained to `roots` (offline, now, unless `judge_chain` is off), its
    value, both Reference digests.

    Raises VerificationError when a trust root cannot be read.
    """
    trusted = load_trust_roots(roots)
    if len(document) > _MAX_MESSAGE_BYTES:
        return XmlSignatureCheck(False, "the message is too large to be a receipt")
    try:
        certificates = _certificates(document)
        if not certificates:
            return XmlSignatureCheck(False, "no signature with a certificate")
        chain_problem = _chain_problem(certificates, trusted) if judge_chain else None
        signer_name = str(certificates[0].subject.native.get("common_name", ""))
        if chain_problem is not None:
            return XmlSignatureCheck(False, chain_problem, signer_name)
        results = _verifier().verify(
            document,
            x509_cert=x509.load_der_x509_certificate(certificates[0].dump()),
            id_attribute="Id",
            expect_config=_EXPECTED,
            # The W3C schema refuses SigningTime in the signature's namespace, where the tax
            # authority's messages put it; the message's own XSD describes the signature.
            validate_schema=False,
        )
    except (etree.XMLSyntaxError, InvalidInput, InvalidSignature, ValueError) as error:
        return XmlSignatureCheck(False, f"{type(error).__name__}: {error}")
    data, properties = results  # type: ignore[misc]  # a list when two references are expected
    if data.signed_xml is None or data.signed_xml.get("Id") != signed_id:
        return XmlSignatureCheck(False, f"the signature does not cover #{signed_id}", signer_name)
    time = properties.signed_xml
    signing_time = None if time is None else time.findtext(f".//{_ds('SigningTime')}")
    return XmlSignatureCheck(
        True,
        signer_name=signer_name,
        signing_time=signing_time,
        signed_digest=hashlib.sha256(data.signed_data).hexdigest(),
    )


_EXPECTED = SignatureConfiguration(
    expect_references=2,
    signature_methods=frozenset({SignatureMethod.RSA_SHA256}),
    digest_algorithms=frozenset({DigestAlgorithm.SHA256}),
    # XML-DSig's default for a node-set with no C14N transform (signxml's own is C14N 1.1).
    default_reference_c14n_method=CanonicalizationMethod.CANONICAL_XML_1_0,
)


def _verifier() -> XMLVerifier:
    verifier = XMLVerifier()
    # libxml2 2.14 writes a spurious xmlns="" on grandchildren when it canonicalises a
    # subtree under a default namespace (inclusive C14N), which the tax authority's layout
    # uses; signxml's switch removes them. Safe here: the message's schema admits no
    # element that would need an xmlns="" of its own.
    verifier.excise_empty_xmlns_declarations = True
    return verifier


def _ds(name: str) -> str:
    return f"{{{DSIG}}}{name}"


def _c14n(element: etree._Element, exclusive: bool) -> bytes:
    """The canonical form of `element` as a document subset. Canonicalised as a copy of its
    own, which carries the namespaces in scope (libxml2 2.14 gets a subtree under a default
    namespace wrong, see `_verifier`); the same bytes as long as no ancestor declares a
    namespace the subtree does not use, which holds for the messages signed here."""
    copied = copy.deepcopy(element)
    canonical: bytes = etree.tostring(
        copied, method="c14n", exclusive=exclusive, with_comments=False
    )
    return canonical


def _reference(
    info: etree._Element,
    target: etree._Element,
    transforms: list[str],
    exclusive: bool,
    kind: str | None = None,
) -> None:
    """A Reference to `target` by its `Id`. The enveloped-signature transform changes nothing
    here (the signature is not inside the signed data), so the digest is of `target` itself."""
    reference = etree.SubElement(info, _ds("Reference"), URI=f"#{target.get('Id')}")
    if kind is not None:
        reference.set("Type", kind)
    if transforms:
        listed = etree.SubElement(reference, _ds("Transforms"))
        for algorithm in transforms:
            etree.SubElement(listed, _ds("Transform"), Algorithm=algorithm)
    etree.SubElement(reference, _ds("DigestMethod"), Algorithm=SHA256)
    digest = hashlib.sha256(_c14n(target, exclusive)).digest()
    etree.SubElement(reference, _ds("DigestValue")).text = base64.b64encode(digest).decode()


def _key_info(
    signature: etree._Element, certificate: asn1_x509.Certificate, signer: Signer
) -> None:
    data = etree.SubElement(etree.SubElement(signature, _ds("KeyInfo")), _ds("X509Data"))
    subject = x509.load_der_x509_certificate(certificate.dump()).subject.rfc4514_string()
    etree.SubElement(data, _ds("X509SubjectName")).text = subject
    chain = [cert for cert in signer.cert_registry if cert.dump() != certificate.dump()]
    for cert in [certificate, *chain]:
        etree.SubElement(data, _ds("X509Certificate")).text = base64.b64encode(cert.dump()).decode(
            "ascii"
        )


def _certificates(document: bytes) -> list[asn1_x509.Certificate]:
    """The certificates of the signature's KeyInfo, the signer's first."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(document, parser)
    found = root.findall(f".//{_ds('Signature')}/{_ds('KeyInfo')}/{_ds('X509Data')}")
    if len(found) != 1:
        return []
    return [
        asn1_x509.Certificate.load(base64.b64decode(text or ""))
        for text in (cert.text for cert in found[0].findall(_ds("X509Certificate")))
    ]


def _chain_problem(certificates: list[asn1_x509.Certificate], roots: list[object]) -> str | None:
    context = ValidationContext(
        trust_roots=roots,
        other_certs=certificates[1:],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    validator = CertificateValidator(
        certificates[0], intermediate_certs=certificates[1:], validation_context=context
    )
    try:
        asyncio.run(validator.async_validate_usage({"digital_signature"}))  # type: ignore[no-untyped-call]
    except (PathBuildingError, PathValidationError) as error:
        return f"the certificate does not chain to a trusted root: {error}"
    return None


def signed_digest(
    document: bytes, signed_id: str, roots: Sequence[Path], *, judge_chain: bool = True
) -> tuple[str | None, str | None]:
    """The SHA-256 of the signed data when the signature verifies, else None and why."""
    check = verify_enveloped(document, roots, signed_id, judge_chain=judge_chain)
    return check.signed_digest, check.problem
