/**
 * A demo PKI for `hocba demo-token`: a demo root, a school CA, and certificates for a GVCN,
 * a principal and the school seal, shaped like Vietnamese CA certificates (UTF-8 names,
 * UID=CCCD:/MST:) and every one marked as a demo with no legal value. Keys and signatures
 * are Node's crypto; the certificates are put together with the engine's one DER writer
 * (@hocba/shared/asn1). Never use these for anything but the demo.
 */
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bool,
  childrenOf,
  content,
  encode,
  int,
  intBytes,
  nul,
  OID,
  octets,
  oid,
  readDer,
  seq,
  set,
  TAG,
  tagged,
} from '@hocba/shared/asn1';

export const DEMO_MARK = 'DEMO - không có giá trị pháp lý / no legal value';

export interface DemoEntity {
  role: 'root' | 'ca' | 'gvcn' | 'principal' | 'seal';
  /** CKA_ID on the demo token (hex); empty for the root. */
  id: string;
  label: string;
  subject: string;
  certPath: string;
  certDerPath: string;
  keyPath: string;
}

export interface DemoPki {
  dir: string;
  rootPemPath: string;
  entities: DemoEntity[];
}

/** One name attribute, UTF8String, with the short name the entity's subject line uses. */
interface Attr {
  oid: string;
  short: string;
  value: string;
}

const utf8 =
  (oid: string, short: string) =>
  (value: string): Attr => ({ oid, short, value });
const country = utf8(OID.country, 'C');
const locality = utf8(OID.locality, 'L');
const organization = utf8(OID.organization, 'O');
const unit = utf8(OID.organizationalUnit, 'OU');
const title = utf8(OID.title, 'title');
const commonName = utf8(OID.commonName, 'CN');
const uid = utf8(OID.uid, 'UID');

/** A Name: one attribute a RDN, in the order given. */
function name(attrs: readonly Attr[]): Uint8Array {
  const text = new TextEncoder();
  return seq(attrs.map((a) => set([seq([oid(a.oid), encode(TAG.UTF8, text.encode(a.value))])])));
}

/** X.509 Time: UTCTime to 2049, GeneralizedTime after (RFC 5280 4.1.2.5), to the second. */
function time(date: Date): Uint8Array {
  const iso = date.toISOString(); // 2026-01-01T00:00:00.000Z
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? encode(TAG.UTC_TIME, new TextEncoder().encode(digits.slice(2)))
    : encode(TAG.GENERALIZED_TIME, new TextEncoder().encode(digits));
}

/** An extension: its OID, critical when it is, and its value's DER in an OCTET STRING. */
const extension = (id: string, critical: boolean, value: Uint8Array) =>
  seq([oid(id), ...(critical ? [bool(true)] : []), octets(value)]);

/** keyUsage bits in a BIT STRING, the unused-bits octet counted as RFC 5280's DER asks. */
function keyUsage(bits: number): Uint8Array {
  let unused = 0;
  while (unused < 7 && !(bits & (1 << unused))) unused++;
  return encode(TAG.BIT_STRING, Uint8Array.of(unused, bits));
}
const DIGITAL_SIGNATURE = 0x80;
const NON_REPUDIATION = 0x40;
const KEY_CERT_SIGN = 0x04;
const CRL_SIGN = 0x02;

/** SHA-1 of the RSAPublicKey inside the SPKI's BIT STRING (RFC 5280 4.2.1.2, method 1). */
function keyIdentifier(spki: Uint8Array): Uint8Array {
  const bits = childrenOf(readDer(spki))[1];
  if (!bits) throw new Error('demo PKI: SPKI without a key');
  return new Uint8Array(createHash('sha1').update(content(bits).subarray(1)).digest());
}

interface Made {
  der: Uint8Array;
  attrs: readonly Attr[];
  subject: Uint8Array;
  privateKey: KeyObject;
  keyPem: string;
  keyId: Uint8Array;
}

