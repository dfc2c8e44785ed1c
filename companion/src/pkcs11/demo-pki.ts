/**
 * A demo PKI for `hocba demo-token`: a demo root, a school CA, and certificates for a GVCN,
 * a principal and the school seal, shaped like Vietnamese CA certificates (UTF-8 names,
 * UID=CCCD:/MST:) and every one marked as a demo with no legal value. Keys are made by
 * Node's crypto, certificates by node-forge. Never use these for anything but the demo.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

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

type Attr = { name?: string; type?: string; value: string; valueTagClass?: number };

const utf8 = (name: string, value: string): Attr => ({
  name,
  value,
  valueTagClass: forge.asn1.Type.UTF8 as number,
});
const uid = (value: string): Attr => ({
  type: '0.9.2342.19200300.100.1.1',
  value,
  valueTagClass: forge.asn1.Type.UTF8 as number,
});

interface Made {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  keyPem: string;
}

function make(
  attrs: Attr[],
  options: { ca: boolean; pathLen?: number; issuer?: Made; serial: string; years: number },
  now: Date,
): Made {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(
    pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  cert.serialNumber = options.serial;
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600_000);
  cert.validity.notAfter = new Date(now.getTime() + options.years * 365 * 24 * 3600_000);
  cert.setSubject(attrs as forge.pki.CertificateField[]);
  cert.setIssuer(
    (options.issuer ? options.issuer.cert.subject.attributes : attrs) as forge.pki.CertificateField[],
  );
  const extensions: object[] = [
    options.ca
      ? {
          name: 'basicConstraints',
          cA: true,
          critical: true,
          ...(options.pathLen !== undefined ? { pathLenConstraint: options.pathLen } : {}),
        }
      : { name: 'basicConstraints', cA: false, critical: true },
    options.ca
      ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ];
  if (options.issuer)
    extensions.push({
      name: 'authorityKeyIdentifier',
      keyIdentifier: options.issuer.cert.generateSubjectKeyIdentifier().getBytes(),
    });
  cert.setExtensions(extensions);
  cert.sign(options.issuer?.key ?? key, forge.md.sha256.create());
  return { cert, key, keyPem };
}

export function createDemoPki(dir: string, now = new Date()): DemoPki {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const school = 'Trường Tiểu học Kim Đồng (DEMO)';
  const base = [utf8('countryName', 'VN'), utf8('localityName', 'Hà Nội')];
  const root = make(
    [
      ...base,
      utf8('organizationName', 'Học bạ số'),
      utf8('organizationalUnitName', DEMO_MARK),
      utf8('commonName', 'Học bạ số DEMO Root CA'),
    ],
    { ca: true, serial: '01', years: 20 },
    now,
  );
  const ca = make(
    [
      ...base,
      utf8('organizationName', 'Học bạ số'),
      utf8('organizationalUnitName', DEMO_MARK),
      utf8('commonName', 'Học bạ số DEMO CA trường học'),
    ],
    { ca: true, pathLen: 0, issuer: root, serial: '02', years: 10 },
    now,
  );
  const person = (title: string, name: string, cccd: string) => [
    ...base,
    utf8('organizationName', school),
    utf8('organizationalUnitName', DEMO_MARK),
    utf8('title', title),
    utf8('commonName', name),
    uid(`CCCD:${cccd}`),
  ];
  const gvcn = make(
    person('Giáo viên chủ nhiệm', 'Nguyễn Thị Lan (DEMO)', '001190099901'),
    { ca: false, issuer: ca, serial: '10', years: 3 },
    now,
  );
  const principal = make(
    person('Hiệu trưởng', 'Trần Văn Minh (DEMO)', '001080099902'),
    { ca: false, issuer: ca, serial: '11', years: 3 },
    now,
  );
  const seal = make(
    [
      ...base,
      utf8('organizationName', school),
      utf8('organizationalUnitName', DEMO_MARK),
      utf8('commonName', school),
      uid('MST:0100099903'),
    ],
    { ca: false, issuer: ca, serial: '12', years: 3 },
    now,
  );

  const entities: DemoEntity[] = [];
  const write = (role: DemoEntity['role'], id: string, label: string, made: Made) => {
    const certPem = forge.pki.certificateToPem(made.cert);
    const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(made.cert)).getBytes(), 'binary');
    const certPath = join(dir, `${role}.cert.pem`);
    const certDerPath = join(dir, `${role}.cert.der`);
    const keyPath = join(dir, `${role}.key.pem`);
    writeFileSync(certPath, certPem);
    writeFileSync(certDerPath, der);
    writeFileSync(keyPath, made.keyPem, { mode: 0o600 });
    const subject = made.cert.subject.attributes
      .map(
        (a) =>
          `${a.shortName ?? a.name ?? (a.type === '0.9.2342.19200300.100.1.1' ? 'UID' : a.type)}=${String(a.value)}`,
      )
      .join(', ');
    entities.push({ role, id, label, subject, certPath, certDerPath, keyPath });
  };
  write('root', '', 'DEMO Root', root);
  write('ca', 'ca', 'DEMO CA', ca);
  write('gvcn', '01', 'GVCN (DEMO)', gvcn);
  write('principal', '02', 'Hiệu trưởng (DEMO)', principal);
  write('seal', '03', 'Con dấu (DEMO)', seal);
  const rootPemPath = join(dir, 'root.pem');
  writeFileSync(rootPemPath, forge.pki.certificateToPem(root.cert));
  return { dir, rootPemPath, entities };
}
