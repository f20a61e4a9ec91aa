; BHYT Desktop's Windows installer. Built on Linux by packaging/build_windows.py:
;   makensis -INPUTCHARSET UTF8 -DVERSION=x.y.z -DVERSION4=x.y.z.0 -DSTAGE=dir -DOUTFILE=exe
;            -DINSTALLED_KB=n installer.nsi
; Per user (no administrator rights): %LOCALAPPDATA%\Programs\BHYT Desktop, HKCU keys only.
; The user's data is NOT here: it lives in %LOCALAPPDATA%\bhyt-desktop (platformdirs) and in
; whatever commune files the user saved elsewhere. Upgrades replace the program folders only;
; the uninstaller removes the program and says where the data stays.

Unicode true
Target amd64-unicode        ; 64-bit stub: the program is 64-bit, and Wine64 runs only 64-bit
ManifestDPIAware true
SetCompressor /SOLID lzma
SetCompressorDictSize 64
RequestExecutionLevel user

!include "MUI2.nsh"
!include "WinVer.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

!define APPNAME "BHYT Desktop"
!define PUBLISHER "BHYT Desktop"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\BHYTDesktop"
!define APPKEY "Software\BHYT Desktop"
!define PROGID "BHYTDesktop.CommuneFile"
!define DATADIR "$LOCALAPPDATA\bhyt-desktop"
; Windows 10 version 1903 is build 18362: the first with the system ICU that Qt 6.10+ links.
!define MIN_BUILD 18362

Name "${APPNAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPNAME}"
InstallDirRegKey HKCU "${APPKEY}" "InstallDir"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIAddVersionKey /LANG=1066 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=1066 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1066 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1066 "FileDescription" "Cài đặt ${APPNAME} ${VERSION}"
VIAddVersionKey /LANG=1066 "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "${STAGE}\bhyt-desktop.ico"
!define MUI_UNICON "${STAGE}\bhyt-desktop.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APPNAME}.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Mở BHYT Desktop ngay"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "Chỉ chương trình được gỡ bỏ. Dữ liệu của xã (tệp .db, bản sao lưu, cài đặt) vẫn được giữ nguyên tại ${DATADIR} và ở những nơi bạn đã lưu tệp."

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

Function .onInit
  ; Qt 6.10+ (PySide6 6.11 here) needs Windows 10 1903 or later, 64-bit.
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} ${MIN_BUILD}
    MessageBox MB_ICONSTOP|MB_OK "BHYT Desktop cần Windows 10 phiên bản 1903 (tháng 5/2019) trở lên hoặc Windows 11, bản 64-bit.$\r$\n$\r$\nMáy này chưa đáp ứng nên chương trình không được cài đặt. Hãy cập nhật Windows (Cài đặt > Windows Update) rồi chạy lại tệp cài đặt." /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
  SetShellVarContext current
FunctionEnd

Section "BHYT Desktop (bắt buộc)" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An upgrade: the old program must be closed (Windows locks the DLLs of a running program);
  ; then remove the previous program files (never the data, which is elsewhere).
  ${If} ${FileExists} "$INSTDIR\python\python311.dll"
  retry_closed:
    ClearErrors
    Rename "$INSTDIR\python\python311.dll" "$INSTDIR\python\python311.dll.old"
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "BHYT Desktop đang mở. Hãy đóng mọi cửa sổ BHYT Desktop rồi bấm Thử lại (Retry)." /SD IDCANCEL IDRETRY retry_closed
      SetErrorLevel 4
      Abort
    ${EndIf}
  ${EndIf}
  RMDir /r "$INSTDIR\python"
  RMDir /r "$INSTDIR\app"
  File /r "${STAGE}\*"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${APPNAME}.exe" "" "$INSTDIR\bhyt-desktop.ico" 0 SW_SHOWNORMAL "" "Theo dõi bao phủ bảo hiểm y tế cấp xã"

  WriteRegStr HKCU "${APPKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${APPKEY}" "Version" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\bhyt-desktop.ico"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" ${INSTALLED_KB}
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
SectionEnd

Section "Biểu tượng trên màn hình (Desktop)" SecDesktop
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\${APPNAME}.exe" "" "$INSTDIR\bhyt-desktop.ico" 0 SW_SHOWNORMAL "" "Theo dõi bao phủ bảo hiểm y tế cấp xã"
SectionEnd

; The commune file is a .db (SQLite) file. .db is a common extension, so the program is added
; to "Open with" for .db, and made the default only when no other program already owns .db.
Section "Mở tệp dữ liệu xã (.db) bằng nhấp đúp" SecAssoc
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "Tệp dữ liệu xã (BHYT Desktop)"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\bhyt-desktop.ico"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${APPNAME}.exe" "%1"'
  WriteRegStr HKCU "Software\Classes\.db\OpenWithProgids" "${PROGID}" ""
  ReadRegStr $0 HKCR ".db" ""
  ${If} $0 == ""
  ${OrIf} $0 == "${PROGID}"
    WriteRegStr HKCU "Software\Classes\.db" "" "${PROGID}"
  ${EndIf}
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

LangString DESC_Main ${LANG_VIETNAMESE} "Chương trình, lối tắt trong menu Start và mục gỡ cài đặt."
LangString DESC_Desktop ${LANG_VIETNAMESE} "Thêm biểu tượng BHYT Desktop lên màn hình."
LangString DESC_Assoc ${LANG_VIETNAMESE} "Nhấp đúp vào tệp dữ liệu xã (.db) sẽ mở bằng BHYT Desktop."
!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecMain} $(DESC_Main)
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} $(DESC_Desktop)
  !insertmacro MUI_DESCRIPTION_TEXT ${SecAssoc} $(DESC_Assoc)
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  ReadRegStr $0 HKCU "Software\Classes\.db" ""
  ${If} $0 == "${PROGID}"
    DeleteRegValue HKCU "Software\Classes\.db" ""
  ${EndIf}
  DeleteRegValue HKCU "Software\Classes\.db\OpenWithProgids" "${PROGID}"
  DeleteRegKey /ifempty HKCU "Software\Classes\.db\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "Software\Classes\.db"
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "${APPKEY}"
  ; Only the program's own folders and files; the data folder is elsewhere and stays.
  RMDir /r "$INSTDIR\python"
  RMDir /r "$INSTDIR\app"
  Delete "$INSTDIR\${APPNAME}.exe"
  Delete "$INSTDIR\bhyt.exe"
  Delete "$INSTDIR\bhyt-desktop.ico"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  MessageBox MB_ICONINFORMATION|MB_OK "Đã gỡ BHYT Desktop.$\r$\n$\r$\nDữ liệu của xã KHÔNG bị xóa: tệp dữ liệu, bản sao lưu và cài đặt vẫn nằm tại$\r$\n${DATADIR}$\r$\n(và ở những nơi bạn đã tự lưu tệp .db). Cài lại chương trình sẽ mở lại được dữ liệu này." /SD IDOK
SectionEnd
