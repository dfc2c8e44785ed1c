/**
 * A test PKI made with the real openssl CLI, for unit tests, end-to-end tests, the demo
 * and the benchmarks. Nothing here is trusted outside tests.
 *
 *   import { makeTestPki } from '<repo>/test/pki/index.mjs';
 *   const pki = await makeTestPki('/tmp/some-dir', { ocspUrl: 'http://127.0.0.1:18190' });
 *
 * Returns (and caches in `<dir>/pki.json`, so a second call is instant):
 *   {
 *     dir,
 *     root, ca,                      // the test root CA and the issuing CA
 *     signers: { gvcn, principal, seal, ecdsa, expired, noSigningUsage, revoked },
 *     tsa,                           // RFC 3161 time-stamping unit (EKU timeStamping, critical)
 *     ocsp,                          // OCSP responder (EKU OCSPSigning)
 *     crl: { pemPath, derPath },     // CRL of the issuing CA (lists `revoked`)
 *     caIndexPath, caConfigPath,     // for `openssl ocsp -index ... -CA ...`
 *     tsaConfigPath,                 // for `openssl ts -reply -config ...`
 *   }
 * Each entity: { name, subject, keyType: 'rsa' | 'ec', certPath, certDerPath, keyPath
 * (PKCS#8 PEM), certPem, keyPem, certDerBase64 }.
 *
 * Person certificates carry `UID=CCCD:<12 digits>`, the seal `UID=MST:<tax code>`, as
 * Vietnamese public CAs do (OID 0.9.2342.19200300.100.1.1). Names are real UTF-8.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OPENSSL = process.env.OPENSSL ?? 'openssl';

function openssl(args, cwd) {
  return execFileSync(OPENSSL, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

function caConfig(dir, ocspUrl, crlUrl) {
  return `
[ ca ]
default_ca = test_ca

[ test_ca ]
dir = ${dir}
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
crlnumber = $dir/crlnumber
certificate = $dir/ca.cert.pem
private_key = $dir/ca.key.pem
default_md = sha256
default_days = 1825
default_crl_days = 3650
policy = policy_any
unique_subject = no
copy_extensions = none
utf8 = yes
string_mask = utf8only

[ policy_any ]
commonName = supplied
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
title = optional
UID = optional

[ req ]
distinguished_name = req_dn
utf8 = yes
string_mask = utf8only
prompt = no
[ req_dn ]
CN = placeholder

[ v3_root ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ v3_issuing ]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ v3_signer ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
authorityInfoAccess = OCSP;URI:${ocspUrl}
crlDistributionPoints = URI:${crlUrl}
certificatePolicies = 1.3.6.1.4.1.99999.1.1

[ v3_no_signing ]
basicConstraints = critical, CA:false
keyUsage = critical, keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ v3_tsa ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ v3_ocsp ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, OCSPSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
noCheck = ignored
`;
}

function tsaConfig(dir) {
  return `
[ tsa ]
default_tsa = test_tsa

[ test_tsa ]
dir = ${dir}
serial = $dir/tsa-serial
crypto_device = builtin
signer_cert = $dir/tsa.cert.pem
certs = $dir/ca.cert.pem
signer_key = $dir/tsa.key.pem
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.2.1
other_policies = 1.3.6.1.4.1.99999.2.2
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;
}

function genKey(path, keyType) {
  if (keyType === 'ec') {
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
  } else {
    openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', path]);
  }
}

/** Builds an openssl -subj string; values may hold any UTF-8. */
function subj(fields) {
  return `/${fields.map(([k, v]) => `${k}=${v.replaceAll('/', '\\/')}`).join('/')}`;
}

function entity(dir, name, subject, keyType) {
  const certPath = join(dir, `${name}.cert.pem`);
  const certDerPath = join(dir, `${name}.cert.der`);
  const keyPath = join(dir, `${name}.key.pem`);
  openssl(['x509', '-in', certPath, '-outform', 'DER', '-out', certDerPath]);
  return {
    name,
    subject,
    keyType,
    certPath,
    certDerPath,
    keyPath,
    certPem: readFileSync(certPath, 'utf8'),
    keyPem: readFileSync(keyPath, 'utf8'),
    certDerBase64: readFileSync(certDerPath).toString('base64'),
  };
}

function issue(dir, config, name, subjectFields, extensions, { keyType = 'rsa', startDate, endDate } = {}) {
  const keyPath = join(dir, `${name}.key.pem`);
  const csrPath = join(dir, `${name}.csr.pem`);
  genKey(keyPath, keyType);
  const subject = subj(subjectFields);
  openssl(['req', '-new', '-config', config, '-utf8', '-key', keyPath, '-subj', subject, '-out', csrPath]);
  const args = ['ca', '-batch', '-config', config, '-utf8', '-notext', '-extensions', extensions];
  if (startDate) args.push('-startdate', startDate);
  if (endDate) args.push('-enddate', endDate);
  args.push('-in', csrPath, '-out', join(dir, `${name}.cert.pem`));
  openssl(args);
  return entity(dir, name, subject, keyType);
}

const SCHOOL = 'Trường Tiểu học Kim Đồng';

/**
 * Creates the test PKI in `dir` (or returns the one already there).
 * @param {string} dir
 * @param {{ ocspUrl?: string, crlUrl?: string }} [options]
 */
