/** How the form writes dates and levels. */

/** "2025-05-31" as the form writes it: 31/05/2025. */
export function viDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** A level as written in a table cell: the level, or a dash where there is none. */
export const levelText = (level: string | null) => (level ? `${level}` : '—');
