/**
 * Why nothing in a sign session can be signed, group by group, in the order a signer acts on
 * them: nothing sent at all; errors to fix or override one by one; waiting for an earlier
 * signer (and which); already signed in this role; another pupil's record; unreadable.
 */
import { missingEarlierRoles } from '@hocba/shared/identity';
import type { SignatureRole } from '@hocba/shared/roles';
import type { Disposition, Inspection } from './inspect.js';

export type HeldBackReason =
  | { reason: 'empty' }
  | { reason: 'review' | 'mismatch' | 'blocked'; count: number }
  | { reason: 'waiting'; count: number; earlierRoles: SignatureRole[] }
  | { reason: 'already'; count: number; role: SignatureRole };

export interface JudgedLike {
  doc: { docId: string };
  inspection: Pick<Inspection, 'signedRoles'> | undefined;
  disposition: Disposition | 'pending';
}

export function heldBackReasons(
  judged: readonly JudgedLike[],
  role: SignatureRole | null,
  overrides: ReadonlySet<string>,
): HeldBackReason[] {
  if (judged.length === 0) return [{ reason: 'empty' }];
  const of = (d: Disposition) => judged.filter((j) => j.disposition === d && !overrides.has(j.doc.docId));
  const reasons: HeldBackReason[] = [];
  const review = of('review').length;
  if (review > 0) reasons.push({ reason: 'review', count: review });
  const waiting = of('waiting');
  if (waiting.length > 0 && role) {
    const earlier = new Set(
      waiting.flatMap((w) => missingEarlierRoles(role, new Set(w.inspection?.signedRoles ?? []))),
    );
    reasons.push({ reason: 'waiting', count: waiting.length, earlierRoles: [...earlier] });
  }
  const already = of('alreadySigned').length;
  if (already > 0 && role) reasons.push({ reason: 'already', count: already, role });
  for (const [d, reason] of [
    ['mismatch', 'mismatch'],
    ['blocked', 'blocked'],
  ] as const) {
    const count = of(d).length;
    if (count > 0) reasons.push({ reason, count });
  }
  return reasons;
}
