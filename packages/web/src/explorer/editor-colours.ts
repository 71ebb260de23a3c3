/** Syntax colours for the editor, light and dark (our own palettes). */
import { HighlightStyle } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

/** A palette: the colour of each kind of token. */
interface Palette {
  keyword: string;
  string: string;
  literal: string;
  comment: string;
  call: string;
  definition: string;
  className: string;
  operator: string;
}

function highlightStyle(c: Palette): HighlightStyle {
  return HighlightStyle.define([
    { tag: t.keyword, color: c.keyword },
    { tag: [t.string, t.special(t.string)], color: c.string },
    { tag: [t.number, t.bool, t.null], color: c.literal },
    { tag: t.comment, color: c.comment, fontStyle: 'italic' },
    { tag: [t.function(t.variableName), t.function(t.propertyName)], color: c.call },
    { tag: t.definition(t.variableName), color: c.definition },
    { tag: t.className, color: c.className },
    { tag: t.operator, color: c.operator },
  ]);
}

/** The light theme's syntax colours. */
export const lightHighlight = highlightStyle({
  keyword: '#7c3aed', string: '#0f766e', literal: '#b45309', comment: '#6b7280',
  call: '#1d4ed8', definition: '#0369a1', className: '#9d174d', operator: '#374151',
});

/** The dark theme's syntax colours. */
export const oneDarkHighlightStyle = highlightStyle({
  keyword: '#c4a7ff', string: '#7dd3c0', literal: '#f5b971', comment: '#8b949e',
  call: '#8cb8ff', definition: '#7cc7ff', className: '#f39ac7', operator: '#d1d5db',
});