function make(
  attrs: readonly Attr[],
  options: { ca: boolean; pathLen?: number; issuer?: Made; serial: number; years: number },
  now: Date,
): Made {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const spki = new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' }));
  const keyId = keyIdentifier(spki);
  const subject = name(attrs);
  const algorithm = seq([oid(OID.sha256WithRSA), nul()]);
  // Whole seconds, as the certificate holds them.
  const notBefore = new Date(Math.floor((now.getTime() - 24 * 3600_000) / 1000) * 1000);
  const notAfter = new Date(Math.floor((now.getTime() + options.years * 365 * 24 * 3600_000) / 1000) * 1000);
  const extensions = [
    extension(
      OID.basicConstraints,
      true,
      seq(options.ca ? [bool(true), ...(options.pathLen !== undefined ? [int(options.pathLen)] : [])] : []),
    ),
    extension(
      OID.keyUsage,
      true,
      keyUsage(options.ca ? KEY_CERT_SIGN | CRL_SIGN : DIGITAL_SIGNATURE | NON_REPUDIATION),
    ),
    extension(OID.subjectKeyIdentifier, false, octets(keyId)),
    ...(options.issuer
      ? [extension(OID.authorityKeyIdentifier, false, seq([encode(0x80, options.issuer.keyId)]))]
      : []),
  ];
  const tbs = seq([
    tagged(0, [int(2)]),
    intBytes(Uint8Array.of(options.serial)),
    algorithm,
    options.issuer?.subject ?? subject,
    seq([time(notBefore), time(notAfter)]),
    subject,
    spki,
    tagged(3, [seq(extensions)]),
  ]);
  const signature = sign('sha256', tbs, options.issuer?.privateKey ?? pair.privateKey);
  const der = seq([tbs, algorithm, encode(TAG.BIT_STRING, Uint8Array.of(0, ...signature))]);
  return { der, attrs, subject, privateKey: pair.privateKey, keyPem, keyId };
}

/** PEM as the demo PKI has always written it: CRLF lines of 64 characters. */
function certificatePem(der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\r\n${lines.join('\r\n')}\r\n-----END CERTIFICATE-----\r\n`;
}

export function createDemoPki(dir: string, now = new Date()): DemoPki {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const school = 'Trường Tiểu học Kim Đồng (DEMO)';
  const base = [country('VN'), locality('Hà Nội')];
  const root = make(
    [...base, organization('Học bạ số'), unit(DEMO_MARK), commonName('Học bạ số DEMO Root CA')],
    { ca: true, serial: 0x01, years: 20 },
    now,
  );
  const ca = make(
    [...base, organization('Học bạ số'), unit(DEMO_MARK), commonName('Học bạ số DEMO CA trường học')],
    { ca: true, pathLen: 0, issuer: root, serial: 0x02, years: 10 },
    now,
  );
  const person = (role: string, who: string, cccd: string) => [
    ...base,
    organization(school),
    unit(DEMO_MARK),
    title(role),
    commonName(who),
    uid(`CCCD:${cccd}`),
  ];
  const gvcn = make(
    person('Giáo viên chủ nhiệm', 'Nguyễn Thị Lan (DEMO)', '001190099901'),
    { ca: false, issuer: ca, serial: 0x10, years: 3 },
    now,
  );
  const principal = make(
    person('Hiệu trưởng', 'Trần Văn Minh (DEMO)', '001080099902'),
    { ca: false, issuer: ca, serial: 0x11, years: 3 },
    now,
  );
  const seal = make(
    [...base, organization(school), unit(DEMO_MARK), commonName(school), uid('MST:0100099903')],
    { ca: false, issuer: ca, serial: 0x12, years: 3 },
    now,
  );

  const entities: DemoEntity[] = [];
  const write = (role: DemoEntity['role'], id: string, label: string, made: Made) => {
    const certPath = join(dir, `${role}.cert.pem`);
    const certDerPath = join(dir, `${role}.cert.der`);
    const keyPath = join(dir, `${role}.key.pem`);
    writeFileSync(certPath, certificatePem(made.der));
    writeFileSync(certDerPath, made.der);
    writeFileSync(keyPath, made.keyPem, { mode: 0o600 });
    const subject = made.attrs.map((a) => `${a.short}=${a.value}`).join(', ');
    entities.push({ role, id, label, subject, certPath, certDerPath, keyPath });
  };
  write('root', '', 'DEMO Root', root);
  write('ca', 'ca', 'DEMO CA', ca);
  write('gvcn', '01', 'GVCN (DEMO)', gvcn);
  write('principal', '02', 'Hiệu trưởng (DEMO)', principal);
  write('seal', '03', 'Con dấu (DEMO)', seal);
  const rootPemPath = join(dir, 'root.pem');
  writeFileSync(rootPemPath, certificatePem(root.der));
  return { dir, rootPemPath, entities };
}
