/**
 * The order a token's certificates are offered in. A driver returns objects in whatever order
 * it keeps them (SoftHSM's changes from one listing to the next), so the sign window's list
 * would reshuffle between two openings: the ones fit to sign come first, then by holder name,
 * the one valid longest first, and the id last so that the order is total.
 */
import type { CertificateInfo } from '@hocba/shared/protocol';

function fitness(c: CertificateInfo): number {
  if (c.validity === 'valid') return c.keyUsage === 'signing' ? 0 : 1;
  return c.validity === 'notYetValid' ? 2 : 3;
}

const byName = new Intl.Collator('vi', { sensitivity: 'base' });

export function compareForPeople(a: CertificateInfo, b: CertificateInfo): number {
  return (
    fitness(a) - fitness(b) ||
    byName.compare(a.subject.commonName ?? '', b.subject.commonName ?? '') ||
    b.notAfter.localeCompare(a.notAfter) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
