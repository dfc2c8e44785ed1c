/**
 * Marks over the portal's cells, drawn in our own layer: a closed shadow root on top of the
 * page holding one box per marked cell. The portal's DOM is never written to (its `title`
 * may be the teacher's comment, its styles its own), so a check reads the same cells the
 * same way every time, and page script can neither read our marks back nor fake them.
 */
import { ownElements } from './defence-contract.js';

export type MarkKind = 'error' | 'warning' | 'unsaved';

export interface Mark {
  cell: HTMLElement;
  kind: MarkKind;
  /** Short text shown on the box (e.g. "chưa lưu"); findings are listed in the toolbar. */
  label?: string;
  /** Rule codes of the findings at this cell. */
  rules?: string[];
}

const COLORS: Record<MarkKind, { line: string; fill: string }> = {
  error: { line: '#d93025', fill: 'rgba(217,48,37,.12)' },
  warning: { line: '#e37400', fill: 'rgba(227,116,0,.12)' },
  unsaved: { line: '#6b21a8', fill: 'rgba(107,33,168,.10)' },
};

const CSS = `
:host { all: initial; position: fixed; inset: 0; pointer-events: none; z-index: 2147483646; }
.box { position: fixed; box-sizing: border-box; border: 2px solid; border-radius: 2px; }
.box[data-kind="unsaved"] { border-style: dashed; }
.tag { position: absolute; left: -2px; top: -16px; font: 600 10px/14px 'Segoe UI', 'Noto Sans', 'DejaVu Sans', Arial, sans-serif;
  color: #fff; padding: 0 4px; border-radius: 3px 3px 0 0; white-space: nowrap; }
`;

export class MarkOverlay {
  private readonly host = document.createElement('div');
  private readonly layer: HTMLDivElement;
  private marks: { mark: Mark; box: HTMLDivElement }[] = [];
  private frame = 0;

  constructor() {
    this.host.setAttribute('data-hocba-overlay', '');
    ownElements().add(this.host);
    const root = this.host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = CSS;
    this.layer = document.createElement('div');
    this.layer.setAttribute('role', 'group');
    this.layer.setAttribute('aria-label', 'Học bạ số: ô được đánh dấu');
    root.append(style, this.layer);
    const schedule = () => {
      if (this.frame || this.marks.length === 0) return;
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.place();
      });
    };
    // Scrolls of any container (the portal's table scrolls on its own) and resizes move cells.
    addEventListener('scroll', schedule, { capture: true, passive: true });
    addEventListener('resize', schedule, { passive: true });
    // So do changes of layout: our toolbar opening above the table, the portal's own updates.
    new ResizeObserver(schedule).observe(document.body ?? document.documentElement);
    this.schedule = schedule;
  }

  private readonly schedule: () => void;

  /** Replaces every mark with these (an empty list clears them). */
  show(marks: readonly Mark[]): void {
    if (!this.host.isConnected) document.documentElement.append(this.host);
    this.layer.replaceChildren();
    this.marks = marks.map((mark) => {
      const box = document.createElement('div');
      box.className = 'box';
      box.dataset.kind = mark.kind;
      box.setAttribute('role', 'note');
      box.setAttribute('aria-label', mark.label ?? mark.kind);
      if (mark.rules) box.dataset.rules = mark.rules.join(' ');
      const c = COLORS[mark.kind];
      box.style.borderColor = c.line;
      box.style.background = c.fill;
      if (mark.label) {
        const tag = document.createElement('span');
        tag.className = 'tag';
        tag.style.background = c.line;
        tag.textContent = mark.label;
        box.append(tag);
      }
      this.layer.append(box);
      return { mark, box };
    });
    this.place();
    // Again once the toolbar has drawn the findings (which moves the table down).
    this.schedule();
  }

  /** How many cells carry a mark of this kind (for the toolbar's own figures and the tests). */
  count(kind: MarkKind): number {
    return this.marks.filter((m) => m.mark.kind === kind).length;
  }

  private place(): void {
    for (const { mark, box } of this.marks) {
      const r = mark.cell.getBoundingClientRect();
      const visible = mark.cell.isConnected && r.width > 0 && r.height > 0;
      box.style.display = visible ? 'block' : 'none';
      if (!visible) continue;
      box.style.left = `${r.left}px`;
      box.style.top = `${r.top}px`;
      box.style.width = `${r.width}px`;
      box.style.height = `${r.height}px`;
    }
  }
}
