# Timing: each variant of a comparison is counted once (its own pass), then all are warmed up side by side until their
# times have settled, then timed in interleaved rounds (rotating order), each measurement's loop count calibrated as
# timeit's autorange does. The result
# is, for each variant against the fastest, the median of the per-round ratios with a confidence interval: a burst of
# load hits both sides of a round, and the median ignores the rounds it spoiled anyway.
#
# The clock: in a native CPython, the CPU time of the timing thread (time.thread_time), so that the time this process
# waits while other processes run on a busy machine is not counted (nor is the program's own sleeping or waiting
# for I/O: the lab compares computation). In Pyodide under Node, the process's CPU time (process.cpuUsage()); in a
# browser there is no CPU clock: the wall clock (perf_counter).

import gc
import io
import sys
import time
from math import comb

from bytescope_compile import compile_code

from .common import CALL_FILENAME, BoundedWriter, limits, new_globals, perf, program_filename, set_program_filename
from .counting import counted_run


def _node_cpu_clock():
    """In Pyodide inside a Node process: the process's CPU time (process.cpuUsage(), microseconds). None in a
    browser, which has no CPU clock."""
    try:
        import js
        usage = js.process.cpuUsage
        u = usage()
        float(u.user + u.system)
    except Exception:  # noqa: not Node
        return None

    def clock():
        u = usage()
        return (u.user + u.system) / 1e6
    return clock


def _cpu_clock():
    if sys.platform == 'emscripten':
        return _node_cpu_clock()
    if not hasattr(time, 'thread_time'):
        return None
    try:
        info = time.get_clock_info('thread_time')
        time.thread_time()
    except (OSError, ValueError):
        return None
    return time.thread_time if info.resolution <= 1e-6 else None


CPU_CLOCK = _cpu_clock()
CLOCK = CPU_CLOCK or perf
if CPU_CLOCK is None:
    CLOCK_NAME = 'wall clock'
elif sys.platform == 'emscripten':
    CLOCK_NAME = 'CPU time of the process'
else:
    CLOCK_NAME = 'CPU time of the timing thread'

if sys.platform == 'emscripten':
    TIMING_NOTE = ('Times (%s) are measured in CPython compiled to WebAssembly, which runs several times slower than '
                   'a native CPython; compare the ratio, not the absolute times.' % CLOCK_NAME)
else:
    TIMING_NOTE = ('Times are %s in a native CPython, as the program will really run (time spent waiting, for '
                   'other processes or I/O, is not counted).' % CLOCK_NAME)


# A difference is measurable when the interval of the median ratio lies beyond 1 by more than this. Two copies of one
# program, timed against each other, come out 1-3 % apart now and then, consistently over all rounds: where their
# objects happen to lie in memory (native 3.12: 1.016, interval 1.007-1.023; WebAssembly 3.14 after the warm-up:
# 1.027, interval 1.012-1.098); a smaller difference is not the code's.
NEGLIGIBLE = 0.05

# With the wall clock (a browser has no CPU clock), each round measures every variant this many times, alternating,
# and keeps each one's best: time only ever adds to a measurement, and the time other processes take does too.
WALL_CLOCK_BEST_OF = 3

# Rounds timed even past the budget: fewer give no interval worth the name.
MIN_ROUNDS = 3

# Warm-up. The first runs of a program are slower than the later ones: in WebAssembly above all, where V8 first runs
# each of the interpreter's C functions as quickly compiled code and compiles the hot ones again, optimized, on a
# background thread: a function used only by this program (creating a dict, a long addition) can take half a second
# and more to get there, and the process's CPU clock counts the compiling thread's work too. Timed rounds in that
# window spread by 20 % and more and drift by 2-3x, so identical programs could come out different. So every variant
# runs in rounds, untimed for the result, until its times no longer fall: the median of its last WARMUP_ROUNDS rounds
# is no more than WARMUP_SETTLED below that of the WARMUP_ROUNDS before them, with no other thread of the process at
# work in the last ones; or until WARMUP_SHARE of the budget is spent. (Medians of three rounds against three: one
# round slowed by load neither ends a warm-up early nor keeps it going; times still falling by a tenth a round do
# not look settled, as they could within a band of three rounds.)
WARMUP_ROUNDS = 3
WARMUP_SETTLED = 0.05
WARMUP_SHARE = 0.4

