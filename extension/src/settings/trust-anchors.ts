/**
 * Trust anchors an admin adds on top of the bundled Vietnamese roots: from managed policy
 * (`trustAnchors`, PEM strings) and from the options page (storage.local `trustAnchors`).
 */
import browser from 'webextension-polyfill';

async function managedAnchors(): Promise<string[]> {
  try {
    const { trustAnchors } = await browser.storage.managed.get('trustAnchors');
    return Array.isArray(trustAnchors) ? trustAnchors.filter((a): a is string => typeof a === 'string') : [];
  } catch {
    // No managed storage (no policy, or Firefox without a policies.json entry).
    return [];
  }
}

export async function adminTrustAnchors(): Promise<string[]> {
  const { trustAnchors } = await browser.storage.local.get('trustAnchors');
  const local = Array.isArray(trustAnchors)
    ? trustAnchors.filter((a): a is string => typeof a === 'string')
    : [];
  return [...(await managedAnchors()), ...local];
}

export async function addLocalTrustAnchor(pem: string): Promise<void> {
  const { trustAnchors } = await browser.storage.local.get('trustAnchors');
  const list = Array.isArray(trustAnchors) ? (trustAnchors as string[]) : [];
  if (!list.includes(pem)) await browser.storage.local.set({ trustAnchors: [...list, pem] });
}
