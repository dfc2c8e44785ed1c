/**
 * A root certificate the reader of the standalone file loads for the session: PEM text or
 * DER bytes (.pem, .crt, .cer). Checked before use, so a wrong file is named as such
 * instead of silently changing nothing.
 */
import { defineErrors } from '@hocba/shared/errors';
import { parseCertificate, pemToDer } from '@hocba/shared/verify';

export const rootCertificateError = defineErrors({
  ROOT_NOT_CERTIFICATE: {
    vi: 'Tệp không phải chứng thư số (PEM hoặc DER).',
    en: 'The file is not a certificate (PEM or DER).',
  },
});

function derToPem(der: Uint8Array): string {
  let binary = '';
  for (const byte of der) binary += String.fromCharCode(byte);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** The certificate(s) in `bytes` as PEM text; throws ROOT_NOT_CERTIFICATE when none parses. */
export function rootCertificatePem(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const pem = text.includes('-----BEGIN CERTIFICATE-----') ? text : derToPem(bytes);
  try {
    const ders = pemToDer(pem);
    if (ders.length === 0) throw new Error('no certificate block');
    for (const der of ders) parseCertificate(der);
  } catch (cause) {
    throw rootCertificateError('ROOT_NOT_CERTIFICATE', {}, { cause });
  }
  return pem;
}