# A measurement whose CPU time exceeds its wall time by more than this counted another thread of the process (V8
# compiling or collecting garbage: the process's CPU clock in Node counts every thread). A timed round with one is
# timed again, up to RETIME times, never past the budget.
BUSY = 1.03
RETIME = 2


def _make_timer(code, callcode, g0):
    """A function timing `number` runs (the whole program in a fresh namespace, or the call expression): their time
    on CLOCK and, around it, on the wall clock."""
    exec_ = exec
    new_g = new_globals
    clock = CLOCK  # closure cells, not module globals, inside the timed loop
    wall = perf
    if callcode is None:
        def timer(number):
            w0 = wall()
            t0 = clock()
            for _ in range(number):
                exec_(code, new_g())
            t1 = clock()
            return t1 - t0, wall() - w0
    else:
        eval_ = eval

        def timer(number):
            w0 = wall()
            t0 = clock()
            for _ in range(number):
                eval_(callcode, g0)
            t1 = clock()
            return t1 - t0, wall() - w0
    return timer


def _busy(cpu, wall):
    """Whether a measurement counted another thread's work (only a CPU clock of the whole process can)."""
    return CPU_CLOCK is not None and cpu > wall * BUSY


MAX_LOOPS = 10_000_000


def _loop_counts():
    """The loop counts timeit's autorange tries: 1, 2, 5, 10, 20, 50, ... up to MAX_LOOPS."""
    number = 1
    while True:
        for k in (1, 2, 5):
            yield number * k
        number *= 10


def _autorange(timer, target_s, deadline):
    for n in _loop_counts():
        t = timer(n)[0]
        if t >= target_s or perf() > deadline or n >= MAX_LOOPS:
            return n, t


def _loops_for(per_run, target_s):
    """autorange's loop count for a run taking `per_run` seconds, without running it."""
    return next(n for n in _loop_counts() if n * per_run >= target_s or n >= MAX_LOOPS)


def _round(timers, numbers, r, per_round):
    """Round `r`: every variant timed, in rotating order, `per_round` times (keeping each one's best). Returns the
    times per run and whether a measurement counted another thread's work."""
    k = len(timers)
    best = [None] * k
    busy = False
    for _ in range(per_round):
        for i in range(k):
            j = (r + i) % k
            cpu, wall = timers[j](numbers[j])
            busy = busy or _busy(cpu, wall)
            t = cpu / numbers[j]
            if best[j] is None or t < best[j]:
                best[j] = t
    return best, busy


def _warm_up(timers, numbers, deadline, per_round):
    """Runs every variant in rounds until its times have settled: the median of its last WARMUP_ROUNDS rounds no more
    than WARMUP_SETTLED below the median of the WARMUP_ROUNDS before them, and no measurement of the last ones
    counting another thread. Returns the rounds run, whether the times settled, and each variant's median time per
    run in the last rounds."""
    k = len(timers)
    w = WARMUP_ROUNDS
    recent = []
    rounds = 0
    while True:
        recent = (recent + [_round(timers, numbers, rounds, per_round)])[-2 * w:]
        rounds += 1
        newer = [_stats([r[0][j] for r in recent[-w:]])['median'] for j in range(k)]
        if len(recent) == 2 * w and not any(r[1] for r in recent[-w:]) and all(
                newer[j] >= _stats([r[0][j] for r in recent[:w]])['median'] * (1 - WARMUP_SETTLED) for j in range(k)):
            return rounds, True, newer
        if perf() > deadline:
            return rounds, False, newer


def _stats(xs):
    s = sorted(xs)
    n = len(s)
    med = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return {'min': s[0], 'median': med, 'max': s[-1]}


