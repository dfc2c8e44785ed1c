/**
 * What the portal answered when the signed files were handed back to it (through the portal
 * tab's adapter upload). The sign window says "sent to the portal" only from this answer.
 */
export interface UploadAnswer {
  /** The tab took the files back (it still holds the session's documents). */
  delivered: boolean;
  uploaded: number;
  refused: { name: string; detail: string }[];
}

export function isUploadAnswer(value: unknown): value is UploadAnswer {
  const v = value as Partial<UploadAnswer> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.delivered === 'boolean' &&
    typeof v.uploaded === 'number' &&
    Array.isArray(v.refused)
  );
}

/** Upload outcomes counted, as the sign window reports them. */
export function uploadSummary(
  outcomes: readonly { status: string; name: string; detail: string }[],
): UploadAnswer {
  return {
    delivered: true,
    uploaded: outcomes.filter((o) => o.status === 'uploaded').length,
    refused: outcomes
      .filter((o) => o.status !== 'uploaded')
      .map((o) => ({ name: o.name.slice(0, 200), detail: o.detail.slice(0, 300) })),
  };
}
