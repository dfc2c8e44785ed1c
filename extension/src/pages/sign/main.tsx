import { render } from 'preact';
import '../../ui/base.css';
import './sign.css';
import { t } from '../../ui/i18n.js';
import { SignPage } from './SignPage.js';

document.title = t('sign_title');
document.documentElement.lang = t('lang');
const sessionId = new URLSearchParams(location.search).get('session') ?? '';
render(<SignPage sessionId={sessionId} />, document.getElementById('app') as HTMLElement);
