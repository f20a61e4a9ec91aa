"""One translation mechanism: every interface string has its English counterpart."""

from __future__ import annotations

import sys
from pathlib import Path

from bhyt_desktop.common import i18n
from bhyt_desktop.common.i18n import _

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import i18n_check  # noqa: E402


def test_every_interface_string_has_an_english_translation():
    gaps = i18n_check.missing()
    assert gaps == {}, "run: python tools/i18n_check.py"


def test_language_switch():
    assert _("Dân số") == "Dân số"
    i18n.set_language("en")
    assert _("Dân số") == "Population"
    i18n.set_language("xx")          # unknown: back to Vietnamese
    assert _("Dân số") == "Dân số"
