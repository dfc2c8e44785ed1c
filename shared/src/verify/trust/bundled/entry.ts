/** One certificate the verifier ships: its file in shared/trust, its role, the PEM text. */
export interface BundledCertificate {
  file: string;
  role: 'anchor' | 'intermediate';
  pem: string;
}
