"""Writing a PDF safely: to a temp file beside the target, then os.replace."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _


def write_pdf(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically: never a half-written PDF, the old file kept
    until the new one is complete."""
    path = Path(path)
    if path.is_dir():
        raise UserError(_("Đây là một thư mục, không phải tệp PDF: {path}").format(path=path))
    if not path.parent.exists():
        raise UserError(_("Thư mục không tồn tại: {path}").format(path=path.parent))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~", suffix=".pdf", dir=path.parent)
    except PermissionError:
        raise UserError(_("Không có quyền ghi vào thư mục {path}.").format(path=path.parent)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except PermissionError:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(_("Không ghi được {path}: tệp đang mở trong chương trình khác hoặc "
                          "không có quyền ghi.").format(path=path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
