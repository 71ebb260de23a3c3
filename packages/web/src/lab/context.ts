/**
 * What the lab's panels share: the explorer they live in (its editor, listing, source, version, model), the lab
 * runtime, and one activity at a time (the runtime runs one request at a time; its Stop button kills it).
 */
import type { BytescopeJson, PycFile } from '@bytescope/core';
import type { LabPresetId } from '@bytescope/python/lab/portable';
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

/** Everything a panel needs. */
export interface LabContext {
  readonly host: LabHost;
  readonly client: LabClient;
  readonly activity: LabActivity;
  /** True when the page shows its dark theme. */
  dark(): boolean;
  /** Shows the Compare panel with a preset loaded. */
  openPreset(id: LabPresetId): void;
  /** Shows the listing tab (where the count bars are). */
  showListing(): void;
}
