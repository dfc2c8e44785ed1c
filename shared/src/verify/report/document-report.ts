/**
 * The verification report's shape: explicit statuses in the spirit of ETSI EN 319 102-1, per
 * signature and for the whole document.
 */
import type { Bilingual } from '../../errors/index.js';
import type { SignatureRole } from '../../roles/index.js';
import type { ByteRangeProblem } from '../document/signatures.js';
import type { ModificationReport } from '../modifications/index.js';
import type { TrustStatus } from '../path/index.js';
import type { RecordReport } from '../record/index.js';
import type { VerdictLevel } from './verdict-level.js';

export type Indication = 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE';

/** ETSI EN 319 102-1 sub-indications, plus MODIFIED_AFTER_SIGNING for PDF incremental updates. */
export type SubIndication =
  | 'FORMAT_FAILURE'
  | 'HASH_FAILURE'
  | 'SIG_CRYPTO_FAILURE'
  | 'REVOKED'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'CHAIN_CONSTRAINTS_FAILURE'
  | 'NO_CERTIFICATE_CHAIN_FOUND'
  | 'NO_SIGNING_CERTIFICATE_FOUND'
  | 'CRYPTO_CONSTRAINTS_FAILURE'
  | 'TRY_LATER'
  | 'MODIFIED_AFTER_SIGNING';

export type Integrity = 'INTACT' | 'ALTERED' | 'MALFORMED';
export type TimeSource = 'TIMESTAMP' | 'CLAIMED_CMS' | 'CLAIMED_PDF' | 'NONE';
export type IdType = 'CCCD' | 'CMND' | 'MST' | 'MNS' | 'OTHER';

export interface SignerInWords {
  name: string;
  organization: string | null;
  title: string | null;
  /** The organisational unit (OU), when the certificate has one. */
  unit?: string | null;
  /** The UID value as printed, e.g. `CCCD:001190012345`. */
  id: string | null;
  idType: IdType | null;
  subject: string;
  issuer: string;
  serialNumber: string;
  validFrom: string;
  validTo: string;
}

/**
 * A signer's role from its two sources, named as CAdES and pyHanko name signer attributes:
 * "claimed" (the signature field's name: nobody vouches for it) and "certified" (the
 * certificate's subject, vouched for by the CA).
 */
export interface RoleEvidence {
  /** The role the signature field's name claims. */
  claimed: SignatureRole | null;
  /** The role the certificate's subject names (null when it names none, or says nothing). */
  certified: SignatureRole | null;
  /** Which part of the certificate speaks: its title, an organisational unit, an organisation's tax code. */
  certifiedBy: 'TITLE' | 'UNIT' | 'ORGANISATION_ID' | null;
  /** The certificate's own words (title, OU or UID), shown to the reader. */
  certificateSays: string | null;
  /**
   * MATCH: both name the role; MISMATCH: the certificate says something else (a warning);
   * CLAIMED_ONLY: the certificate has no title (today's behaviour: the field's role, marked
   * as such); CERTIFIED_ONLY: a field of another product, the role from the certificate;
   * DELEGATED: a deputy in the principal's field, as the signed record declares (KT.).
   */
  agreement: 'MATCH' | 'MISMATCH' | 'DELEGATED' | 'CLAIMED_ONLY' | 'CERTIFIED_ONLY' | 'NONE';
}

export interface SignatureReport {
  /** Fully qualified AcroForm field name. */
  field: string;
  kind: 'SIGNATURE' | 'DOCUMENT_TIMESTAMP';
  /**
   * The role shown: the field's claim when the certificate agrees or says nothing of roles,
   * the certificate's role when they disagree (null when its title names none).
   */
  role: SignatureRole | null;
  /** Where `role` comes from; `roleEvidence` says whether the other source agrees. */
  roleSource: 'FIELD' | 'CERTIFICATE' | null;
  /** Added: the claimed role (the field) and the certified one (the certificate), side by side. */
  roleEvidence?: RoleEvidence;
  signer: SignerInWords | null;
  /** ISO 8601 UTC. */
  signedAt: string | null;
  timeSource: TimeSource;
  timestamp: {
    time: string;
    tsa: string | null;
    status: Integrity;
    trust: TrustStatus | null;
    /** The TSA certificate's end of validity: after it, only a later archive time-stamp keeps the proof. */
    tsaValidTo?: string | null;
  } | null;
  /** /Reason, /Location from the signature dictionary, when present. */
  reason: string | null;
  location: string | null;
  integrity: {
    status: Integrity;
    byteRange: 'OK' | ByteRangeProblem;
    digestAlgorithm: string | null;
    signatureAlgorithm: string | null;
    signingCertificateBinding: 'MATCH' | 'MISMATCH' | 'ABSENT' | null;
    detail: string | null;
    /** The signer's certificate is here but the signature names it wrongly (cms signerMisnamed). */
    signerMisnamed?: true;
  };
  trust: {
    status: TrustStatus | null;
    anchor: string | null;
    /** The anchor came with the product (national roots) or was added on this computer. */
    anchorSource?: 'BUNDLED' | 'ADDED' | null;
    chain: string[];
    revocation: 'GOOD' | 'REVOKED' | 'UNKNOWN';
    revocationSource: 'CRL' | 'OCSP' | null;
    detail: string | null;
  };
  modifications: ModificationReport;
  /** True when the signed revision is the whole file. */
  coversWholeDocument: boolean;
  status: Indication;
  subIndication: SubIndication | null;
  message: Bilingual;
}

export type Verdict = 'valid' | 'invalid' | 'indeterminate';

export interface Problem {
  code: string;
  message: Bilingual;
}

export interface DocumentReport {
  verdict: Verdict;
  /** Four levels for the reader (added; `verdict` keeps its meaning): see verdict.ts. */
  level?: VerdictLevel;
  /** Why a valid file is only "valid with warnings". */
  warnings?: Problem[];
  /** The verification time (ISO 8601): now, or the time asked for (`hocba verify --at`). */
  verifiedAt?: string;
  /** One sentence, Vietnamese first. */
  reason: Bilingual;
  signatures: SignatureReport[];
  /** Something was appended after the last signature (allowed or not). */
  modifiedAfterSigning: boolean;
  problems: Problem[];
  size: number;
  revisions: number;
  /** Our record JSON embedded in the PDF, validated and checked (null when there is none). */
  record: RecordReport | null;
}
