/**
 * RFC 5280 §6.1 constraints on a built path (signer first, anchor last): critical extensions
 * we do not understand, basicConstraints pathLenConstraint, name constraints (directoryName,
 * rfc822Name, dNSName) and policyConstraints requireExplicitPolicy. The anchor's own
 * constraints apply too, as OpenSSL and NSS apply them. Names compare byte for byte (DER), as
 * Vietnamese CAs encode them consistently; no string-prep normalisation.
 */
import { bytesEqual } from '../../asn1/index.js';
import { OID } from '../../asn1/oids.js';
import { type Certificate, type GeneralSubtree, nameValue } from '../../x509/index.js';

export interface ConstraintFailure {
  certificate: Certificate;
  problem: string;
}

const selfIssued = (c: Certificate) => bytesEqual(c.issuerDer, c.subjectDer);

export function pathConstraintFailure(path: readonly Certificate[]): ConstraintFailure | undefined {
  const last = path.length - 1;
  for (let i = 0; i < last; i++) {
    const c = path[i] as Certificate;
    if (c.unknownCritical.length > 0)
      return { certificate: c, problem: `unknown critical extension ${c.unknownCritical.join(', ')}` };
  }
  for (let k = 1; k <= last; k++) {
    const ca = path[k] as Certificate;
    // Intermediate CAs between this CA and the signer, self-issued ones not counted (§6.1.4 (l)).
    const below = path.slice(1, k).filter((c) => !selfIssued(c)).length;
    const max = ca.basicConstraints?.pathLength;
    if (max !== undefined && below > max)
      return { certificate: ca, problem: `path length constraint ${max} exceeded (${below} CAs below)` };
    const nc = ca.nameConstraints;
    if (nc) {
      for (let i = 0; i < k; i++) {
        const c = path[i] as Certificate;
        if (i > 0 && selfIssued(c)) continue;
        const why = nameViolation(c, nc.permitted, nc.excluded);
        if (why) return { certificate: c, problem: `name constraints of "${cn(ca)}": ${why}` };
      }
    }
    const n = ca.requireExplicitPolicy;
    if (n !== undefined && n <= below + 1) {
      // explicit_policy reaches 0 by the end (§6.1.4 (h), (i), §6.1.5 (a)): the policy tree must
      // not be empty, so every certificate must carry a policy (no policy mapping here).
      const missing = path.slice(0, last).find((c) => !c.hasPolicies);
      if (missing) return { certificate: missing, problem: 'an explicit certificate policy is required' };
    }
  }
  return undefined;
}

const cn = (c: Certificate) => nameValue(c.subject, OID.commonName) ?? c.serialHex;

function nameViolation(
  c: Certificate,
  permitted: readonly GeneralSubtree[],
  excluded: readonly GeneralSubtree[],
): string | undefined {
  const emails = [...c.altNames.email];
  const subjectEmail = nameValue(c.subject, OID.email);
  if (emails.length === 0 && subjectEmail) emails.push(subjectEmail);
  const names: { type: 'dn' | 'email' | 'dns'; match: (t: GeneralSubtree) => boolean; text: string }[] = [];
  if (c.subjectRdns.length > 0)
    names.push({
      type: 'dn',
      match: (t) => t.type === 'dn' && dnWithin(c.subjectRdns, t.rdns),
      text: 'subject',
    });
  for (const e of emails)
    names.push({ type: 'email', match: (t) => t.type === 'email' && emailWithin(e, t.value), text: e });
  for (const d of c.altNames.dns)
    names.push({ type: 'dns', match: (t) => t.type === 'dns' && dnsWithin(d, t.value), text: d });
  for (const n of names) {
    if (excluded.some((t) => n.match(t))) return `${n.text} is in an excluded subtree`;
    const ofType = permitted.filter((t) => t.type === n.type);
    if (ofType.length > 0 && !ofType.some((t) => n.match(t)))
      return `${n.text} is outside the permitted subtrees`;
  }
  return undefined;
}

function dnWithin(subject: readonly Uint8Array[], base: readonly Uint8Array[]): boolean {
  return base.length <= subject.length && base.every((rdn, i) => bytesEqual(rdn, subject[i] as Uint8Array));
}

function emailWithin(email: string, constraint: string): boolean {
  const e = email.toLowerCase();
  const at = e.lastIndexOf('@');
  const host = at >= 0 ? e.slice(at + 1) : e;
  if (constraint.includes('@')) return e === constraint;
  if (constraint.startsWith('.')) return host.endsWith(constraint);
  return host === constraint;
}

function dnsWithin(name: string, constraint: string): boolean {
  const n = name.toLowerCase();
  const c = constraint.replace(/^\./, '');
  return c === '' || n === c || n.endsWith(`.${c}`);
}
