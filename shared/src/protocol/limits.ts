/**
 * Size bounds of the companion protocol. Both sides enforce them: the extension before it
 * sends, the companion when it receives (a message over a bound gets a typed error, never
 * a crash or an unbounded allocation).
 */
export const LIMITS = {
  /** Before the pairing proof nothing large is needed: challenge answers and codes are tiny. */
  preAuthMessageBytes: 4 * 1024,
  /** One message after authentication (a batch part with its documents, base64 included). */
  messageBytes: 48 * 1024 * 1024,
  /** Hard cap at the WebSocket layer: above this the socket is closed (code 1009). */
  socketMaxPayloadBytes: 64 * 1024 * 1024,
  /** Documents in one batch (a whole school is about 1,000 records). */
  documentsPerBatch: 1000,
  /** Documents in one `sign` message; a larger batch is sent as several parts. */
  documentsPerMessage: 200,
  /** One portal PDF, decoded. */
  pdfBytes: 10 * 1024 * 1024,
  /** One record, as JSON text. */
  recordJsonBytes: 512 * 1024,
  /** Short strings: names, labels, ids. */
  shortString: 256,
  /** Request ids, batch ids, document ids. */
  idLength: 64,
  /** A PIN: PKCS#11 tokens take 4 to 16 characters in practice; 64 leaves room. */
  pinLength: 64,
  /**
   * Nesting of arrays and objects in one message, counted on the frame's bytes before
   * parsing. A sign message uses 4 levels around a record; real records use fewer than 10.
   */
  messageDepth: 32,
  /** Requests a connection may have in flight at once. */
  inFlightRequests: 8,
} as const;