def op_compare(req):
    t_limit, max_steps, out_limit = limits(req)
    variants = req['variants']
    repeat = max(1, int(req.get('repeat', 15)))
    target_s = float(req.get('targetMs', 20)) / 1000.0
    budget_s = float(req.get('budgetMs', 20000)) / 1000.0
    counts_on = req.get('counts', True)
    results = []
    failed = False
    for v in variants:
        set_program_filename(v.get('filename'))
        r = counted_run(v['source'], v.get('call'), t_limit, max_steps, out_limit, counts=counts_on)
        r['name'] = v['name']
        if r['counts'] is not None:
            r['counts'] = {k: r['counts'][k] for k in ('total', 'byOpname', 'method', 'note') if k in r['counts']}
        if r['exception'] is not None or r['stopped'] is not None:
            failed = True
        results.append(r)
    out = {'ok': True, 'variants': results, 'ratio': None, 'ratioSpread': None, 'fastest': None, 'slowest': None,
           'timingNote': TIMING_NOTE}
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
            set_program_filename(v.get('filename'))
            code = compile_code(v['source'], program_filename(), 'exec')
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
        per_round = 1 if CPU_CLOCK is not None else WALL_CLOCK_BEST_OF
        w0 = perf()
        warm_rounds, settled, per_run = _warm_up(timers, numbers, w0 + budget_s * WARMUP_SHARE, per_round)
        out['warmup'] = {'rounds': warm_rounds, 'seconds': perf() - w0, 'settled': settled}
        numbers = [_loops_for(t, target_s) if t > 0 else n for n, t in zip(numbers, per_run)]
        times = [[] for _ in variants]
        k = len(variants)
        rounds = 0
        retimed = 0
        for r in range(repeat):
            if r >= MIN_ROUNDS and perf() > deadline:
                break
            for attempt in range(RETIME + 1):
                best, busy = _round(timers, numbers, r, per_round)
                if not busy or attempt == RETIME or perf() > deadline:
                    break
                retimed += 1
            for j in range(k):
                times[j].append(best[j])
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
    medians = []
    for res, ts, n in zip(results, times, numbers):
        st = _stats(ts)
        res['timing'] = {'number': n, 'repeat': len(ts), 'times': ts, 'best': st['min'], 'median': st['median'],
                         'worst': st['max']}
        medians.append(st['median'])
    fast = min(range(k), key=lambda j: medians[j])
    slow = max(range(k), key=lambda j: medians[j])
    if slow == fast:
        slow = (fast + 1) % k
    out['fastest'] = results[fast]['name']
    out['slowest'] = results[slow]['name']
    # Every variant against the fastest, round by round: the rounds are paired (the same burst of load hits both), so
    # the median of the per-round ratios is robust where a ratio of bests or of means is not.
    out['ratios'] = []
    for j in range(k):
        if j == fast:
            continue
        paired = [a / b for a, b in zip(times[j], times[fast]) if b > 0]
        if not paired:
            continue
        lo, hi, level = median_interval(paired)
        st = _stats(paired)
        out['ratios'].append({'name': results[j]['name'], 'against': results[fast]['name'], 'median': st['median'],
                              'low': lo, 'high': hi, 'level': level, 'min': st['min'], 'max': st['max'],
                              'rounds': len(paired), 'negligible': NEGLIGIBLE,
                              'measurable': lo > 1 + NEGLIGIBLE or hi < 1 - NEGLIGIBLE})
    main = next((x for x in out['ratios'] if x['name'] == results[slow]['name']), None)
    if main is not None:
        out['ratio'] = main['median']
        out['ratioSpread'] = {'min': main['min'], 'median': main['median'], 'max': main['max']}
        out['interval'] = {'low': main['low'], 'high': main['high'], 'level': main['level']}
        out['measurable'] = main['measurable']
    out['bestRatio'] = (results[slow]['timing']['best'] / results[fast]['timing']['best']
                        if results[fast]['timing']['best'] > 0 else None)
    out['rounds'] = rounds
    out['retimed'] = retimed
    out['clock'] = CLOCK_NAME
    return out


def median_interval(xs):
    """A distribution-free confidence interval for the median of `xs` (order statistics: the widest k with
    P(Binomial(n, 1/2) < k) <= 2.5 %, [x(k), x(n+1-k)]), and its coverage. Fewer than 6 values give the full range,
    whose coverage is 1 - 2 / 2**n (94 % for 5)."""
    s = sorted(xs)
    n = len(s)
    if n == 1:
        return s[0], s[0], 0.0
    total = 2 ** n
    tail = [0]  # tail[k] = 2**n * P(B < k)
    for i in range(n):
        tail.append(tail[-1] + comb(n, i))
    k = 1
    while 2 * (k + 1) <= n and 2 * tail[k + 1] <= 0.05 * total:
        k += 1
    level = 1 - 2 * tail[k] / total
    return s[k - 1], s[n - k], level
