"""What a write changed, said in a few topics, so a screen reloads only what concerns it.

Every write in the window says what it changed (``ctx.notify_changed(PEOPLE, CARDS)``,
or ``run_operation(..., changes=(REPORTS,))``); every page says which topics it shows
(``ctx.on_change(page, FIGURES, page.reload)``). A write that says nothing is a mistake:
:func:`topics` refuses an empty or unknown list, so no "refresh everything" is possible.
"""

from __future__ import annotations

from collections.abc import Iterable

PEOPLE = "people"        # households, people, their status and moves between households
CARDS = "cards"          # BHYT cards
VILLAGES = "villages"    # the village list: names, order, merged, no longer used
TARGETS = "targets"      # yearly targets and statistical population, by village
CAMPAIGN = "campaign"    # coverage drives (đợt vận động)
SETTINGS = "settings"    # the commune's details (name, codes)
LETTERHEAD = "letterhead"  # the reports' letterhead, symbol and signer
RATES = "rates"          # dated rates and amounts
REPORTS = "reports"      # issued reports and their drafts
EXPORTS = "exports"      # the log of files exported for the district

ALL: frozenset[str] = frozenset(
    {PEOPLE, CARDS, VILLAGES, TARGETS, CAMPAIGN, SETTINGS, LETTERHEAD, RATES, REPORTS, EXPORTS})

# What the coverage figures read (coverage/engine, dashboard/figures): a change to any of
# these can move a figure on the dashboard.
FIGURES: frozenset[str] = frozenset(
    {PEOPLE, CARDS, VILLAGES, TARGETS, CAMPAIGN, SETTINGS, RATES})


def topics(*names: str) -> frozenset[str]:
    """The topics of one write; at least one, each one of :data:`ALL`."""
    if not names:
        raise ValueError("a write must say what it changed (at least one topic)")
    unknown = sorted(set(names) - ALL)
    if unknown:
        raise ValueError(f"unknown change topic(s): {', '.join(map(repr, unknown))}")
    return frozenset(names)


def concerns(changed: Iterable[str], shown: Iterable[str]) -> bool:
    """True when a write of ``changed`` touches something of ``shown``."""
    return not frozenset(changed).isdisjoint(shown)
