/**
 * The standalone verify file (dist/verify-standalone/hocba-xac-minh.html): the same page,
 * opened from disk with no extension. Nothing here may touch `browser.*` (the polyfill
 * throws outside an extension): text comes bundled, roots are the bundled ones plus what
 * the reader loads for the session.
 */
import './strict-csp.js';
import { render } from 'preact';
import '../../ui/base.css';
import './verify.css';
import { bundledMessages } from '../../ui/bundled-messages.js';
import { setMessageSource, t } from '../../ui/messages.js';
import { standalonePlatform } from './standalone-platform.js';
import { VerifyPage } from './VerifyPage.js';

// Vietnamese whatever the browser's language; the page has an explicit switch to English.
setMessageSource(bundledMessages('vi'));
document.title = t('verify_title');
document.documentElement.lang = t('lang');
render(<VerifyPage platform={standalonePlatform()} />, document.getElementById('app') as HTMLElement);
