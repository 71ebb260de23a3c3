/** Syntax colours for the editor, light and dark (our own palettes). */
import { HighlightStyle } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

export const lightHighlight = HighlightStyle.define([
  { tag: t.keyword, color: '#7c3aed' },
  { tag: [t.string, t.special(t.string)], color: '#0f766e' },
  { tag: [t.number, t.bool, t.null], color: '#b45309' },
  { tag: t.comment, color: '#6b7280', fontStyle: 'italic' },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: '#1d4ed8' },
  { tag: t.definition(t.variableName), color: '#0369a1' },
  { tag: t.className, color: '#9d174d' },
  { tag: t.operator, color: '#374151' },
]);

export const oneDarkHighlightStyle = HighlightStyle.define([
  { tag: t.keyword, color: '#c4a7ff' },
  { tag: [t.string, t.special(t.string)], color: '#7dd3c0' },
  { tag: [t.number, t.bool, t.null], color: '#f5b971' },
  { tag: t.comment, color: '#8b949e', fontStyle: 'italic' },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: '#8cb8ff' },
  { tag: t.definition(t.variableName), color: '#7cc7ff' },
  { tag: t.className, color: '#f39ac7' },
  { tag: t.operator, color: '#d1d5db' },
]);
