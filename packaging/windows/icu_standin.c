/* FOR TESTING UNDER WINE ONLY - never shipped in the installer.
 *
 * PySide6 >= 6.10's Qt6Core.dll imports Windows' own icuuc.dll (Windows 10 1903 and later
 * have it). Wine 8 has none, so Qt cannot load there. This stand-in exports the converter
 * functions Qt6Core imports and reports every converter as unavailable (U_FILE_ACCESS_ERROR),
 * so Qt falls back to its built-in UTF-8/UTF-16/Latin-1 codecs. The smoke test copies it into
 * the Wine prefix's system32; build_windows.py builds it next to, never inside, the installer.
 */
#include <stddef.h>
typedef int UErrorCode;
typedef unsigned short UChar;
#define U_FILE_ACCESS_ERROR 4
#define EXPORT __declspec(dllexport)

EXPORT void *ucnv_open(const char *name, UErrorCode *err) { (void)name; if (err) *err = U_FILE_ACCESS_ERROR; return NULL; }
EXPORT void ucnv_close(void *c) { (void)c; }
EXPORT void ucnv_reset(void *c) { (void)c; }
EXPORT signed char ucnv_getMaxCharSize(const void *c) { (void)c; return 4; }
EXPORT const char *ucnv_getName(const void *c, UErrorCode *err) { (void)c; if (err) *err = U_FILE_ACCESS_ERROR; return ""; }
EXPORT void ucnv_getToUCallBack(const void *c, void **a, const void **b) { (void)c; if (a) *a = NULL; if (b) *b = NULL; }
EXPORT void ucnv_getFromUCallBack(const void *c, void **a, const void **b) { (void)c; if (a) *a = NULL; if (b) *b = NULL; }
EXPORT void ucnv_setToUCallBack(void *c, void *a, const void *b, void **d, const void **e, UErrorCode *err) { (void)c; (void)a; (void)b; (void)d; (void)e; if (err) *err = U_FILE_ACCESS_ERROR; }
EXPORT void ucnv_setFromUCallBack(void *c, void *a, const void *b, void **d, const void **e, UErrorCode *err) { (void)c; (void)a; (void)b; (void)d; (void)e; if (err) *err = U_FILE_ACCESS_ERROR; }
EXPORT void ucnv_cbToUWriteUChars(void *a, const UChar *s, int n, int o, UErrorCode *err) { (void)a; (void)s; (void)n; (void)o; if (err) *err = U_FILE_ACCESS_ERROR; }
EXPORT void ucnv_cbFromUWriteUChars(void *a, const UChar **s, const UChar *l, int o, UErrorCode *err) { (void)a; (void)s; (void)l; (void)o; if (err) *err = U_FILE_ACCESS_ERROR; }
EXPORT void ucnv_toUnicode(void *c, UChar **t, const UChar *tl, const char **s, const char *sl, int *o, signed char f, UErrorCode *err) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; if (err) *err = U_FILE_ACCESS_ERROR; }
EXPORT void ucnv_fromUnicode(void *c, char **t, const char *tl, const UChar **s, const UChar *sl, int *o, signed char f, UErrorCode *err) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; if (err) *err = U_FILE_ACCESS_ERROR; }
EXPORT int ucnv_toUCountPending(const void *c, UErrorCode *err) { (void)c; if (err) *err = U_FILE_ACCESS_ERROR; return 0; }
EXPORT int ucnv_fromUCountPending(const void *c, UErrorCode *err) { (void)c; if (err) *err = U_FILE_ACCESS_ERROR; return 0; }
EXPORT const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *err) { (void)n; (void)s; if (err) *err = U_FILE_ACCESS_ERROR; return NULL; }
EXPORT const char *ucnv_getAvailableName(int n) { (void)n; return NULL; }
EXPORT int ucnv_countAvailable(void) { return 0; }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const UChar *c, int d, int e, int f, UErrorCode *err) { (void)a; (void)b; (void)c; (void)d; (void)e; (void)f; (void)err; }
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const char *c, int d, int e, UErrorCode *err) { (void)a; (void)b; (void)c; (void)d; (void)e; (void)err; }
