"""A PKCS#12 signer that parses its private key once.

pyHanko's SimpleSigner re-parses the key on every signature (twice a PDF, with the size
estimate), and cryptography checks an RSA key's consistency on each parse: about 36 ms,
three quarters of the cost of signing a page.
"""

from __future__ import annotations

from functools import cached_property

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.util import get_pyca_cryptography_hash


class KeptKeySigner(SimpleSigner):
    @classmethod
    def keeping_key_of(cls, signer: SimpleSigner) -> KeptKeySigner:
        assert signer.signing_cert is not None
        kept = cls(
            signing_cert=signer.signing_cert,
            signing_key=signer.signing_key,
            cert_registry=signer.cert_registry,
            signature_mechanism=signer.signature_mechanism,
        )
        kept._private_key  # noqa: B018 - parse (and check) it now, not on the first PDF
        return kept

    @cached_property
    def _private_key(self) -> object:
        return serialization.load_der_private_key(self.signing_key.dump(), password=None)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        key = self._private_key
        if mechanism.signature_algo == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
            return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        return super().sign_raw(data, digest_algorithm)  # PSS, ECDSA, EdDSA: pyHanko's way
