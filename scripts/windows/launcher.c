/*
 * hocba-companion.exe: starts the companion at login with no window and restarts it if it
 * exits. A GUI-subsystem program (-mwindows), so Windows opens no console for it; it runs
 * "<its folder>\node.exe" "<its folder>\app\bin\hocba.js" serve <its own arguments> with
 * CREATE_NO_WINDOW. Why not a plain Run key on node.exe: node.exe is a console program and a
 * teacher closes the console window it opens, which stops the companion until next login.
 * Why not Task Scheduler: a logon task with "restart on failure" needs the Task Scheduler
 * service's COM interface or schtasks XML, and node.exe would still open a console there.
 *
 * - One per user session: a named mutex; a second start exits at once (code 0).
 * - Restart: every exit (a crash, a token driver that takes the process down, End task in the
 *   Task Manager, even exit code 0: a process killed under Wine reports 0) restarts it after
 *   2 s, doubling up to 5 min while it keeps dying within a minute of starting. Only the
 *   stop event below ends it for good (or logging off).
 * - Stop: the named event Local\HocBaSoCompanionStop (the uninstaller sets it) ends the child
 *   and the launcher. The child runs in a job object that kills it when the launcher ends,
 *   so no orphan node.exe holds the port or the install folder's files.
 */
#define WIN32_LEAN_AND_MEAN
#ifndef UNICODE
#define UNICODE
#endif
#ifndef _UNICODE
#define _UNICODE
#endif
#include <windows.h>
#include <wchar.h>

#define MUTEX_NAME L"Local\\HocBaSoCompanion"
#define STOP_EVENT_NAME L"Local\\HocBaSoCompanionStop"
#define FIRST_DELAY_MS 2000u
#define MAX_DELAY_MS 300000u
#define HEALTHY_RUN_MS 60000u

/* The part of the command line after the program name, as Windows gave it. */
static const wchar_t *arguments_after_program(const wchar_t *line) {
  if (*line == L'"') {
    line++;
    while (*line && *line != L'"') line++;
    if (*line == L'"') line++;
  } else {
    while (*line && *line != L' ' && *line != L'\t') line++;
  }
  while (*line == L' ' || *line == L'\t') line++;
  return line;
}

int WINAPI wWinMain(HINSTANCE instance, HINSTANCE previous, PWSTR command_line, int show) {
  (void)instance;
  (void)previous;
  (void)command_line;
  (void)show;

  HANDLE mutex = CreateMutexW(NULL, TRUE, MUTEX_NAME);
  if (mutex == NULL || GetLastError() == ERROR_ALREADY_EXISTS) return 0;
  HANDLE stop = CreateEventW(NULL, TRUE, FALSE, STOP_EVENT_NAME);
  if (stop == NULL) return 2;
  /* Only this instance waits on it; a stop left set by an earlier uninstall must not end us. */
  ResetEvent(stop);

  wchar_t folder[MAX_PATH];
  DWORD length = GetModuleFileNameW(NULL, folder, MAX_PATH);
  if (length == 0 || length >= MAX_PATH) return 3;
  wchar_t *slash = wcsrchr(folder, L'\\');
  if (slash == NULL) return 3;
  *slash = L'\0';

  /* "<folder>\node.exe" "<folder>\app\bin\hocba.js" serve <arguments> */
  const wchar_t *extra = arguments_after_program(GetCommandLineW());
  size_t size = wcslen(folder) * 2 + wcslen(extra) + 64;
  wchar_t *command = HeapAlloc(GetProcessHeap(), 0, size * sizeof(wchar_t));
  wchar_t node[MAX_PATH + 16];
  if (command == NULL) return 4;
  _snwprintf(node, MAX_PATH + 16, L"%ls\\node.exe", folder);
  node[MAX_PATH + 15] = L'\0';
  _snwprintf(command, size, L"\"%ls\" \"%ls\\app\\bin\\hocba.js\" serve%ls%ls", node, folder,
             *extra ? L" " : L"", extra);
  command[size - 1] = L'\0';

  HANDLE job = CreateJobObjectW(NULL, NULL);
  if (job != NULL) {
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
    ZeroMemory(&limits, sizeof limits);
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits);
  }

  DWORD delay = FIRST_DELAY_MS;
  for (;;) {
    STARTUPINFOW startup;
    PROCESS_INFORMATION child;
    ZeroMemory(&startup, sizeof startup);
    startup.cb = sizeof startup;
    ZeroMemory(&child, sizeof child);
    /* CreateProcessW may write into the command line: give it a copy each time. */
    wchar_t *line = HeapAlloc(GetProcessHeap(), 0, size * sizeof(wchar_t));
    if (line == NULL) return 4;
    wcscpy(line, command);
    ULONGLONG started = GetTickCount64();
    BOOL ok = CreateProcessW(node, line, NULL, NULL, FALSE, CREATE_NO_WINDOW | CREATE_SUSPENDED,
                             NULL, folder, &startup, &child);
    HeapFree(GetProcessHeap(), 0, line);
    DWORD code = 0;
    if (ok) {
      if (job != NULL) AssignProcessToJobObject(job, child.hProcess);
      ResumeThread(child.hThread);
      CloseHandle(child.hThread);
      HANDLE waits[2] = {child.hProcess, stop};
      DWORD which = WaitForMultipleObjects(2, waits, FALSE, INFINITE);
      if (which == WAIT_OBJECT_0 + 1) {
        TerminateProcess(child.hProcess, 0);
        WaitForSingleObject(child.hProcess, 10000);
        CloseHandle(child.hProcess);
        return 0;
      }
      GetExitCodeProcess(child.hProcess, &code);
      CloseHandle(child.hProcess);
    }
    /* It died: wait (or stop), then start it again. */
    if (GetTickCount64() - started >= HEALTHY_RUN_MS) delay = FIRST_DELAY_MS;
    if (WaitForSingleObject(stop, delay) == WAIT_OBJECT_0) return 0;
    delay = delay * 2 > MAX_DELAY_MS ? MAX_DELAY_MS : delay * 2;
  }
}
