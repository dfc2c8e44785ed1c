/** Types for index.mjs (the test PKI made with openssl). */
export interface TestEntity {
  name: string;
  subject: string;
  keyType: 'rsa' | 'ec';
  certPath: string;
  certDerPath: string;
  /** PKCS#8 PEM */
  keyPath: string;
  certPem: string;
  keyPem: string;
  certDerBase64: string;
}

export interface TestPki {
  dir: string;
  ocspUrl: string;
  crlUrl: string;
  root: TestEntity;
  ca: TestEntity;
  signers: {
    gvcn: TestEntity;
    principal: TestEntity;
    seal: TestEntity;
    ecdsa: TestEntity;
    expired: TestEntity;
    noSigningUsage: TestEntity;
    revoked: TestEntity;
  };
  tsa: TestEntity;
  ocsp: TestEntity;
  crl: { pemPath: string; derPath: string };
  caIndexPath: string;
  caConfigPath: string;
  tsaConfigPath: string;
}

export function makeTestPki(dir: string, options?: { ocspUrl?: string; crlUrl?: string }): Promise<TestPki>;
