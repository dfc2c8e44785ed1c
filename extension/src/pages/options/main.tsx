import { render } from 'preact';
import '../../ui/base.css';
import { t } from '../../ui/i18n.js';
import { OptionsPage } from './OptionsPage.js';

document.title = t('options_title');
document.documentElement.lang = t('lang');
render(<OptionsPage />, document.getElementById('app') as HTMLElement);
