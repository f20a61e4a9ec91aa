#!/bin/sh
# Install BHYT Desktop for this user (no root): the program into ~/.local/opt/bhyt-desktop,
# a menu entry, the icon, and the command `bhyt-desktop` in ~/.local/bin. Running it again
# upgrades in place. The data (~/.local/share/bhyt-desktop) is never touched.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DEST="${XDG_DATA_HOME:-$HOME/.local/share}"
OPT="$HOME/.local/opt/bhyt-desktop"
mkdir -p "$HOME/.local/opt" "$HOME/.local/bin" "$DEST/applications" "$DEST/icons/hicolor/256x256/apps"
rm -rf "$OPT.new"
cp -a "$HERE" "$OPT.new"
rm -rf "$OPT"
mv "$OPT.new" "$OPT"
ln -sf "$OPT/bhyt-desktop" "$HOME/.local/bin/bhyt-desktop"
cp "$HERE/bhyt-desktop.png" "$DEST/icons/hicolor/256x256/apps/bhyt-desktop.png"
sed "s#@EXEC@#$OPT/bhyt-desktop#" "$HERE/bhyt-desktop.desktop.in" > "$DEST/applications/bhyt-desktop.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DEST/applications" || true
echo "Đã cài BHYT Desktop vào $OPT (menu: Văn phòng > BHYT Desktop; lệnh: bhyt-desktop)."
echo "Dữ liệu nằm tại ${XDG_DATA_HOME:-$HOME/.local/share}/bhyt-desktop."
if ! /sbin/ldconfig -p 2>/dev/null | grep -q libxkbcommon-x11; then
  echo "Lưu ý: nếu cửa sổ không mở, hãy cài: sudo apt install libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0"
fi
