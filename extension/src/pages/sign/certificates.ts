/** Which certificate the signer is offered first, and whose name it carries. */
import { roleFromTitle } from '@hocba/shared/identity';
import type { CertificateInfo, TokenInfo } from '@hocba/shared/protocol';
import type { SignatureRole } from '@hocba/shared/roles';

/** The holder's name on a certificate, without qualifiers such as "(DEMO)". */
export function holderName(cert: CertificateInfo): string {
  return (cert.subject.commonName ?? '').replace(/\s*\([^)]*\)\s*$/u, '').trim();
}

export const usable = (c: CertificateInfo) => c.validity === 'valid' && c.keyUsage === 'signing';

/** The certificate to preselect: the one whose title names the portal login's role, or the only usable one. */
export function preselect(tokens: TokenInfo[], loginRole: SignatureRole | null) {
  const all = tokens.flatMap((token) => token.certificates.filter(usable).map((cert) => ({ token, cert })));
  const byRole = loginRole
    ? all.filter(
        ({ cert }) => roleFromTitle(cert.subject.title) === loginRole || cert.roleHints[0] === loginRole,
      )
    : [];
  const pick1 = byRole[0] ?? (all.length === 1 ? all[0] : undefined);
  return pick1 ? { serial: pick1.token.serial, certificateId: pick1.cert.id } : null;
}
