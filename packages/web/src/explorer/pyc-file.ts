/**
 * `.pyc` files in the explorer: the user opens one with a button or drops one anywhere on the page, and its header
 * is shown above the listing. Reading and listing it is the page's (main.ts); no runtime is involved.
 */
import type { PycFile } from '@bytescope/core';
import { el } from '../ui/dom.js';

/** The header of a `.pyc` (file name, version, magic, flags, source mtime/size or hash) as label/value rows. */
export function pycHeaderItems(pyc: PycFile, name: string): HTMLElement[] {
  const h = pyc.header;
  const items: [string, string][] = [['File', name], ['Python', pyc.version + (h?.magic.prerelease ? ' (pre-release magic)' : '')]];
  if (h) {
    items.push(['Magic', `${h.magic.magic}`], ['Flags', `0x${h.flags.toString(16)} (${h.invalidation})`]);
    if (h.mtime !== undefined) items.push(['Source mtime', new Date(h.mtime * 1000).toISOString()]);
    if (h.sourceSize !== undefined) items.push(['Source size', `${h.sourceSize} bytes`]);
    if (h.sourceHash !== undefined) items.push(['Source hash', h.sourceHash]);
  }
  return items.map(([k, v]) => el('div', { cls: 'hdr-item' }, [el('span', { cls: 'hdr-key', text: k }), el('span', { cls: 'hdr-val', text: v })]));
}

/** Where files come from: a button that opens the (hidden) file input, and the overlay shown while dragging. */
export interface PycInputElements {
  readonly button: HTMLElement;
  readonly input: HTMLInputElement;
  readonly overlay: HTMLElement;
}

/** Calls `open` with the bytes and name of every file the user picks through `button` or drops on the page. */
export function acceptPycFiles(els: PycInputElements, open: (bytes: Uint8Array, name: string) => void): void {
  const { button, input, overlay } = els;
  const openFile = async (file: File) => open(new Uint8Array(await file.arrayBuffer()), file.name);
  button.addEventListener('click', () => input.click());
  input.addEventListener('change', () => { const f = input.files?.[0]; if (f) void openFile(f); input.value = ''; });
  window.addEventListener('dragover', (e) => { e.preventDefault(); overlay.hidden = false; });
  window.addEventListener('dragleave', (e) => { if (e.relatedTarget === null) overlay.hidden = true; });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    overlay.hidden = true;
    const f = e.dataTransfer?.files[0];
    if (f) void openFile(f);
  });
}
