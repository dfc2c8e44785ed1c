/** What an install plan holds: files to write, commands to run, and what uninstall runs. */
import type { Bilingual } from '@hocba/shared/errors';
import type { ModuleCandidate } from '../../pkcs11/modules.js';

export type AutostartKind = 'systemd' | 'xdg' | 'windowsRunKey' | 'launchAgent';

export type ModulesFound =
  | { status: 'configured' | 'found'; modules: ModuleCandidate[] }
  | { status: 'notFound'; tried: string[] };

export interface PlannedFile {
  path: string;
  content: string;
  mode: number;
  what: Bilingual;
}

export interface PlannedCommand {
  argv: string[];
  what: Bilingual;
}

export interface InstallPlan {
  platform: NodeJS.Platform;
  autostart: AutostartKind;
  dataDir: string;
  manifestPath: string;
  /** The drivers the companion will load (every known one found, plus --module). */
  module: ModulesFound;
  files: PlannedFile[];
  /** Run after the files are written. */
  commands: PlannedCommand[];
  /** Run by uninstall before the files are removed. */
  stopCommands: PlannedCommand[];
  /** Run by uninstall after the files are removed. */
  cleanupCommands: PlannedCommand[];
  warnings: Bilingual[];
}

export interface AppliedCommand {
  argv: string[];
  status: number | null;
  stderr: string;
}
