"""Tổng quan: the dashboard page."""
