/**
 * How the lab's results read, in one place for the CLI and the explorer: times with a unit that fits, and the
 * verdict of a comparison ("2.31× faster", or "no measurable difference" when the interval of the median per-round
 * ratio includes 1).
 */
import { compareCodeUnits } from '@bytescope/core';
import type { LabCompareResponse, LabRatio } from './protocol.js';

/** A time in seconds with three significant digits and the unit that fits: `850 ns`, `12.3 µs`, `1.00 ms`, `2.50 s`. */
export function formatTime(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const units: [number, string][] = [[1, 's'], [1e-3, 'ms'], [1e-6, 'µs'], [1e-9, 'ns']];
  for (const [scale, unit] of units) {
    const v = seconds / scale;
    // Rounded first, so that 999.96 µs reads 1.00 ms rather than 1.00e+3 µs.
    if (Number(v.toPrecision(3)) >= 1 || unit === 'ns') return `${v < 1000 ? v.toPrecision(3) : Math.round(v)} ${unit}`;
  }
  return `${seconds} s`;
}

/**
 * Counts by name, largest first, equal counts by name in code-unit order (Python's `sorted`, `compareCodeUnits`):
 * how the CLI and the explorer list the counts per opname.
 */
export function byCount(counts: Iterable<readonly [string, number]> | Readonly<Record<string, number>>): [string, number][] {
  const entries = Symbol.iterator in counts ? [...(counts as Iterable<readonly [string, number]>)] : Object.entries(counts);
  return entries.map(([k, n]): [string, number] => [k, n]).sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]));
}

/** A ratio: `2.31×`. */
export function formatRatio(x: number): string {
  return `${x.toFixed(2)}×`;
}

/** How sure an interval is: `95 %` (the coverage, rounded down to a whole percent). */
export function formatLevel(level: number): string {
  return `${Math.floor(level * 100)} %`;
}

/** One variant against the fastest, in words: `B is 2.31× slower than A (interval 2.25–2.36, …)` or no difference. */
export function ratioSentence(r: LabRatio): string {
  const interval = `${formatLevel(r.level)} interval ${r.low.toFixed(2)}–${r.high.toFixed(2)}, median of ${r.rounds} rounds`;
  if (!r.measurable) {
    const why = r.low <= 1 && r.high >= 1 ? 'which includes 1' : `within ${Math.round(r.negligible * 100)} % of 1`;
    return `no measurable difference between ${r.against} and ${r.name} (per-round ratio ${r.median.toFixed(2)}, ${interval}, ${why})`;
  }
  // The fastest is chosen by median time; the median of per-round ratios can still fall below 1 on odd data.
  if (r.median < 1) return `${r.name} is ${formatRatio(1 / r.median)} faster than ${r.against} (${interval} of ${r.name}'s time over ${r.against}'s)`;
  return `${r.against} is ${formatRatio(r.median)} faster than ${r.name} (${interval})`;
}

/** The verdicts of a comparison, one per variant against the fastest; empty when nothing was timed. */
export function compareVerdicts(res: LabCompareResponse): string[] {
  return (res.ratios ?? []).map(ratioSentence);
}

/**
 * How a comparison was timed, in one sentence: `15 interleaved rounds after 4 warm-up rounds; in each, every variant
 * ran its calibrated loop count (a ×1000, b ×2000)`.
 */
export function timingMethod(res: LabCompareResponse): string {
  const w = res.warmup;
  const warm = w ? ` after ${w.rounds} warm-up round${w.rounds === 1 ? '' : 's'}${w.settled ? '' : ' (the times had not settled when its share of the budget ran out)'}` : '';
  const again = res.retimed ? `, ${res.retimed} timed again (another thread of the process was at work)` : '';
  return `${res.rounds ?? 0} interleaved rounds${warm}${again}; in each, every variant ran its calibrated loop count (${res.variants.map((v) => `${v.name} ×${v.timing?.number ?? 0}`).join(', ')})`;
}
