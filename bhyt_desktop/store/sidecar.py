"""A leftover ``-wal`` that does not belong to the file beside it, found before SQLite reads it.

SQLite replays any ``<file>-wal`` it finds next to a database, whichever file wrote it. A
stale one (left beside a backup copied over the file, or beside another commune's file)
mixes old pages into the restored data: wrong figures, then a damaged file. So, before a
connection touches the file, :func:`stale_wal` reads the two headers (no SQLite involved):

- the database is in rollback mode (bytes 18-19 of its header are 1: every backup this
  program writes is) yet a write-ahead log with frames lies beside it: no WAL was ever
  written for this file in this mode;
- the log's page size differs from the file's;
- the log's latest copy of page 1 is older (smaller change counter) than the file's own.

A -wal left by a crash of this program passes all three and is replayed (it holds the
last committed work: deleting it would lose that).
"""

from __future__ import annotations

import struct
from pathlib import Path

from bhyt_desktop.common.errors import UserError
from bhyt_desktop.common.i18n import _

WAL_HEADER = 32
FRAME_HEADER = 24


class StaleWalError(UserError):
    """A -wal beside the file belongs to another state of it (never replayed)."""


def wal_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + "-wal")


def _db_header(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError:
        return None
    return head if len(head) == 100 and head.startswith(b"SQLite format 3\x00") else None


def _page_size(head: bytes) -> int:
    size = struct.unpack(">H", head[16:18])[0]
    return 65536 if size == 1 else size


def _latest_page1_counter(wal: Path, page_size: int, salts: bytes) -> int | None:
    """The change counter in the log's last page-1 frame of the current generation."""
    found = None
    with open(wal, "rb") as fh:
        offset = WAL_HEADER
        while True:
            fh.seek(offset)
            frame = fh.read(FRAME_HEADER)
            if len(frame) < FRAME_HEADER or frame[8:16] != salts:
                break
            if struct.unpack(">I", frame[:4])[0] == 1:
                page = fh.read(28)
                if len(page) == 28:
                    found = struct.unpack(">I", page[24:28])[0]
            offset += FRAME_HEADER + page_size
    return found


def stale_wal(path: str | Path) -> str | None:
    """Why the -wal beside ``path`` does not belong to it, or None (none, or it belongs)."""
    path = Path(path)
    wal = wal_path(path)
    try:
        size = wal.stat().st_size
    except OSError:
        return None
    head = _db_header(path)
    if head is None or size <= WAL_HEADER:
        return None
    if head[18] != 2 or head[19] != 2:
        return _("tệp đang ở chế độ ghi trực tiếp (như một bản sao lưu) mà bên cạnh lại có nhật ký ghi")
    with open(wal, "rb") as fh:
        wal_head = fh.read(WAL_HEADER)
    if len(wal_head) < WAL_HEADER or struct.unpack(">I", wal_head[:4])[0] not in (0x377F0682, 0x377F0683):
        return None                       # SQLite ignores a log without a valid header
    wal_page = struct.unpack(">I", wal_head[8:12])[0]
    if wal_page != _page_size(head):
        return _("nhật ký ghi có cỡ trang khác với tệp")
    counter = _latest_page1_counter(wal, wal_page, wal_head[16:24])
    if counter is not None and counter < struct.unpack(">I", head[24:28])[0]:
        return _("nhật ký ghi cũ hơn chính tệp")
    return None


def stale_message(path: str | Path, why: str) -> str:
    from bhyt_desktop.store.backup import latest_hint
    path = Path(path)
    return _("Bên cạnh tệp {name} có tệp {wal} không thuộc về nó ({why}). Chương trình không mở "
             "tệp để tránh trộn dữ liệu cũ vào; không có gì bị thay đổi. Nếu tệp {name} vừa được "
             "chép đè từ một bản sao lưu, hãy chuyển {wal} (và {shm} nếu có) sang chỗ khác rồi mở "
             "lại.").format(name=path.name, wal=wal_path(path).name, shm=path.name + "-shm",
                            why=why) + " " + latest_hint(path)


def refuse_stale(path: str | Path) -> None:
    why = stale_wal(path)
    if why:
        raise StaleWalError(stale_message(path, why))
