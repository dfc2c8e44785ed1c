/**
 * "Where the extension works": the vendors' portals it reads out of the box, the portals IT
 * configured (each active, or waiting for the one-time permission this button asks for),
 * and other sites the user allowed. What is listed here is exactly what it may read.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import {
  managedPortals,
  type PortalReach,
  portalReach,
  syncPortalScripts,
} from '../../background/portal-scripts.js';
import { BUILD_KIND } from '../../reach/build-kind.js';
import { originPattern } from '../../reach/managed-portals.js';
import {
  contentScriptPatterns,
  LOOPBACK_DEMO_PATTERNS,
  OPTIONAL_HOST_PATTERNS,
  VENDOR_HOST_PATTERNS,
  VENDOR_PORTALS,
} from '../../reach/vendor-portals.js';
import { t } from '../../ui/i18n.js';

/** The demo portals on loopback, where this build reads them: none in a release build. */
const DEMO_PATTERNS = contentScriptPatterns(BUILD_KIND).filter((p) => LOOPBACK_DEMO_PATTERNS.includes(p));

export function ReachSection() {
  const [reach, setReach] = useState<PortalReach[] | null>(null);
  const [granted, setGranted] = useState<string[]>([]);

  async function refresh() {
    setReach(await portalReach(await managedPortals()));
    const all = await browser.permissions.getAll();
    setGranted(
      (all.origins ?? []).filter(
        (o) =>
          !VENDOR_HOST_PATTERNS.includes(o) &&
          !OPTIONAL_HOST_PATTERNS.includes(o) &&
          !LOOPBACK_DEMO_PATTERNS.includes(o),
      ),
    );
  }

  useEffect(() => {
    void refresh();
  }, []);

  async function grant(origin: string) {
    // Asked from this click (a user gesture on the extension's own page), once per portal.
    const ok = await browser.permissions.request({ origins: [originPattern(origin)] }).catch(() => false);
    if (ok) await syncPortalScripts().catch(() => undefined);
    await refresh();
  }

  return (
    <section class="card" data-hocba="reach">
      <h2>{t('options_reach')}</h2>
      <p>{t('options_reach_vendors')}</p>
      <ul data-hocba="reach-vendors">
        {VENDOR_PORTALS.map((v) => (
          <li key={v.vendor}>
            <strong>{v.vendor}</strong> <code>{v.patterns.join(', ')}</code>
          </li>
        ))}
      </ul>
      {DEMO_PATTERNS.length > 0 ? (
        <p class="muted" data-hocba="reach-demo">
          {t('options_reach_demo')} <code>{DEMO_PATTERNS.join(', ')}</code>
        </p>
      ) : null}
      <p>{t('options_reach_managed')}</p>
      {reach && reach.length === 0 ? <p class="muted">{t('options_reach_managed_none')}</p> : null}
      <ul data-hocba="reach-managed">
        {(reach ?? []).map(({ portal, active }) => (
          <li key={portal.origin} data-origin={portal.origin} data-active={String(active)}>
            <strong>{portal.name}</strong> <code>{portal.origin}</code>
            {portal.adapter ? <span class="muted"> · {portal.adapter}</span> : null} —{' '}
            {active ? (
              <span class="badge ok">{t('options_reach_active')}</span>
            ) : (
              <>
                <span class="badge bad">{t('options_reach_needs_grant')}</span>{' '}
                <button type="button" class="secondary" onClick={() => void grant(portal.origin)}>
                  {t('options_reach_grant')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {granted.length > 0 ? (
        <>
          <p>{t('options_reach_granted')}</p>
          <ul data-hocba="reach-granted">
            {granted.map((o) => (
              <li key={o}>
                <code>{o}</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p class="muted">{t('options_reach_once')}</p>
    </section>
  );
}
