import { render } from 'preact';
import '../../ui/base.css';
import './verify.css';
import '../../ui/i18n.js';
import { bundledMessages } from '../../ui/bundled-messages.js';
import { setMessageSource, t } from '../../ui/messages.js';
import { extensionPlatform } from './extension-platform.js';
import { VerifyPage } from './VerifyPage.js';

// Vietnamese whatever the browser's language; the page has an explicit switch to English.
setMessageSource(bundledMessages('vi'));
document.title = t('verify_title');
document.documentElement.lang = t('lang');
render(<VerifyPage platform={extensionPlatform} />, document.getElementById('app') as HTMLElement);
