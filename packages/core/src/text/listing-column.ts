/** Writing a {@link ListingColumn} into the listing's rows (the layouts call these only when there is one). */
import type { CodeObject } from '../pyc/objects.js';
import type { ListingColumn } from './dis-options.js';
import type { TextWriter } from './writer.js';

/** The column's text before a row (`offset` -1: a cache row, blank), right-aligned to `width`, then a space. */
export function columnBefore(w: TextWriter, col: ListingColumn, width: number, code: CodeObject, offset: number): void {
  const text = offset < 0 ? null : col.before(code, offset);
  if (text === null) w.spaces(width + 1);
  else {
    w.spaces(width - text.length);
    w.str(text);
    w.byte(0x20);
  }
}

/** The column's text after an instruction row, after two spaces. */
export function columnAfter(w: TextWriter, col: ListingColumn, code: CodeObject, offset: number): void {
  const text = col.after(code, offset);
  if (text === null) return;
  w.spaces(2);
  w.str(text);
}
