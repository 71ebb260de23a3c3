/**
 * Files in the explorer: the user opens one with a button or drops one anywhere on the page. A `.pyc`'s header is
 * shown in the source pane and its listing needs no runtime; a `.py` goes into the editor. What is done with either
 * is the page's (main.ts).
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
export interface FileInputElements {
  readonly button: HTMLElement;
  readonly input: HTMLInputElement;
  readonly overlay: HTMLElement;
}

/** What to do with a file's bytes and name: a `.pyc` to list, or Python source (`.py`, `.pyw`) for the editor. */
export interface FileHandlers {
  pyc(bytes: Uint8Array, name: string): void;
  source(bytes: Uint8Array, name: string): void;
}

/** Python source by its name; anything else is read as a `.pyc` (whose reader says what it is not). */
export function isSourceName(name: string): boolean {
  return /\.pyw?$/i.test(name);
}

/** Hands every file the user picks through `button` or drops on the page to the handler its name calls for. */
export function acceptFiles(els: FileInputElements, handlers: FileHandlers): void {
  const { button, input, overlay } = els;
  const openFile = async (file: File) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (isSourceName(file.name)) handlers.source(bytes, file.name); else handlers.pyc(bytes, file.name);
  };
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
