import { render } from 'preact';
import '../../ui/base.css';
import './verify.css';
import { t } from '../../ui/i18n.js';
import { VerifyPage } from './VerifyPage.js';

document.title = t('verify_title');
document.documentElement.lang = t('lang');
render(<VerifyPage />, document.getElementById('app') as HTMLElement);
