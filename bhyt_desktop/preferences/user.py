"""Application settings: one typed place, stored as JSON in the user's config folder.

Commune details, rates and targets live in the commune file, not here. This holds what
belongs to the person at the laptop: language, operator name, recent files.
``BHYT_DESKTOP_HOME`` moves every folder (tests and portable installs use it).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs

APP_SLUG = "bhyt-desktop"


def _home() -> Path | None:
    value = os.environ.get("BHYT_DESKTOP_HOME")
    return Path(value) if value else None


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_SLUG, appauthor=False))


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP_SLUG, appauthor=False))


def log_dir() -> Path:
    home = _home()
    return home / "logs" if home else Path(platformdirs.user_log_dir(APP_SLUG, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "xa.db"


@dataclass
class Settings:
    language: str = "vi"
    operator: str = ""
    last_db: str = ""
    recent_files: list[str] = field(default_factory=list)
    expiring_days: int = 30           # "expiring soon" window, in days
    mask_ids_in_print: bool = True    # printouts show only the last 4 digits of IDs
    window_geometry: str = ""         # main window geometry (Qt saveGeometry, base64)
    # The roster's less-used columns this user hides (header context menu); keys of ui.roster.
    roster_hidden_columns: list[str] = field(default_factory=lambda: ["sex", "relation", "bhxh"])

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or config_dir() / "settings.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name: f for f in fields(cls)}
        kwargs = {}
        for key, value in raw.items():
            if key in known and isinstance(value, type(getattr(cls(), key))):
                kwargs[key] = value
        return cls(**kwargs)

    def save(self, path: Path | None = None) -> None:
        path = path or config_dir() / "settings.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)

    def remember_file(self, db_path: str) -> None:
        self.last_db = db_path
        self.recent_files = [db_path] + [f for f in self.recent_files if f != db_path][:7]
