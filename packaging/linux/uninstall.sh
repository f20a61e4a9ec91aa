#!/bin/sh
# Remove BHYT Desktop's program, menu entry, icon and command. The data stays.
set -eu
DEST="${XDG_DATA_HOME:-$HOME/.local/share}"
rm -rf "$HOME/.local/opt/bhyt-desktop"
rm -f "$HOME/.local/bin/bhyt-desktop" "$DEST/applications/bhyt-desktop.desktop" \
      "$DEST/icons/hicolor/256x256/apps/bhyt-desktop.png"
echo "Đã gỡ BHYT Desktop. Dữ liệu của xã KHÔNG bị xóa: vẫn nằm tại $DEST/bhyt-desktop."
