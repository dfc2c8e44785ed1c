/**
 * The install manifest in the data folder: what the install added, so uninstall removes
 * exactly that and nothing the school made. A file is named with the SHA-256 it was written
 * with, so a config.json the school changed since is kept.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { AutostartKind } from './plan.js';

export const MANIFEST_FILE = 'install-manifest.json';

export interface InstalledFile {
  path: string;
  sha256: string;
  /** false: the file existed before and the install only changed it (uninstall keeps it). */
  created: boolean;
}

export interface InstallManifest {
  version: 1;
  installedAt: string;
  platform: NodeJS.Platform;
  autostart: AutostartKind;
  files: InstalledFile[];
  stopCommands: string[][];
  cleanupCommands: string[][];
}

export function readManifest(path: string): InstallManifest | undefined {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as InstallManifest;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
