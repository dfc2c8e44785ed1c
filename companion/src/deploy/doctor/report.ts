/** The doctor's report shape: explicit statuses (never a boolean) and the worst-of rule. */
import type { Bilingual, ErrorInfo } from '@hocba/shared/errors';

export type CheckStatus = 'ok' | 'warning' | 'error' | 'skipped';

export interface Check {
  id: string;
  title: Bilingual;
  status: CheckStatus;
  /** What was found, in plain words (paths, names, versions). */
  summary: string;
  /** Why it is not ok and how to fix it. Absent when ok. */
  findings: ErrorInfo[];
  details?: unknown;
}

export interface DoctorReport {
  version: string;
  dataDir: string;
  status: CheckStatus;
  checks: Check[];
}

const RANK: Record<CheckStatus, number> = { ok: 0, skipped: 1, warning: 2, error: 3 };

export function worst(statuses: CheckStatus[]): CheckStatus {
  return statuses.reduce<CheckStatus>((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok');
}

/** A check as its step writes it: findings default to none. */
export type CheckDraft = Omit<Check, 'findings'> & { findings?: ErrorInfo[] };

export function check(draft: CheckDraft): Check {
  return { findings: [], ...draft };
}
