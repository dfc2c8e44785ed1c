/**
 * The five extension calls the content script makes, promise-based in both browsers, without
 * webextension-polyfill: the polyfill is 9.6 KB of a script that runs on every portal page
 * and may weigh 60 KB in all (docs/performance.md). Firefox's `browser` already is this API;
 * Chromium's MV3 `chrome` returns promises for these calls too, and only a runtime.onMessage
 * listener's answer has to go through `sendResponse`. Every other part of the extension
 * (service worker, pages) keeps the polyfill.
 */

type Listener = (message: unknown) => Promise<unknown> | undefined;

interface NativeApi {
  runtime: {
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: {
      addListener(
        listener: (message: unknown, sender: unknown, sendResponse: (answer: unknown) => void) => unknown,
      ): void;
    };
  };
  i18n: { getMessage(key: string, substitutions?: string | string[]): string; getUILanguage(): string };
  storage: { managed: { get(keys: string[]): Promise<Record<string, unknown>> } };
}

const scope = globalThis as { browser?: unknown; chrome?: unknown };

/**
 * The real API, not a page element of that id or name (`<div id="browser">` is
 * `globalThis.browser` in Chromium's content-script world too), nor a cross-origin frame's
 * window, whose properties throw.
 */
function api(candidate: unknown): NativeApi | undefined {
  try {
    const runtime = (candidate as NativeApi | undefined)?.runtime;
    return typeof runtime?.sendMessage === 'function' ? (candidate as NativeApi) : undefined;
  } catch {
    return undefined;
  }
}

/** Firefox: `browser` (promises, listeners may answer with one). Chromium: `chrome`. */
const firefox = api(scope.browser);
const native = (firefox ?? scope.chrome) as NativeApi;

/** Chromium rejects a message nobody answered; the polyfill (and Firefox) resolve it with undefined. */
const NO_ANSWER = /message port closed|Receiving end does not exist/;

export const extensionApi = {
  runtime: {
    sendMessage(message: unknown): Promise<unknown> {
      return native.runtime.sendMessage(message).catch((error: unknown) => {
        if (NO_ANSWER.test(String(error))) return undefined;
        throw error;
      });
    },
    onMessage: {
      /** `listener` answers with a promise, or undefined when the message is not for it. */
      addListener(listener: Listener): void {
        if (firefox) {
          firefox.runtime.onMessage.addListener((message) => listener(message));
          return;
        }
        native.runtime.onMessage.addListener((message, _sender, sendResponse) => {
          const answer = listener(message);
          if (answer === undefined) return false;
          answer.then(sendResponse, () => sendResponse(undefined));
          return true; // the answer comes later
        });
      },
    },
  },
  i18n: {
    getMessage: (key: string, substitutions?: string | string[]) =>
      native.i18n.getMessage(key, substitutions),
    getUILanguage: () => native.i18n.getUILanguage(),
  },
  storage: {
    managed: {
      get: (keys: string[]): Promise<Record<string, unknown>> => native.storage.managed.get(keys),
    },
  },
};
