import { useState } from 'preact/hooks';
import { t, tn } from '../../ui/messages.js';
import { rootCertificatePem } from './root-certificate.js';

/** Standalone file only: the reader loads a school's root for this session. */
export function SessionRoots({ onRoot, count }: { onRoot: (pem: string) => void; count: number }) {
  const [error, setError] = useState(false);
  return (
    <section class="card session-roots no-print" data-hocba="session-roots">
      <h2>{t('verify_root_title')}</h2>
      <p class="muted">{t('verify_root_hint')}</p>
      <input
        type="file"
        accept=".pem,.crt,.cer,application/x-x509-ca-cert"
        data-hocba="root-input"
        onChange={async (e) => {
          const input = e.currentTarget;
          const file = input.files?.[0];
          if (!file) return;
          try {
            onRoot(rootCertificatePem(new Uint8Array(await file.arrayBuffer())));
            setError(false);
          } catch {
            setError(true);
          }
          input.value = '';
        }}
      />
      {count > 0 ? <p data-hocba="root-count">{tn('verify_root_loaded', count, String(count))}</p> : null}
      {error ? <p class="error-text">{t('verify_root_error_ROOT_NOT_CERTIFICATE')}</p> : null}
    </section>
  );
}
