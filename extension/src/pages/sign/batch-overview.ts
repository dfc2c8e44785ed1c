/**
 * What a batch is, read from the records it sends (never from the portal page): which
 * classes, school years and schools, and what the visible stamp on each will say. The signer
 * sees this next to the PIN field, so a batch of another class or year is noticed before it
 * is signed. Pure: the sign window shows it, the unit tests check it.
 */
import { readCertificate, type SigningCapacity, stampLines } from '@hocba/shared/pdf';
import type { SignatureRole } from '@hocba/shared/roles';
import type { Inspection } from './inspect.js';

/** One value (a class, a year, a school) and how many records carry it. */
export interface Tally {
  value: string;
  count: number;
}

export interface BatchOverview {
  count: number;
  classes: Tally[];
  years: Tally[];
  schools: Tally[];
  /** Records whose content cannot be read (a portal PDF without record data). */
  unread: number;
}

/** Values most common first; ties in the order first met (the portal's order). */
function tally(values: string[]): Tally[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
}

export function batchOverview(inspections: readonly (Inspection | undefined)[]): BatchOverview {
  const read = inspections.filter((i): i is Inspection & { identity: object } => Boolean(i?.identity));
  return {
    count: inspections.length,
    classes: tally(read.map((i) => i.identity.className.trim()).filter(Boolean)),
    years: tally(read.map((i) => i.identity.schoolYear.trim()).filter(Boolean)),
    schools: tally(read.map((i) => (i.school ?? '').trim()).filter(Boolean)),
    unread: inspections.length - read.length,
  };
}

/**
 * Whether the batch is more than one approval: several school years or schools. Several
 * classes is not (a principal signs a whole grade, or the school, at once).
 */
export function isMixed(overview: BatchOverview): boolean {
  return overview.years.length > 1 || overview.schools.length > 1;
}

/** "3A" or "3A (20), 3B (15)": the counts only when the batch holds more than one value. */
export function tallyText(tallies: Tally[]): string {
  if (tallies.length === 1) return tallies[0]?.value ?? '';
  return tallies.map((t) => `${t.value} (${t.count})`).join(', ');
}

/** A stamp as the records will show it, and how many records get it. */
export interface StampVariant {
  /** The stamp's lines without the time line (the time is known only when signing). */
  lines: string[];
  count: number;
}

/**
 * The visible stamp(s) of the batch, from the chosen certificate and role, through the same
 * `stampLines` the companion draws with. A principal's records may name a deputy signing
 * for the principal (KT. HIỆU TRƯỞNG): those get their own variant. Null when the
 * certificate cannot be read (the companion then refuses it anyway).
 */
export function stampVariants(
  certificateDerBase64: string,
  role: SignatureRole,
  inspections: readonly (Inspection | undefined)[],
): StampVariant[] | null {
  let certificate: ReturnType<typeof readCertificate>;
  try {
    certificate = readCertificate(Uint8Array.from(atob(certificateDerBase64), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
  const byCapacity = new Map<string, { capacity: SigningCapacity | undefined; count: number }>();
  for (const inspection of inspections) {
    const capacity = role === 'principal' ? inspection?.principalCapacity : undefined;
    const key = capacity ? JSON.stringify(capacity) : '';
    const entry = byCapacity.get(key) ?? { capacity, count: 0 };
    entry.count += 1;
    byCapacity.set(key, entry);
  }
  return [...byCapacity.values()].map(({ capacity, count }) => ({
    // stampLines ends with the time line; the time is the signing's own.
    lines: stampLines({
      role,
      certificate,
      time: new Date(0),
      rect: [],
      ...(capacity ? { capacity } : {}),
    }).slice(0, -1),
    count,
  }));
}
