/**
 * The .cmd files of the Windows bundle. ASCII only: cmd.exe reads a .cmd in the console's
 * OEM code page, while node.exe writes Vietnamese to the console itself (WriteConsoleW).
 * hocba.cmd is for a technician's prompt; the Start-menu entries keep their window open
 * ("pause") so the teacher can read the result.
 */
const crlf = (lines) => `${lines.join('\r\n')}\r\n`;

export function windowsLaunchers() {
  const run = (args) => `"%~dp0node.exe" "%~dp0app\\bin\\hocba.js" ${args}`;
  return {
    'hocba.cmd': crlf([
      '@echo off',
      'rem Hoc ba so: the bundled companion, run by the bundled node.exe.',
      run('%*'),
    ]),
    'chan-doan.cmd': crlf([
      '@echo off',
      'rem Start menu "Chan doan": hocba doctor, window kept open.',
      'title Hoc ba so - Chan doan / Doctor',
      run('doctor'),
      'echo.',
      'pause',
    ]),
    'ghep-doi.cmd': crlf([
      '@echo off',
      'rem Start menu "Ghep doi": hocba pair prints the one-time code for the extension.',
      'title Hoc ba so - Ghep doi / Pairing',
      run('pair'),
      'echo.',
      'pause',
    ]),
  };
}
