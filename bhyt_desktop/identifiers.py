"""Personal identifiers: CCCD (12 digits) and the social insurance number (10 digits).

Both are text of ASCII digits 0-9 (full-width digits are converted). A number typed into Excel loses its leading zeros; we restore them.
"""

from __future__ import annotations

from .errors import UserError
from .i18n import _
from .text import digits_only

CCCD_LENGTH = 12
BHXH_LENGTH = 10


def _normalize(value: object, length: int, label: str) -> str | None:
    raw = digits_only(value)
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()):  # str.isdigit alone accepts "²" and "０"
        raise UserError(_("{label} chỉ gồm chữ số: «{value}».").format(label=label, value=value))
    if len(raw) > length:
        raise UserError(_("{label} phải có {n} chữ số: «{value}».").format(label=label, n=length, value=value))
    if len(raw) < length:
        # Excel keeps at most a few leading zeros off; a much shorter number is a typo.
        if len(raw) < length - 3:
            raise UserError(_("{label} phải có {n} chữ số: «{value}».").format(label=label, n=length, value=value))
        raw = raw.zfill(length)
    return raw


def normalize_cccd(value: object) -> str | None:
    """'1234567890' (lost zeros) -> '001234567890'; '' -> None; wrong length -> UserError."""
    return _normalize(value, CCCD_LENGTH, _("Số CCCD"))


def normalize_bhxh(value: object) -> str | None:
    return _normalize(value, BHXH_LENGTH, _("Mã số BHXH"))


def mask(value: str | None, shown: int = 4) -> str:
    """'001234567890' -> '********7890' (printouts mask IDs by default)."""
    if not value:
        return ""
    return "*" * max(0, len(value) - shown) + value[-shown:]
