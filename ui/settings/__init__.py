"""Cài đặt: commune, operator, rates, language."""
