/**
 * Light/dark theme of a page, as the explorer does it: the choice stored in localStorage (`bytescope-theme`),
 * else the system's preference, which is then followed as it changes. Another open Bytescope page that toggles
 * the theme updates this one too.
 */

const KEY = 'bytescope-theme';

function stored(): 'dark' | 'light' | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'dark' || v === 'light' ? v : null;
  } catch {
    return null;
  }
}

function apply(dark: boolean): void {
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

/**
 * Sets the theme now and makes `toggle` (when given) switch it and remember the choice; `onChange` hears every
 * change after this one (an editor that themes itself). Returns whether the theme is dark now.
 */
export function initTheme(toggle: HTMLElement | null, onChange?: (dark: boolean) => void): boolean {
  const media = window.matchMedia?.('(prefers-color-scheme: dark)');
  const current = () => stored() ?? (media?.matches ? 'dark' : 'light');
  const set = (dark: boolean) => { apply(dark); onChange?.(dark); };
  apply(current() === 'dark');
  media?.addEventListener?.('change', () => { if (!stored()) set(current() === 'dark'); });
  window.addEventListener('storage', (e) => { if (e.key === KEY) set(current() === 'dark'); });
  toggle?.addEventListener('click', () => {
    const dark = document.documentElement.dataset.theme !== 'dark';
    set(dark);
    try { localStorage.setItem(KEY, dark ? 'dark' : 'light'); } catch { /* private mode: not remembered */ }
  });
  return current() === 'dark';
}
