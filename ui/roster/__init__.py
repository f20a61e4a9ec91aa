"""The roster page "Hộ gia đình & nhân khẩu" (see docs/roster.md)."""
