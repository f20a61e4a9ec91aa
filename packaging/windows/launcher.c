/* The installed program's two launchers, built with mingw by packaging/build_windows.py.
 *
 *   BHYT Desktop.exe  (-mwindows, no console): starts python\pythonw.exe app\main.py ARGS
 *                     and returns at once; the Start-menu shortcut and the file type use it.
 *   bhyt.exe          (console, -DCONSOLE): runs python\python.exe app\main.py ARGS, waits,
 *                     and returns its exit code: the command line of the installed copy.
 *
 * Both take the folder they live in from their own path, so the install can be anywhere.
 */
#ifndef UNICODE
#define UNICODE
#endif
#ifndef _UNICODE
#define _UNICODE
#endif
#include <windows.h>
#include <wchar.h>

#ifdef CONSOLE
#define PYEXE L"python\\python.exe"
#else
#define PYEXE L"python\\pythonw.exe"
#endif

/* The command line after the program's own name (argv[0] may be quoted). */
static const wchar_t *rest_of_command_line(void) {
    const wchar_t *p = GetCommandLineW();
    if (*p == L'"') {
        p++;
        while (*p && *p != L'"') p++;
        if (*p) p++;
    } else {
        while (*p && *p != L' ' && *p != L'\t') p++;
    }
    while (*p == L' ' || *p == L'\t') p++;
    return p;
}

static int fail(const wchar_t *what) {
#ifdef CONSOLE
    fwprintf(stderr, L"BHYT Desktop: %ls (%lu)\n", what, GetLastError());
#else
    MessageBoxW(NULL, what, L"BHYT Desktop", MB_ICONERROR | MB_OK);
#endif
    return 1;
}

int wmain_impl(void) {
    wchar_t dir[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, dir, MAX_PATH);
    if (n == 0 || n >= MAX_PATH) return fail(L"Kh\u00f4ng x\u00e1c \u0111\u1ecbnh \u0111\u01b0\u1ee3c th\u01b0 m\u1ee5c c\u00e0i \u0111\u1eb7t.");
    wchar_t *slash = wcsrchr(dir, L'\\');
    if (slash) *slash = 0;

    const wchar_t *args = rest_of_command_line();
    size_t size = wcslen(dir) * 2 + wcslen(args) + 64;
    wchar_t *cmd = (wchar_t *)HeapAlloc(GetProcessHeap(), 0, size * sizeof(wchar_t));
    wchar_t exe[MAX_PATH + 32];
    if (!cmd) return fail(L"Out of memory");
    swprintf(exe, MAX_PATH + 32, L"%ls\\%ls", dir, PYEXE);
    /* -X utf8: text in and out of the program is UTF-8 (Vietnamese through pipes and files),
       whatever the Windows code page. */
    swprintf(cmd, size, L"\"%ls\" -X utf8 \"%ls\\app\\main.py\" %ls", exe, dir, args);

    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    ZeroMemory(&si, sizeof si);
    si.cb = sizeof si;
    ZeroMemory(&pi, sizeof pi);
#ifdef CONSOLE
    BOOL inherit = TRUE;   /* the command line's output goes to the caller's console or pipe */
#else
    /* No standard streams, as for any program started from the Start menu (pythonw then sets
       sys.stdout to None); Wine would otherwise hand over handles Python cannot open. */
    BOOL inherit = FALSE;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = si.hStdOutput = si.hStdError = NULL;
#endif
    if (!CreateProcessW(exe, cmd, NULL, NULL, inherit, 0, NULL, NULL, &si, &pi))
        return fail(L"Kh\u00f4ng kh\u1edfi \u0111\u1ed9ng \u0111\u01b0\u1ee3c BHYT Desktop: h\u00e3y c\u00e0i \u0111\u1eb7t l\u1ea1i ch\u01b0\u01a1ng tr\u00ecnh.");
    DWORD code = 0;
#ifdef CONSOLE
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
#endif
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return (int)code;
}

#ifdef CONSOLE
int wmain(void) { return wmain_impl(); }
#else
int WINAPI wWinMain(HINSTANCE a, HINSTANCE b, LPWSTR c, int d) {
    (void)a; (void)b; (void)c; (void)d;
    return wmain_impl();
}
#endif
