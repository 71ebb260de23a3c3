/**
 * The explorer's performance lab (issue #5): a "Lab" tab beside "Listing" and "dis text" with four panels — Run
 * (counts: histogram, listing bars, source heat map), Specialize (base vs adaptive bytecode, 3.11+), Compare
 * (presets or your own snippets, timed side by side) and Hints (static rules over the bytecode). User code runs
 * only in the lab's own Web Worker (workers/lab-worker.ts) with time and step limits; the page stays responsive.
 *
 * explorer/main.ts calls {@link initLab} once with what the lab needs from it; everything else lives in this folder.
 */
import type { LabPresetId } from '@bytescope/python/lab/portable';
import type { LabShareState } from '../explorer/share.js';
import { initTabList } from '../ui/tabs.js';
import { byId, el } from '../ui/dom.js';
import { LabClient, type LabRuntimeState } from './client.js';
import { createComparePanel } from './compare.js';
import { LAB_MAX_TIMEOUT_MS, LabActivity, LabLimit, type LabContext, type LabHost, type LabPanel } from './context.js';
import { createHintsPanel } from './hints.js';
import { createRunPanel } from './run.js';
import { createSpecializePanel } from './specialize.js';
import './style.css';

export type { LabHost } from './context.js';

/** What the explorer asks of the lab: its part of a share link, and restoring it. */
export interface LabHandle {
  /** The Lab tab's state for a link, or undefined when the tab is not shown. */
  shareState(): LabShareState | undefined;
  /** Shows the Lab tab as a link left it. */
  restore(s: LabShareState): void;
  /** Shows the Compare panel with a preset loaded (the tour opens one). */
  openPreset(id: LabPresetId): void;
  /** The lab's runtime (the stepper records its traces in it). */
  readonly client: LabClient;
}

function stateText(s: LabRuntimeState): string {
  switch (s.kind) {
    case 'idle': return 'Code runs in its own CPython, in a Web Worker, stopped at the time limit.';
    case 'loading': return `Loading CPython ${s.version} for the lab…`;
    case 'ready': return `Lab runtime: CPython ${s.fullVersion} (Web Worker; runs are stopped at the time limit).`;
    case 'failed': return `The lab runtime (CPython ${s.version}) failed: ${s.message}`;
  }
}

/** The time-limit field of the status bar (seconds), kept in step with `limit`. */
function limitField(limit: LabLimit): HTMLElement {
  const input = el('input', { attrs: { id: 'lab-limit', type: 'number', min: '0.1', max: String(LAB_MAX_TIMEOUT_MS / 1000), step: '0.5', inputmode: 'decimal', title: 'How long a run may take before the lab stops it (seconds)' } });
  const show = (ms: number) => { input.value = String(ms / 1000); };
  show(limit.ms);
  limit.onChange(show);
  input.addEventListener('change', () => {
    const s = Number(input.value);
    if (Number.isFinite(s) && s > 0) limit.set(s * 1000);
    show(limit.ms);
  });
  return el('label', { cls: 'lab-limit' }, [document.createTextNode('Time limit '), input, document.createTextNode(' s')]);
}

/**
 * Sets up the Lab tab (`#tab-lab`, `#lab-view` in index.html) for the explorer described by `host`. Call once,
 * after the explorer's own listeners are registered.
 */
