/**
 * The NSIS installer for a staged Windows bundle: hocba-so-setup-<version>.exe.
 *
 * - Per user by default (no administrator): %LOCALAPPDATA%\Programs\HocBaSo, HKCU keys, the
 *   user's Start menu. `/ALLUSERS` (from an elevated prompt): %ProgramFiles%\HocBaSo, HKLM,
 *   the common Start menu; the Run value in HKLM starts one companion per signed-in user,
 *   each with that user's own data folder.
 * - Start at login with no window: Run value "HocBaCompanion" (the same name `hocba install`
 *   uses, so the two never make two autostarts) → hocba-companion.exe, the GUI-subsystem
 *   launcher that restarts the companion if it exits (scripts/windows/launcher.c).
 * - Start menu "Học bạ số": "Chẩn đoán" (doctor) and "Ghép nối" (pair).
 * - The uninstaller deletes the files of this build by name (never RMDir /r), then the
 *   folders left empty, the shortcuts, the Run value and its uninstall key. The data folder
 *   (%LOCALAPPDATA%\HocBa: signed files, audit log, pairings) was not made by the installer
 *   and stays.
 * - `/NOSTART`: do not start the companion at the end (tests, images prepared for cloning).
 *
 * The script is written as UTF-8 with a BOM and compiled with -INPUTCHARSET UTF8 as a
 * Unicode amd64 installer, so Vietnamese names reach shortcuts and registry intact.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const PRODUCT_KEY = 'HocBaSo';
export const RUN_VALUE = 'HocBaCompanion';
export const START_MENU_FOLDER = 'Học bạ số';
export const SHORTCUTS = { doctor: 'Chẩn đoán', pair: 'Ghép nối' };
/** Start menu names of earlier versions, removed on upgrade and uninstall (one word for pairing: "ghép nối"). */
const LEGACY_SHORTCUTS = ['Ghép đôi'];

/** Every file and folder under `dir`, relative, folders listed before their contents. */
export function listTree(dir) {
  const files = [];
  const folders = [];
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = join(current, entry.name);
      const rel = relative(dir, full);
      if (entry.isDirectory()) {
        folders.push(rel);
        walk(full);
      } else if (entry.isFile()) files.push(rel);
      else throw new Error(`${full}: only files and folders can go in the installer`);
    }
  };
  walk(dir);
  return { files, folders };
}

const win = (rel) => rel.split(sep).join('\\');

/** NSIS string literal: `$` doubled, `"` escaped with $\. */
function nsisString(text) {
  return `"${text.replace(/\$/g, '$$$$').replace(/"/g, '$\\"')}"`;
}

/** "$INSTDIR\<rel>" with the relative part escaped (a file name may hold a `$`). */
function underInstdir(rel) {
  return rel ? `"$INSTDIR\\${nsisString(win(rel)).slice(1)}` : '"$INSTDIR"';
}

