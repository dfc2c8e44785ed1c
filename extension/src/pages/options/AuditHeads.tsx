/**
 * The companion's signed audit heads the extension kept (companion/audit-heads.ts), and a
 * download of them for `hocba audit verify --head FILE.json` on the school PC: the copy
 * that shows a log cut or wiped there (docs/audit.md).
 */
import { useEffect, useState } from 'preact/hooks';
import { keptAuditHeads } from '../../companion/audit-heads.js';
import { t } from '../../ui/messages.js';

/** `command`: hocba as typed on this PC (hocba.cmd on Windows). */
export function AuditHeadsSection({ command }: { command: string }) {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    void keptAuditHeads().then((heads) => setCount(heads.length));
  }, []);

  async function download() {
    const heads = await keptAuditHeads();
    const url = URL.createObjectURL(new Blob([JSON.stringify(heads, null, 1)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'hocba-audit-heads.json';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  return (
    <section class="card" data-hocba="audit-heads">
      <h2>{t('options_audit_heads')}</h2>
      <p class="muted">{t('options_audit_heads_lead', [String(count ?? 0), command])}</p>
      <button type="button" class="secondary" disabled={!count} onClick={() => void download()}>
        {t('options_audit_heads_download')}
      </button>
    </section>
  );
}
