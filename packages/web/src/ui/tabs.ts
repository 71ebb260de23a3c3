/**
 * Tab sets as the WAI-ARIA tabs pattern has them: each `role=tab` names its panel (`aria-controls`), which is a
 * `role=tabpanel` labelled by the tab; only the selected tab is in the tab order (a roving tabindex that follows
 * `aria-selected`, whoever sets it); ←/→ move to the previous/next tab (wrapping), Home/End to the first/last, and
 * select it (automatic activation: the tab is clicked, so its own handler shows the panel).
 */

/** The tabs of a tab list, in order. */
function tabsOf(list: HTMLElement): HTMLElement[] {
  return [...list.querySelectorAll<HTMLElement>('[role=tab]')].filter((t) => !t.hidden);
}

/** Makes the panel that `tab` controls (its `aria-controls`) a tabpanel labelled by the tab. */
export function labelPanel(tab: HTMLElement): void {
  const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
  if (!panel) return;
  panel.setAttribute('role', 'tabpanel');
  panel.setAttribute('aria-labelledby', tab.id);
}

/** Sets up `list` (a `role=tablist`) as described above; the tabs' own click handlers do the switching. */
export function initTabList(list: HTMLElement): void {
  const sync = () => {
    const tabs = tabsOf(list);
    const selected = tabs.find((t) => t.getAttribute('aria-selected') === 'true') ?? tabs[0];
    for (const t of tabs) {
      t.tabIndex = t === selected ? 0 : -1;
      labelPanel(t);
    }
  };
  sync();
  new MutationObserver(sync).observe(list, { subtree: true, attributes: true, attributeFilter: ['aria-selected', 'aria-controls', 'hidden'] });
  list.addEventListener('keydown', (e) => {
    const tabs = tabsOf(list);
    const i = tabs.indexOf(e.target as HTMLElement);
    if (i < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const n = tabs.length;
    const to = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i - 1 + n) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    const t = tabs[to]!;
    t.focus();
    if (t.getAttribute('aria-selected') !== 'true') t.click();
  });
}
