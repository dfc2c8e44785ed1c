/**
 * Red team, session 7: /NeedAppearances turned on after signing makes viewers redraw every form
 * field from its value instead of the appearance the signer saw. pyHanko calls it valid (it
 * exempts the key); we refuse it when the form has a field that is not a signature.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPdf } from '../../src/verify/index.js';
import { appendUpdate, basePdf, signField } from './pdf-fixtures.js';
import { NOW, OUTSIDE_DIR, redTeam } from './red-team.js';

const team = redTeam();

describe('/NeedAppearances after signing', { timeout: 60_000 }, () => {
  it('turned on for a form with a text field (GhiChu): refused (pyHanko: valid)', async () => {
    // pyhanko-visible-2.pdf: form object 9 holds the text field 8 and two signed fields.
    const pdf = new Uint8Array(readFileSync(join(OUTSIDE_DIR, 'pyhanko-visible-2.pdf')));
    const r = await verifyPdf(
      appendUpdate(pdf, [
        {
          num: 9,
          body: '<< /Fields [8 0 R 11 0 R 17 0 R] /DA (/Helv 0 Tf 0 g) /SigFlags 3 /NeedAppearances true >>',
        },
      ]),
      { trust: team.outside, now: NOW },
    );
    expect(r.verdict).toBe('invalid');
    for (const s of r.signatures) expect(s.subIndication).toBe('MODIFIED_AFTER_SIGNING');
    expect(r.signatures[0]?.modifications.changes.some((c) => c.detail.includes('NeedAppearances'))).toBe(
      true,
    );
  });

  it('turned on for a form of signature fields only: allowed (nothing is redrawn)', async () => {
    const signed = signField(basePdf(), 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki);
    const r = await verifyPdf(
      appendUpdate(signed, [
        { num: 6, body: '<< /Fields [7 0 R 8 0 R 9 0 R] /SigFlags 3 /NeedAppearances true >>' },
      ]),
      { trust: team.own, now: NOW },
    );
    expect(r.verdict).toBe('valid');
  });
});
