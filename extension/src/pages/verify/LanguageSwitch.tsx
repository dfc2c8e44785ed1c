import { bundledMessages } from '../../ui/bundled-messages.js';
import { type Language, setMessageSource, t, uiLanguage } from '../../ui/messages.js';

/** Vietnamese by default, whatever the browser's language; English only when asked for. */
export function LanguageSwitch({ onChange }: { onChange: (language: Language) => void }) {
  const next: Language = uiLanguage() === 'vi' ? 'en' : 'vi';
  return (
    <button
      type="button"
      class="language-switch no-print"
      data-hocba="language-switch"
      lang={next}
      title={t('verify_language_switch_title')}
      onClick={() => {
        setMessageSource(bundledMessages(next));
        document.documentElement.lang = next;
        document.title = t('verify_title');
        onChange(next);
      }}
    >
      {t('verify_language_switch')}
    </button>
  );
}