export function initLab(host: LabHost): LabHandle {
  const tabLab = byId('tab-lab');
  const tabListing = byId('tab-listing');
  const tabText = byId('tab-text');
  const view = byId('lab-view');
  const textView = byId('text-view');
  const pane = view.closest<HTMLElement>('.listing-pane');
  const client = new LabClient();
  const activity = new LabActivity();
  const limit = new LabLimit();

  let compare: ReturnType<typeof createComparePanel> | undefined;
  const ctx: LabContext = {
    host, client, activity, limit,
    dark: () => document.documentElement.dataset.theme === 'dark',
    openPreset: (id: LabPresetId) => { compare?.loadPreset(id); showPanel('compare'); },
    showListing: () => tabListing.click(),
  };
  const run = createRunPanel(ctx);
  compare = createComparePanel(ctx);
  const panels: LabPanel[] = [run, createSpecializePanel(ctx), compare, createHintsPanel(ctx)];

  const nav = el('div', { cls: 'lab-subtabs', attrs: { role: 'tablist', 'aria-label': 'Lab panels' } });
  const buttons = new Map<string, HTMLButtonElement>();
  for (const p of panels) {
    const b = el('button', { text: p.title, attrs: { role: 'tab', id: `lab-tab-${p.id}`, 'aria-selected': String(p === panels[0]), 'aria-controls': p.el.id } });
    b.addEventListener('click', () => showPanel(p.id));
    buttons.set(p.id, b);
    nav.appendChild(b);
    p.el.hidden = true;
  }
  const status = el('span', { cls: 'lab-status', attrs: { id: 'lab-status', role: 'status', 'aria-live': 'polite' } });
  const stop = el('button', { cls: 'lab-stop-button', text: 'Stop', attrs: { id: 'lab-stop', title: 'Stop the lab runtime now (it restarts on the next run)' } });
  stop.hidden = true;
  stop.addEventListener('click', () => client.stop());
  view.replaceChildren(
    el('div', { cls: 'lab-head' }, [nav, stop]),
    el('div', { cls: 'lab-statusbar' }, [status, limitField(limit)]),
    el('div', { cls: 'lab-body' }, panels.map((p) => p.el)),
  );
  initTabList(nav); // once the panels are in the page

  let active: LabPanel = panels[0]!;
  function showPanel(id: LabPanel['id']): void {
    active = panels.find((p) => p.id === id) ?? active;
    for (const p of panels) {
      p.el.hidden = p !== active;
      buttons.get(p.id)?.setAttribute('aria-selected', String(p === active));
    }
    if (view.hidden) showLab();
    else active.refresh?.();
  }

  function showLab(): void {
    for (const t of [tabListing, tabText]) t.setAttribute('aria-selected', 'false');
    tabLab.setAttribute('aria-selected', 'true');
    host.listing.hidden = true;
    textView.hidden = true;
    view.hidden = false;
    pane?.classList.add('lab-active');
    showPanel(active.id);
    void client.warm(host.getVersion());
  }
  function hideLab(): void {
    tabLab.setAttribute('aria-selected', 'false');
    view.hidden = true;
    pane?.classList.remove('lab-active');
  }
  tabLab.addEventListener('click', showLab);
  tabListing.addEventListener('click', hideLab);
  tabText.addEventListener('click', hideLab);
  document.getElementById('tab-graph')?.addEventListener('click', hideLab);
  document.getElementById('tab-step')?.addEventListener('click', hideLab);

  client.onState((s) => {
    status.textContent = stateText(s);
    status.classList.toggle('lab-error', s.kind === 'failed');
  });
  activity.onChange((label) => {
    for (const b of view.querySelectorAll<HTMLButtonElement>('.lab-action')) b.disabled = label !== null;
    stop.hidden = label === null;
    view.classList.toggle('lab-busy', label !== null);
  });

  // The explorer changed: a new listing (data-updates), another version.
  new MutationObserver(() => {
    run.refreshOverlay();
    if (!view.hidden) active.refresh?.();
  }).observe(host.listing, { attributes: true, attributeFilter: ['data-updates'] });
  byId<HTMLSelectElement>('version').addEventListener('change', () => {
    run.refreshOverlay();
    if (!view.hidden) { active.refresh?.(); void client.warm(host.getVersion()); }
    else if (client.state.kind !== 'idle') client.stop();
  });

  return {
    client,
    shareState() {
      if (view.hidden) return undefined;
      return { panel: active.id, ...(active.id === 'compare' && compare?.mode() === 'versions' ? { versions: compare.versions.state() } : {}) };
    },
    openPreset(id) {
      ctx.openPreset(id);
    },
    restore(s) {
      if (s.versions) compare?.versions.setState(s.versions);
      showPanel(s.panel);
      if (s.panel === 'compare' && s.versions) compare?.setMode('versions');
    },
  };
}
