/**
 * The line under a verify card's verdict that says what the receiving school does next:
 * not a PDF, not valid, or a signer whose certificate leads to no Vietnamese root.
 */
import type { DocumentReport, SignatureReport } from '@hocba/shared/verify';
import { describe, expect, it } from 'vitest';
import { nextStep } from '../src/pages/verify/next-step.js';
import { refusalKey } from '../src/pages/verify/verify-files.js';
import { bundledMessages } from '../src/ui/bundled-messages.js';

function report(
  verdict: DocumentReport['verdict'],
  problems: string[] = [],
  subIndications: (SignatureReport['subIndication'] | null)[] = [],
): DocumentReport {
  return {
    verdict,
    problems: problems.map((code) => ({ code, message: { vi: code, en: code } })),
    signatures: subIndications.map((subIndication) => ({ subIndication }) as SignatureReport),
  } as unknown as DocumentReport;
}

describe('what to do next, under the verdict', () => {
  it('asks for the PDF when the file is not one', () => {
    expect(nextStep(report('invalid', ['NOT_PDF']), 'standalone')).toBe('walk_verify_next_not_pdf');
  });

  it('says not to use an invalid file and to ask for the original', () => {
    expect(nextStep(report('invalid', ['HASH_FAILURE'], ['HASH_FAILURE']), 'extension')).toBe(
      'walk_verify_next_invalid',
    );
  });

  it('points at the place to load a root: the page itself standalone, IT and settings in the extension', () => {
    const unknownRoot = report('indeterminate', [], [null, 'NO_CERTIFICATE_CHAIN_FOUND']);
    expect(nextStep(unknownRoot, 'standalone')).toBe('walk_verify_next_untrusted_standalone');
    expect(nextStep(unknownRoot, 'extension')).toBe('walk_verify_next_untrusted_extension');
  });

  it('says nothing for a valid file, or an undecided one for another reason (the card says why)', () => {
    expect(nextStep(report('valid', [], [null]), 'standalone')).toBeNull();
    expect(nextStep(report('indeterminate', [], ['TRY_LATER']), 'extension')).toBeNull();
  });

  it('has the text in Vietnamese and English for every key and for the empty-file refusal', () => {
    const keys = [
      'walk_verify_next_not_pdf',
      'walk_verify_next_invalid',
      'walk_verify_next_untrusted_standalone',
      'walk_verify_next_untrusted_extension',
      refusalKey('empty'),
    ];
    for (const key of keys) {
      expect(bundledMessages('vi').message(key), key).not.toBe('');
      expect(bundledMessages('en').message(key), key).not.toBe('');
    }
    expect(bundledMessages('vi').message(refusalKey('empty'))).toContain('0 byte');
    expect(refusalKey('notPdf')).toBe('verify_refused_notPdf');
  });
});
