/**
 * The explorer's "dis text" tab: what the version's own `dis.dis()` prints for the code shown (the core's formatter,
 * identical to CPython's text), a note of the listing options that version's `dis` lacks, and a Copy button.
 */
import { BytescopeError, disassembleToText, getVersion, type PycFile } from '@bytescope/core';
import type { ListingOptions } from './listing.js';

/** The tab's elements (index.html). */
export interface TextViewElements {
  /** The tab's pane (`#text-view`): nothing is rendered while it is hidden. */
  readonly view: HTMLElement;
  readonly output: HTMLElement;
  readonly note: HTMLElement;
  readonly copy: HTMLButtonElement;
}

/** The tab. */
export interface TextView {
  /** Shows the text of `pyc` with the options of `opts` that its version's `dis` has (when the tab is shown). */
  render(pyc: PycFile | undefined, opts: ListingOptions): void;
}

/** Sets up the tab (its Copy button) and returns it. */
export function createTextView(els: TextViewElements): TextView {
  const { view, output, note, copy } = els;
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(output.textContent ?? '');
      copy.textContent = 'Copied';
    } catch {
      const range = document.createRange();
      range.selectNodeContents(output);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    }
    setTimeout(() => { copy.textContent = 'Copy'; }, 1500);
  });
  return {
    render(pyc, opts) {
      if (!pyc || view.hidden) return;
      const v = getVersion(pyc.version);
      if (!v) { output.textContent = ''; return; }
      const has = v.features.options;
      const o = { showCaches: opts.showCaches && has.showCaches, showOffsets: opts.showOffsets && has.showOffsets, showPositions: opts.showPositions && has.showPositions };
      const ignored = [
        opts.showCaches && !has.showCaches ? 'caches (3.11+)' : '',
        opts.showOffsets && !has.showOffsets ? 'offsets (dis always shows them before 3.13)' : '',
        opts.showPositions && !has.showPositions ? 'positions (3.14+)' : '',
      ].filter(Boolean);
      note.textContent = `What CPython ${v.table.data.fullVersion}'s dis.dis() prints` + (ignored.length ? `; this dis has no option for ${ignored.join(', ')}` : '') + '.';
      try {
        output.textContent = disassembleToText(pyc.code, v, o);
      } catch (e) {
        output.textContent = e instanceof BytescopeError ? e.message : String(e);
      }
    },
  };
}
