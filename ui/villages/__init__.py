"""Thôn & chỉ tiêu: villages, population figures, targets and campaigns."""
