/**
 * What the lab's panels share: the explorer they live in (its editor, listing, source, version, model), the lab
 * runtime, and one activity at a time (the runtime runs one request at a time; its Stop button kills it).
 */
import type { BytescopeJson, PycFile } from '@bytescope/core';
import { LAB_DEFAULT_TIMEOUT_MS, type LabPresetId } from '@bytescope/python/lab/portable';
import type { SourceEditor } from '../explorer/editor.js';
import type { Runtimes } from '../workers/compile-client.js';
import type { LabClient } from './client.js';

/** What the explorer (explorer/main.ts) gives the lab. */
export interface LabHost {
  /** The source editor (the lab adds its heat-map layer to it). */
  readonly editor: SourceEditor;
  /** The listing element (`#listing`), whose rows get count bars. */
  readonly listing: HTMLElement;
  /** The editor's source, or null when a `.pyc` is shown instead (nothing to run then). */
  getSource(): string | null;
  /** The CPython version picked (`3.14`). */
  getVersion(): string;
  /** The JSON model the listing shows, if any. */
  getModel(): BytescopeJson | undefined;
  /** The `.pyc` the listing's model was built from (the analyses decode it), if any. */
  getPyc(): PycFile | undefined;
  /** The page's compile workers (Compare compiles in two versions with them). */
  readonly runtimes: Runtimes;
}

/** A panel of the lab view. */
export interface LabPanel {
  readonly id: 'run' | 'specialize' | 'compare' | 'hints';
  readonly title: string;
  readonly el: HTMLElement;
  /** Called when the panel is shown, and when the version or model changes while it is shown. */
  refresh?(): void;
}

/** One lab request at a time: disables the panels' action buttons and offers Stop while it runs. */
export class LabActivity {
  private current: string | null = null;
  private readonly listeners = new Set<(label: string | null) => void>();

  /** The running activity's label, or null. */
  get busy(): string | null { return this.current; }

  /** Calls `fn` when an activity starts (its label) or ends (null). */
  onChange(fn: (label: string | null) => void): void { this.listeners.add(fn); }

  /** Runs `fn` as the activity `label`; refuses (returns undefined) while another runs. */
  async run<T>(label: string, fn: () => Promise<T>): Promise<T | undefined> {
    if (this.current !== null) return undefined;
    this.set(label);
    try {
      return await fn();
    } finally {
      this.set(null);
    }
  }

  private set(label: string | null): void {
    this.current = label;
    for (const fn of this.listeners) fn(label);
  }
}

/** The longest time limit the page offers (ms). */
export const LAB_MAX_TIMEOUT_MS = 120_000;

/**
 * The time limit of the lab's runs (the runaway guard), shown in the lab's status bar where the user can raise it,
 * and raised by the "Allow longer" action of a stop message.
 */
export class LabLimit {
  private value = LAB_DEFAULT_TIMEOUT_MS;
  private readonly listeners = new Set<(ms: number) => void>();

  /** The limit now (ms). */
  get ms(): number { return this.value; }

  /** Sets the limit (clamped to 100 ms … {@link LAB_MAX_TIMEOUT_MS}). */
  set(ms: number): void {
    const v = Math.round(Math.min(LAB_MAX_TIMEOUT_MS, Math.max(100, ms)));
    if (v === this.value) return;
    this.value = v;
    for (const fn of this.listeners) fn(v);
  }

  /** The limit "Allow longer" offers: four times the current one, at most {@link LAB_MAX_TIMEOUT_MS}; null at the top. */
  longer(): number | null {
    return this.value >= LAB_MAX_TIMEOUT_MS ? null : Math.min(LAB_MAX_TIMEOUT_MS, this.value * 4);
  }

  /** Calls `fn` when the limit changes. */
  onChange(fn: (ms: number) => void): void { this.listeners.add(fn); }
}

/** Everything a panel needs. */
export interface LabContext {
  readonly host: LabHost;
  readonly client: LabClient;
  readonly activity: LabActivity;
  /** The time limit of runs. */
  readonly limit: LabLimit;
  /** True when the page shows its dark theme. */
  dark(): boolean;
  /** Shows the Compare panel with a preset loaded. */
  openPreset(id: LabPresetId): void;
  /** Shows the listing tab (where the count bars are). */
  showListing(): void;
}