export async function makeTestPki(dir, options = {}) {
  const cache = join(dir, 'pki.json');
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8'));
  const ocspUrl = options.ocspUrl ?? 'http://127.0.0.1:18190/';
  const crlUrl = options.crlUrl ?? 'http://127.0.0.1:18191/ca.crl';
  mkdirSync(join(dir, 'newcerts'), { recursive: true });
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  writeFileSync(join(dir, 'crlnumber'), '1000\n');
  writeFileSync(join(dir, 'tsa-serial'), '01\n');
  const config = join(dir, 'ca.cnf');
  writeFileSync(config, caConfig(dir, ocspUrl, crlUrl));
  const tsaConfigPath = join(dir, 'tsa.cnf');
  writeFileSync(tsaConfigPath, tsaConfig(dir));

  // Root: self-signed, 20 years.
  genKey(join(dir, 'root.key.pem'), 'rsa');
  openssl([
    'req',
    '-new',
    '-x509',
    '-config',
    config,
    '-utf8',
    '-sha256',
    '-days',
    '7300',
    '-key',
    join(dir, 'root.key.pem'),
    '-subj',
    subj([
      ['C', 'VN'],
      ['O', 'Học bạ số (thử nghiệm)'],
      ['CN', 'Hoc Ba Test Root CA'],
    ]),
    '-extensions',
    'v3_root',
    '-out',
    join(dir, 'root.cert.pem'),
  ]);
  const root = entity(dir, 'root', '/C=VN/O=Học bạ số (thử nghiệm)/CN=Hoc Ba Test Root CA', 'rsa');

  // Issuing CA, signed by the root (openssl ca needs the signing pair at ca.*.pem).
  writeFileSync(join(dir, 'ca.cert.pem'), readFileSync(join(dir, 'root.cert.pem')));
  writeFileSync(join(dir, 'ca.key.pem'), readFileSync(join(dir, 'root.key.pem')));
  const issuing = issue(
    dir,
    config,
    'issuing',
    [
      ['C', 'VN'],
      ['O', 'Học bạ số (thử nghiệm)'],
      ['CN', 'Hoc Ba Test Issuing CA'],
    ],
    'v3_issuing',
    { endDate: '20451231235959Z' },
  );
  writeFileSync(join(dir, 'ca.cert.pem'), issuing.certPem);
  writeFileSync(join(dir, 'ca.key.pem'), issuing.keyPem);
  const ca = { ...issuing, name: 'ca' };

  const person = (cn, cccd, title) => [
    ['C', 'VN'],
    ['L', 'Hà Nội'],
    ['O', SCHOOL],
    ['title', title],
    ['CN', cn],
    ['UID', `CCCD:${cccd}`],
  ];
  const signers = {
    gvcn: issue(
      dir,
      config,
      'gvcn',
      person('Nguyễn Thị Lan', '001190012345', 'Giáo viên chủ nhiệm'),
      'v3_signer',
    ),
    principal: issue(
      dir,
      config,
      'principal',
      person('Trần Văn Minh', '001080067890', 'Hiệu trưởng'),
      'v3_signer',
    ),
    seal: issue(
      dir,
      config,
      'seal',
      [
        ['C', 'VN'],
        ['L', 'Hà Nội'],
        ['O', SCHOOL],
        ['CN', SCHOOL],
        ['UID', 'MST:0101234567'],
      ],
      'v3_signer',
    ),
    ecdsa: issue(dir, config, 'ecdsa', person('Lê Thị Hoa', '001185054321', 'Hiệu trưởng'), 'v3_signer', {
      keyType: 'ec',
    }),
    expired: issue(
      dir,
      config,
      'expired',
      person('Phạm Quốc Huy', '001175011111', 'Hiệu trưởng'),
      'v3_signer',
      {
        startDate: '20200101000000Z',
        endDate: '20210101000000Z',
      },
    ),
    noSigningUsage: issue(
      dir,
      config,
      'no-signing-usage',
      person('Đỗ Thị Mai', '001192022222', 'Giáo viên chủ nhiệm'),
      'v3_no_signing',
    ),
    revoked: issue(dir, config, 'revoked', person('Vũ Văn Nam', '001170033333', 'Hiệu trưởng'), 'v3_signer'),
  };
  openssl([
    'ca',
    '-batch',
    '-config',
    config,
    '-revoke',
    signers.revoked.certPath,
    '-crl_reason',
    'keyCompromise',
  ]);
  const tsa = issue(
    dir,
    config,
    'tsa',
    [
      ['C', 'VN'],
      ['O', 'Học bạ số (thử nghiệm)'],
      ['CN', 'Hoc Ba Test TSA'],
    ],
    'v3_tsa',
  );
  const ocsp = issue(
    dir,
    config,
    'ocsp',
    [
      ['C', 'VN'],
      ['O', 'Học bạ số (thử nghiệm)'],
      ['CN', 'Hoc Ba Test OCSP Responder'],
    ],
    'v3_ocsp',
  );
  const crl = { pemPath: join(dir, 'ca.crl.pem'), derPath: join(dir, 'ca.crl.der') };
  openssl(['ca', '-batch', '-config', config, '-gencrl', '-out', crl.pemPath]);
  openssl(['crl', '-in', crl.pemPath, '-outform', 'DER', '-out', crl.derPath]);

  const pki = {
    dir,
    ocspUrl,
    crlUrl,
    root,
    ca,
    signers,
    tsa,
    ocsp,
    crl,
    caIndexPath: join(dir, 'index.txt'),
    caConfigPath: config,
    tsaConfigPath,
  };
  writeFileSync(cache, JSON.stringify(pki, null, 2));
  return pki;
}
