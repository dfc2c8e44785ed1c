/**
 * Validation data (/DSS, PAdES-LT/LTA) is always allowed, even after DocMDP P=1, unless a rule
 * before already looked at the object for what it is elsewhere. An object that was something
 * else before (a font, an action) is not validation data because the update now points at it
 * from /DSS.
 */
import type { Rule } from '../change.js';
import { firstDifference, reachable } from '../compare.js';
import type { Update } from '../update.js';

export const dss: Rule<Update> = {
  name: 'dss',
  check(u, add) {
    const x = u.across;
    const oldDss = new Set<number>();
    reachable(u.before, u.oldCatalog?.entries.get('DSS'), oldDss);
    const now = new Set<number>();
    reachable(u.after, u.newCatalog?.entries.get('DSS'), now);
    const here = [...now].filter(
      (n) => x.changed.has(n) && !x.covered.has(n) && !u.isSigObject(n) && (u.fresh.has(n) || oldDss.has(n)),
    );
    if (
      here.length > 0 ||
      firstDifference(x, u.oldCatalog?.entries.get('DSS'), u.newCatalog?.entries.get('DSS')) !== undefined
    ) {
      for (const n of here) u.explained.add(n);
      add('DSS', 'ALLOWED', `validation data (/DSS) added or updated (${here.length} objects)`, {
        vi: 'Bổ sung dữ liệu kiểm tra chữ ký (/DSS: chứng thư, CRL, OCSP)',
        en: 'Signature validation data added (/DSS: certificates, CRLs, OCSP)',
      });
    }
  },
};
