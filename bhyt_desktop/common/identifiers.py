"""Personal identifiers: CCCD (12 digits) and the social insurance number (10 digits).

Both are text of ASCII digits 0-9 (full-width digits are converted). A number typed into
Excel loses its leading zeros; we restore them, but only where the result can be real: a
CCCD begins with its province code (001-096), a BHXH number with a two-digit province code,
so a padded value beginning "000" (CCCD) or "00" (BHXH) is a number that was too short
from the start, never a lost zero.
"""

from __future__ import annotations

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _
from bhyt_desktop.common.text import digits_only

CCCD_LENGTH = 12
BHXH_LENGTH = 10
CMND_LENGTH = 9  # the old identity card number
# What padding may never produce: no province has code 000 (CCCD) or 00 (BHXH).
_NO_PROVINCE = {CCCD_LENGTH: "000", BHXH_LENGTH: "00"}


def _normalize(value: object, length: int, label: str) -> str | None:
    raw = digits_only(value)
    if not raw:
        return None
    shown = raw if not isinstance(value, str) else value.strip()
    if not (raw.isascii() and raw.isdigit()):  # str.isdigit alone accepts "²" and "０"
        raise UserError(_("{label} chỉ gồm chữ số: «{value}».").format(label=label, value=shown))
    if len(raw) == length:
        return raw
    if length == CCCD_LENGTH and len(raw) == CMND_LENGTH:
        raise UserError(_("Số CMND cũ 9 số: «{value}». Cần số CCCD 12 số.").format(value=shown))
    # Excel keeps at most a few leading zeros off; a much shorter number is a typo.
    if len(raw) > length or len(raw) < length - 3:
        raise UserError(_("{label} phải có {n} chữ số: «{value}».").format(label=label, n=length, value=shown))
    padded = raw.zfill(length)
    bad = _NO_PROVINCE[length]
    if padded.startswith(bad):
        raise UserError(_("{label} phải có {n} chữ số, ô này có {k}: «{value}». Thêm số 0 vào đầu cũng "
                          "không được (mã tỉnh không thể là {bad}): hãy ghi đủ số theo giấy tờ.").format(
                              label=label, n=length, k=len(raw), value=shown, bad=bad))
    return padded


def restores(digits: str, length: int) -> bool:
    """Whether ``digits`` (ASCII, a number that lost its leading zeros) pads to a real ID."""
    return (length - 3 <= len(digits) <= length and not (length == CCCD_LENGTH and len(digits) == CMND_LENGTH)
            and not digits.zfill(length).startswith(_NO_PROVINCE[length]))


def normalize_cccd(value: object) -> str | None:
    """'1234567890' (lost zeros) -> '001234567890'; '' -> None; wrong length, 9 digits (an old
    CMND) or a padding starting '000' -> UserError."""
    return _normalize(value, CCCD_LENGTH, _("Số CCCD"))


def normalize_bhxh(value: object) -> str | None:
    """'123456789' -> '0123456789'; a padding starting '00' -> UserError."""
    return _normalize(value, BHXH_LENGTH, _("Mã số BHXH"))


def mask(value: str | None, shown: int = 4) -> str:
    """'001234567890' -> '********7890' (printouts mask IDs by default)."""
    if not value:
        return ""
    return "*" * max(0, len(value) - shown) + value[-shown:]
