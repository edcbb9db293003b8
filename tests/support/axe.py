"""axe-core, from npm (`make setup` installs it under tests/browser), run inside a page.

`check_accessibility(page, "clerk /clerk/intake at 390 px")` fails with each serious or
critical violation of the WCAG 2.1 A and AA rules: its rule, impact, elements and advice.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

AXE = Path(__file__).resolve().parents[1] / "browser" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = frozenset({"serious", "critical"})

_RUN = """async tags => {
  const result = await axe.run(document, {
    runOnly: { type: "tag", values: tags }, resultTypes: ["violations"],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
    targets: v.nodes.map(n => n.target.join(" ")),
    summaries: v.nodes.map(n => n.failureSummary || ""),
  }));
}"""


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    url: str
    targets: list[str]
    summaries: list[str]

    def describe(self) -> str:
        lines = [f"- {self.rule} ({self.impact}): {self.help} <{self.url}>"]
        for target, summary in zip(self.targets[:5], self.summaries[:5], strict=False):
            lines.append(f"    {target}")
            first = summary.splitlines()[1:2] or summary.splitlines()[:1]
            if first:
                lines.append(f"      {first[0].strip()}")
        if len(self.targets) > 5:
            lines.append(f"    … and {len(self.targets) - 5} more")
        return "\n".join(lines)


@cache
def axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have axe-core (make setup installs it under tests/browser)")
        pytest.skip("axe-core is not installed (make setup installs it under tests/browser)")
    return AXE.read_text(encoding="utf-8")


# The app allows only scripts from its own origin, so a <script> tag with axe's source inline
# (what `add_script_tag` adds, even given a path) is refused. What Playwright runs through the
# DevTools protocol is not page script and the policy does not apply to it; so the pages keep
# their real policy under test, where `bypass_csp` would hide a page script it blocks.


def install_axe(context: BrowserContext) -> None:
    """Have axe in every page the context opens from now on (quicker than `inject_axe`)."""
    context.add_init_script(axe_source())


def inject_axe(page: Page) -> None:
    """Define `window.axe` in this page, unless it is there: its source as a function's body."""
    if page.evaluate("() => typeof window.axe === 'object'"):
        return
    page.evaluate("() => {\n" + axe_source() + "\n}")


def violations(page: Page) -> list[Violation]:
    """The page's serious and critical violations of WCAG 2.1 A and AA, as axe finds them."""
    inject_axe(page)
    found: list[dict[str, Any]] = page.evaluate(_RUN, TAGS)
    return [
        Violation(
            rule=item["id"],
            impact=item["impact"] or "",
            help=item["help"],
            url=item["url"],
            targets=item["targets"],
            summaries=item["summaries"],
        )
        for item in found
        if item["impact"] in BLOCKING
    ]


def check_accessibility(page: Page, context: str, pending: frozenset[str] = frozenset()) -> None:
    """Fail with a readable list when axe finds a serious or critical violation.

    `pending`: rules this page is known to break until its fix lands; each must still be
    broken (so the exception is dropped once fixed), and only those are let through.
    """
    found = violations(page)
    unexpected = [violation for violation in found if violation.rule not in pending]
    if unexpected:
        listed = "\n".join(violation.describe() for violation in unexpected)
        message = f"{context}: {len(unexpected)} accessibility violation(s)\n{listed}"
        pytest.fail(message, pytrace=False)
    fixed = pending - {violation.rule for violation in found}
    if fixed:
        message = f"{context}: no longer breaks {sorted(fixed)}; take it off the pending list"
        pytest.fail(message, pytrace=False)
