"""What a signing job needs beyond any job: the processes that hold the signing keys."""

from __future__ import annotations

from dataclasses import dataclass

from runtime.context import JobContext
from signing_batches.signing_pool import SigningPool


@dataclass(kw_only=True)
class SigningContext(JobContext):
    signing: SigningPool
