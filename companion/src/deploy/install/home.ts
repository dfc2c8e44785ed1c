import { homedir } from 'node:os';

/** The user's home as the platform names it (the data folder and autostart entries live under it). */
export function homeOf(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform === 'win32') return env.USERPROFILE || homedir();
  return env.HOME || homedir();
}
