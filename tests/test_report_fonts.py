"""Font choice: Times New Roman where installed (and complete), else bundled Liberation."""

import shutil

from bhyt_desktop.reports import fonts


def test_bundled_liberation_covers_vietnamese_and_has_its_licence():
    paths = fonts.bundled_paths()
    assert len(paths) == 4
    for p in paths.values():
        assert p.exists() and fonts.covers_vietnamese(p)
    licence = fonts.BUNDLED_DIR / "LICENSE-LiberationSerif-OFL.txt"
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence.read_text(encoding="utf-8")


def test_finds_times_new_roman_by_windows_and_linux_names(tmp_path):
    win = tmp_path / "Windows" / "Fonts"
    win.mkdir(parents=True)
    for face, name in fonts.BUNDLED.items():
        target = {"regular": "TIMES.TTF", "bold": "timesbd.ttf", "italic": "timesi.ttf",
                  "bold_italic": "timesbi.ttf"}[face]
        shutil.copy(fonts.BUNDLED_DIR / name, win / target)
    found = fonts.find_times_new_roman([tmp_path])
    assert found and found["regular"].name == "TIMES.TTF"
    linux = tmp_path / "usr" / "share" / "fonts" / "truetype" / "msttcorefonts"
    linux.mkdir(parents=True)
    shutil.copy(fonts.BUNDLED_DIR / fonts.BUNDLED["regular"], linux / "Times_New_Roman.ttf")
    assert fonts.find_times_new_roman([linux]) is None       # only one of four faces


def test_a_font_without_vietnamese_is_refused(tmp_path):
    import glob
    old = [p for p in glob.glob("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")]
    for p in old:                      # Liberation 1.07 lacks Vietnamese letters
        assert not fonts.covers_vietnamese(p)
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    assert not fonts.covers_vietnamese(bad)


def test_register_family_gives_four_faces():
    fam = fonts.register_family()
    assert len({fam.regular, fam.bold, fam.italic, fam.bold_italic}) == 4
    assert fam.display_name in ("Times New Roman", "Liberation Serif")
