# Timing: each variant of a comparison is counted once (its own pass), then all are timed side by side in
# interleaved rounds, best of N, each measurement's loop count chosen as timeit's autorange does.

import gc
import io
import sys

from bytescope_compile import compile_code

from .common import CALL_FILENAME, FILENAME, BoundedWriter, limits, new_globals, perf
from .counting import counted_run


def _make_timer(code, callcode, g0):
    """A function timing `number` runs: the whole program in a fresh namespace, or the call expression."""
    exec_ = exec
    new_g = new_globals
    clock = perf  # closure cells, not module globals, inside the timed loop
    if callcode is None:
        def timer(number):
            t0 = clock()
            for _ in range(number):
                exec_(code, new_g())
            return clock() - t0
    else:
        eval_ = eval

        def timer(number):
            t0 = clock()
            for _ in range(number):
                eval_(callcode, g0)
            return clock() - t0
    return timer


def _autorange(timer, target_s, deadline):
    number = 1
    while True:
        for k in (1, 2, 5):
            n = number * k
            t = timer(n)
            if t >= target_s or perf() > deadline or n >= 10_000_000:
                return n, t
        number *= 10


def _stats(xs):
    s = sorted(xs)
    n = len(s)
    med = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return {'min': s[0], 'median': med, 'max': s[-1]}


def op_compare(req):
    t_limit, max_steps, out_limit = limits(req)
    variants = req['variants']
    repeat = max(1, int(req.get('repeat', 7)))
    target_s = float(req.get('targetMs', 20)) / 1000.0
    budget_s = float(req.get('budgetMs', 20000)) / 1000.0
    counts_on = req.get('counts', True)
    results = []
    failed = False
    for v in variants:
        r = counted_run(v['source'], v.get('call'), t_limit, max_steps, out_limit, counts=counts_on)
        r['name'] = v['name']
        if r['counts'] is not None:
            r['counts'] = {k: r['counts'][k] for k in ('total', 'byOpname', 'method', 'note') if k in r['counts']}
        if r['exception'] is not None or r['stopped'] is not None:
            failed = True
        results.append(r)
    out = {'ok': True, 'variants': results, 'ratio': None, 'ratioSpread': None, 'fastest': None, 'slowest': None,
           'timingNote': ('Times are measured in CPython compiled to WebAssembly, which runs several times slower '
                          'than a native CPython; compare the ratio, not the absolute times.')}
    if failed:
        out['error'] = 'a variant raised an exception or was stopped; nothing was timed'
        return out
    # Timing: fresh code objects (no instrumentation left over), output discarded, GC off (as timeit does).
    timers = []
    sink = BoundedWriter(0)
    saved = (sys.stdout, sys.stderr, sys.stdin)
    sys.stdout, sys.stderr, sys.stdin = sink, sink, io.StringIO('')
    gc_was = gc.isenabled()
    deadline = perf() + budget_s
    try:
        for v in variants:
            code = compile_code(v['source'], FILENAME, 'exec')
            callcode = compile_code(v['call'], CALL_FILENAME, 'eval') if v.get('call') else None
            g0 = None
            if callcode is not None:
                g0 = new_globals()
                exec(code, g0)
            timers.append(_make_timer(code, callcode, g0))
        gc.collect()
        gc.disable()
        numbers = []
        per_round_budget = max(target_s, budget_s / (repeat + 2) / max(1, len(variants)))
        for tm in timers:
            n, t = _autorange(tm, target_s, perf() + per_round_budget)
            numbers.append(n)
        times = [[] for _ in variants]
        k = len(variants)
        rounds = 0
        for r in range(repeat):
            if r > 0 and perf() > deadline:
                break
            order = [(r + j) % k for j in range(k)]
            for j in order:
                times[j].append(timers[j](numbers[j]) / numbers[j])
            rounds += 1
    except BaseException as e:  # noqa: report instead of failing the whole request
        sys.stdout, sys.stderr, sys.stdin = saved
        if gc_was:
            gc.enable()
        out['error'] = 'timing failed: %s: %s' % (type(e).__name__, e)
        return out
    finally:
        sys.stdout, sys.stderr, sys.stdin = saved
        if gc_was:
            gc.enable()
    bests = []
    for res, ts, n in zip(results, times, numbers):
        st = _stats(ts)
        res['timing'] = {'number': n, 'repeat': len(ts), 'times': ts, 'best': st['min'], 'median': st['median'],
                         'worst': st['max']}
        bests.append(st['min'])
    fast = min(range(k), key=lambda j: bests[j])
    slow = max(range(k), key=lambda j: bests[j])
    out['fastest'] = results[fast]['name']
    out['slowest'] = results[slow]['name']
    out['ratio'] = bests[slow] / bests[fast] if bests[fast] > 0 else None
    paired = [ts_s / ts_f for ts_s, ts_f in zip(times[slow], times[fast]) if ts_f > 0]
    out['ratioSpread'] = _stats(paired) if paired else None
    out['rounds'] = rounds
    return out
