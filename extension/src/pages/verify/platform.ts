/**
 * What differs between the verify page inside the extension and the standalone file a
 * school opens from disk. Everything else (components, ZIP reading, the report) is shared.
 */
export interface VerifyPlatform {
  /** 'extension': admin anchors from policy/settings; 'standalone': roots loaded for this session. */
  kind: 'extension' | 'standalone';
  /** Anchors on top of the bundled Vietnamese roots (PEM text). */
  extraAnchors(): Promise<string[]>;
  /**
   * Only the standalone file: the reader loads a root certificate for this session (it has
   * no settings page and no policy). Absent inside the extension, where IT adds roots in settings.
   */
  addSessionAnchor?(pem: string): void;
  /**
   * Only the extension: a file a portal page handed over ("Xác minh" beside an attachment),
   * verified on opening like a dropped file. Its name says which page it came from.
   */
  handedFiles?(): Promise<File[]>;
}
