/** While the companion signs: how many are signed, and a way to stop. */
import { t, tn } from '../../ui/i18n.js';

export function SignProgress(props: { done: number; toSign: number; onCancel: () => void }) {
  return (
    <section class="card" data-hocba="progress">
      <p>{tn('sign_progress', props.toSign, [String(props.done), String(props.toSign)])}</p>
      <progress max={props.toSign} value={props.done} />
      <p>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t('sign_cancel')}
        </button>
      </p>
    </section>
  );
}