export function nsisScript({ stage, version, outFile, compressor = 'lzma' }) {
  const { files, folders } = listTree(stage);
  const byFolder = new Map([['', []]]);
  for (const folder of folders) byFolder.set(folder, []);
  for (const file of files) {
    const parts = file.split(sep);
    byFolder.get(parts.slice(0, -1).join(sep)).push(file);
  }
  const sizeKb = Math.ceil(files.reduce((sum, f) => sum + statSync(join(stage, f)).size, 0) / 1024);
  const install = [];
  for (const [folder, inFolder] of byFolder) {
    install.push(`  SetOutPath ${underInstdir(folder)}`);
    for (const file of inFolder) install.push(`  File ${nsisString(join(stage, file))}`);
  }
  const uninstall = [
    ...files.map((f) => `  Delete /REBOOTOK ${underInstdir(f)}`),
    ...[...folders].reverse().map((f) => `  RMDir /REBOOTOK ${underInstdir(f)}`),
  ];
  const numeric = `${version.split('-')[0].split('.').concat(['0', '0', '0']).slice(0, 3).join('.')}.0`;
  const uninstallKey = `Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\${PRODUCT_KEY}`;
  const runKey = 'Software\\Microsoft\\Windows\\CurrentVersion\\Run';
  const menu = `$SMPROGRAMS\\${START_MENU_FOLDER}`;
  return `Unicode true
Target amd64-unicode
SetCompressor /SOLID ${compressor}
ManifestDPIAware true
!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

Name "Học bạ số"
Caption "Học bạ số ${version}: chương trình ký / signing companion"
OutFile ${nsisString(outFile)}
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\\Programs\\${PRODUCT_KEY}"
ShowInstDetails show
ShowUninstDetails show
VIProductVersion ${numeric}
VIAddVersionKey /LANG=0 "ProductName" "Học bạ số"
VIAddVersionKey /LANG=0 "FileDescription" "Học bạ số: cài chương trình ký / companion setup"
VIAddVersionKey /LANG=0 "ProductVersion" "${version}"
VIAddVersionKey /LANG=0 "FileVersion" "${version}"
VIAddVersionKey /LANG=0 "LegalCopyright" "Học bạ số"

Var AllUsers
Var NoStart

!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"

; Ends a running companion of this session (its launcher ends its node.exe) and waits for it.
!macro StopCompanion un
Function \${un}StopCompanion
  System::Call 'kernel32::OpenEventW(i 0x1F0003, i 0, w "Local\\HocBaSoCompanionStop") p .r0'
  \${If} $0 P<> 0
    System::Call 'kernel32::SetEvent(p r0)'
    StrCpy $1 0
    \${Do}
      System::Call 'kernel32::OpenMutexW(i 0x100000, i 0, w "Local\\HocBaSoCompanion") p .r2'
      \${If} $2 P= 0
        \${Break}
      \${EndIf}
      System::Call 'kernel32::CloseHandle(p r2)'
      Sleep 200
      IntOp $1 $1 + 1
    \${LoopUntil} $1 >= 75
    System::Call 'kernel32::CloseHandle(p r0)'
  \${EndIf}
FunctionEnd
!macroend
!insertmacro StopCompanion ""
!insertmacro StopCompanion "un."

; /ALLUSERS needs an administrator; the default needs nobody.
!macro ChooseContext un
Function \${un}ChooseContext
  \${GetParameters} $R0
  ClearErrors
  \${GetOptions} $R0 "/ALLUSERS" $R1
  \${IfNot} \${Errors}
    StrCpy $AllUsers 1
  \${EndIf}
  ClearErrors
  \${GetOptions} $R0 "/NOSTART" $R1
  \${IfNot} \${Errors}
    StrCpy $NoStart 1
  \${EndIf}
  \${If} $AllUsers == 1
    UserInfo::GetAccountType
    Pop $R2
    \${If} $R2 != "Admin"
      MessageBox MB_ICONSTOP "Cài cho mọi người dùng (/ALLUSERS) cần quyền quản trị: chạy từ cửa sổ lệnh quản trị, hoặc cài không có /ALLUSERS (chỉ cho người dùng này).$\\r$\\n$\\r$\\nInstalling for all users (/ALLUSERS) needs an administrator: run it from an elevated prompt, or install without /ALLUSERS (this user only)." /SD IDOK
      SetErrorLevel 740
      Quit
    \${EndIf}
    SetShellVarContext all
  \${Else}
    SetShellVarContext current
  \${EndIf}
FunctionEnd
!macroend
!insertmacro ChooseContext ""
!insertmacro ChooseContext "un."

Function .onInit
  Call ChooseContext
  \${If} $AllUsers == 1
  \${AndIf} $INSTDIR == "$LOCALAPPDATA\\Programs\\${PRODUCT_KEY}"
    StrCpy $INSTDIR "$PROGRAMFILES64\\${PRODUCT_KEY}"
  \${EndIf}
FunctionEnd

Function un.onInit
  ; An all-users install is recognised by its HKLM uninstall key, even without /ALLUSERS.
  ReadRegStr $R3 HKLM "${uninstallKey}" "InstallLocation"
  \${If} $R3 == $INSTDIR
    StrCpy $AllUsers 1
  \${EndIf}
  Call un.ChooseContext
FunctionEnd

Section "Install"
  Call StopCompanion
  ; An earlier version's uninstaller removes exactly its own files first (it stays, replaced below).
  \${If} \${FileExists} "$INSTDIR\\uninstall.exe"
    ExecWait '"$INSTDIR\\uninstall.exe" /S /KEEPRUN _?=$INSTDIR'
  \${EndIf}
${install.join('\n')}
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\\uninstall.exe"
  CreateDirectory "${menu}"
${LEGACY_SHORTCUTS.map((name) => `  Delete "${menu}\\${name}.lnk"`).join('\n')}
  CreateShortcut "${menu}\\${SHORTCUTS.doctor}.lnk" "$INSTDIR\\chan-doan.cmd" "" "$INSTDIR\\hocba-companion.exe" 0
  CreateShortcut "${menu}\\${SHORTCUTS.pair}.lnk" "$INSTDIR\\ghep-doi.cmd" "" "$INSTDIR\\hocba-companion.exe" 0
  WriteRegStr SHCTX "${runKey}" "${RUN_VALUE}" '"$INSTDIR\\hocba-companion.exe"'
  WriteRegStr SHCTX "${uninstallKey}" "DisplayName" "Học bạ số: chương trình ký"
  WriteRegStr SHCTX "${uninstallKey}" "DisplayVersion" "${version}"
  WriteRegStr SHCTX "${uninstallKey}" "Publisher" "Học bạ số"
  WriteRegStr SHCTX "${uninstallKey}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${uninstallKey}" "DisplayIcon" "$INSTDIR\\hocba-companion.exe"
  WriteRegStr SHCTX "${uninstallKey}" "UninstallString" '"$INSTDIR\\uninstall.exe"'
  WriteRegStr SHCTX "${uninstallKey}" "QuietUninstallString" '"$INSTDIR\\uninstall.exe" /S'
  WriteRegDWORD SHCTX "${uninstallKey}" "NoModify" 1
  WriteRegDWORD SHCTX "${uninstallKey}" "NoRepair" 1
  WriteRegDWORD SHCTX "${uninstallKey}" "EstimatedSize" ${sizeKb}
  \${If} $NoStart != 1
    Exec '"$INSTDIR\\hocba-companion.exe"'
  \${EndIf}
SectionEnd

Section "Uninstall"
  Call un.StopCompanion
  \${GetParameters} $R0
  ClearErrors
  \${GetOptions} $R0 "/KEEPRUN" $R1
  \${If} \${Errors}
    ; A real uninstall, not the upgrade step above: autostart and menu go too.
    DeleteRegValue SHCTX "${runKey}" "${RUN_VALUE}"
    Delete "${menu}\\${SHORTCUTS.doctor}.lnk"
    Delete "${menu}\\${SHORTCUTS.pair}.lnk"
${LEGACY_SHORTCUTS.map((name) => `    Delete "${menu}\\${name}.lnk"`).join('\n')}
    RMDir "${menu}"
    DeleteRegKey SHCTX "${uninstallKey}"
  \${EndIf}
${uninstall.join('\n')}
  Delete "$INSTDIR\\uninstall.exe"
  RMDir "$INSTDIR"
SectionEnd
`;
}

/** Writes the .nsi (UTF-8 with BOM) next to the output and runs makensis. */
export function buildInstaller({ stage, version, outFile, work, compressor }) {
  const script = join(work, 'hocba-so.nsi');
  writeFileSync(script, `\ufeff${nsisScript({ stage, version, outFile, compressor })}`);
  execFileSync('makensis', ['-V2', '-INPUTCHARSET', 'UTF8', '-WX', script], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return { script, outFile };
}
