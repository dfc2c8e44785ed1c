import { render } from 'preact';
import '../../ui/base.css';
import './verify.css';
import { t } from '../../ui/i18n.js';
import { extensionPlatform } from './extension-platform.js';
import { VerifyPage } from './VerifyPage.js';

document.title = t('verify_title');
document.documentElement.lang = t('lang');
render(<VerifyPage platform={extensionPlatform} />, document.getElementById('app') as HTMLElement);
