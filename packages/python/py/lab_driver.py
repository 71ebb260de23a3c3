# Bytescope performance lab: the Python side. Runs inside a real CPython (Pyodide) of any version 3.10-3.15,
# in a Node child process or a browser Web Worker alike; it is self-contained (standard library only).
#
# Entry points (the JavaScript side installs this file as module `_bytescope_lab`):
#   handle(request_json) -> response_json       handle_file(path) -> response_json (request read from a file)
# Requests: {"op": "run" | "compare" | "specialize" | "compile" | "info", ...}; see packages/python/src/lab/protocol.ts.
#
# Counting: sys.monitoring INSTRUCTION events (3.12+), sys.settrace with f_trace_opcodes (3.10, 3.11); it runs
# in its own pass and is never active while timing. The same callbacks enforce the step and time limits.

import builtins
import dis
import gc
import io
import json
import opcode
import sys
import time
import traceback
import types

VERSION = sys.version_info[:2]
FULL_VERSION = sys.version.split()[0]
FILENAME = '<lab>'
CALL_FILENAME = '<lab-call>'
_perf = time.perf_counter
_CodeType = types.CodeType

DEFAULTS = {
    'time_limit_ms': 1500,
    'max_steps': 20_000_000,
    'output_limit': 65536,
}

TRUNCATION_MARKER = '\n[... output truncated: {n} more characters not shown]\n'


class LabStop(BaseException):
    """Raised by the counting callbacks when the time or step limit is reached (BaseException: `except
    Exception` in user code does not catch it)."""

    def __init__(self, kind, message, steps, elapsed):
        BaseException.__init__(self, message)
        self.kind = kind
        self.message = message
        self.steps = steps
        self.elapsed = elapsed


class BoundedWriter(io.TextIOBase):
    """A text stream keeping the first `limit` characters written to it and counting the rest."""

    def __init__(self, limit):
        io.TextIOBase.__init__(self)
        self.limit = limit
        self.parts = []
        self.size = 0
        self.dropped = 0

    def writable(self):
        return True

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError('write() argument must be str, not %s' % type(s).__name__)
        room = self.limit - self.size
        if room > 0:
            part = s[:room]
            self.parts.append(part)
            self.size += len(part)
            self.dropped += len(s) - len(part)
        else:
            self.dropped += len(s)
        return len(s)

    def flush(self):
        pass

    def text(self):
        t = ''.join(self.parts)
        if self.dropped:
            t += TRUNCATION_MARKER.format(n=self.dropped)
        return t


class _Capture:
    """Redirects sys.stdout/stderr to bounded writers (and stdin to an empty stream) while active."""

    def __init__(self, limit):
        self.out = BoundedWriter(limit)
        self.err = BoundedWriter(limit)

    def __enter__(self):
        self.saved = (sys.stdout, sys.stderr, sys.stdin)
        sys.stdout, sys.stderr, sys.stdin = self.out, self.err, io.StringIO('')
        return self

    def __exit__(self, *exc):
        sys.stdout, sys.stderr, sys.stdin = self.saved
        return False

    def result(self):
        return {
            'stdout': self.out.text(), 'stderr': self.err.text(),
            'stdoutTruncated': self.out.dropped > 0, 'stderrTruncated': self.err.dropped > 0,
        }


# ---------------------------------------------------------------------------------------------------------------
# Code objects


def _qualname(code, parent_qual, parent_code):
    q = getattr(code, 'co_qualname', None)
    if q is not None:
        return q
    if parent_code is None:
        return code.co_name
    if parent_code.co_name == '<module>' and parent_code.co_filename == code.co_filename and parent_qual == '<module>':
        return code.co_name
    if parent_code.co_flags & 0x1:  # CO_OPTIMIZED: a function body
        return parent_qual + '.<locals>.' + code.co_name
    return parent_qual + '.' + code.co_name  # a class body


def walk_codes(code):
    """(code, qualname, key) for `code` and every code object nested in its constants, depth-first (dis order)."""
    out = []
    seen_keys = {}

    def rec(c, parent_qual, parent_code):
        qual = '<module>' if parent_code is None and c.co_name == '<module>' else _qualname(c, parent_qual, parent_code)
        key = '%s:%d' % (qual, c.co_firstlineno)
        n = seen_keys.get(key, 0) + 1
        seen_keys[key] = n
        if n > 1:
            key = '%s#%d' % (key, n)
        out.append((c, qual, key))
        for k in c.co_consts:
            if isinstance(k, _CodeType):
                rec(k, qual, c)

    rec(code, None, None)
    return out


def _instructions(code, **kw):
    return list(dis.get_instructions(code, **kw))


def _line_of(ins, current):
    ln = getattr(ins, 'line_number', None)
    if ln is not None:
        return ln
    if VERSION < (3, 13) and ins.starts_line is not None:
        return ins.starts_line
    return current


# ---------------------------------------------------------------------------------------------------------------
# Counting (and limits)


class Counter:
    """Counts executed instructions of a fixed set of code objects; stops the program on the time/step limit."""

    def __init__(self, codes, time_limit_s, max_steps):
        self.codes = codes
        self.arrs = {id(c): [0] * (len(c.co_code) // 2 + 1) for c in codes}
        self.time_limit_s = time_limit_s
        self.max_steps = max_steps
        self.steps = 0
        self.start = _perf()
        self.tool = None

    def reset(self):
        for a in self.arrs.values():
            for i in range(len(a)):
                a[i] = 0
        self.steps = 0

    def _check(self, steps):
        elapsed = _perf() - self.start
        if steps >= self.max_steps:
            raise LabStop('steps', 'stopped after %d instructions (the step limit): the program did not finish '
                          '(infinite loop?)' % steps, steps, elapsed)
        if elapsed >= self.time_limit_s:
            raise LabStop('time', 'stopped after %.1f s: the program did not finish (infinite loop?)' % elapsed,
                          steps, elapsed)

    def __enter__(self):
        self.start = _perf()
        arrs = self.arrs
        state = [0, min(4096, self.max_steps)]  # steps, next check
        self._state = state
        check = self._check
        max_steps = self.max_steps
        if hasattr(sys, 'monitoring'):
            M = sys.monitoring
            tool = None
            for t in (4, 3, 5, 1, 2, 0):
                if M.get_tool(t) is None:
                    tool = t
                    break
            if tool is None:
                raise RuntimeError('no free sys.monitoring tool id')
            M.use_tool_id(tool, 'bytescope-lab')
            self.tool = tool
            _id = id

            def cb(code, offset):
                arrs[_id(code)][offset >> 1] += 1
                n = state[0] + 1
                state[0] = n
                if n >= state[1]:
                    state[1] = min(n + 4096, max_steps)
                    check(n)

            M.register_callback(tool, M.events.INSTRUCTION, cb)
            for c in self.codes:
                M.set_local_events(tool, c, M.events.INSTRUCTION)
        else:
            def glob(frame, event, arg):
                arr = arrs.get(id(frame.f_code))
                if arr is None:
                    return None
                frame.f_trace_opcodes = True
                frame.f_trace_lines = False

                def local(frame, event, arg):
                    if event == 'opcode':
                        arr[frame.f_lasti >> 1] += 1
                        n = state[0] + 1
                        state[0] = n
                        if n >= state[1]:
                            state[1] = min(n + 4096, max_steps)
                            check(n)
                    return local
                return local
            sys.settrace(glob)
        return self

    def __exit__(self, *exc):
        if self.tool is not None:
            M = sys.monitoring
            for c in self.codes:
                M.set_local_events(self.tool, c, 0)
            M.register_callback(self.tool, M.events.INSTRUCTION, None)
            M.free_tool_id(self.tool)
            self.tool = None
        else:
            sys.settrace(None)
        self.steps = self._state[0]
        return False

    def report(self, walked):
        """The JSON-able counts: totals by opname and per code object (every instruction, with its count)."""
        by_op = {}
        objs = []
        total = 0
        approx = False
        for code, qual, key in walked:
            arr = self.arrs.get(id(code))
            if arr is None:
                continue
            insts = _instructions(code)
            index = {}
            for i, ins in enumerate(insts):
                index[ins.offset >> 1] = i
                so = getattr(ins, 'start_offset', ins.offset)
                for u in range(so >> 1, ins.offset >> 1):
                    index.setdefault(u, i)
            counts = [0] * len(insts)
            last = -1
            for u, n in enumerate(arr):
                i = index.get(u)
                if i is not None:
                    last = i
                if n:
                    counts[i if i is not None else max(last, 0)] += n
            if _fix_counts(insts, counts) and VERSION == (3, 10):
                approx = True
            rows = []
            c_by = {}
            c_total = 0
            line = None
            for ins, n in zip(insts, counts):
                line = _line_of(ins, line)
                rows.append({'offset': ins.offset, 'opname': ins.opname, 'arg': ins.arg, 'argrepr': ins.argrepr,
                             'line': line, 'count': n})
                if n:
                    c_by[ins.opname] = c_by.get(ins.opname, 0) + n
                    by_op[ins.opname] = by_op.get(ins.opname, 0) + n
                    c_total += n
            total += c_total
            objs.append({'key': key, 'qualname': qual, 'name': code.co_name, 'firstLineno': code.co_firstlineno,
                         'filename': code.co_filename, 'total': c_total, 'byOpname': c_by, 'instructions': rows})
        res = {'total': total, 'byOpname': by_op, 'codeObjects': objs,
               'method': 'sys.monitoring INSTRUCTION events' if hasattr(sys, 'monitoring')
               else 'sys.settrace opcode events'}
        if approx:
            res['note'] = ('CPython 3.10 does not report some instructions to the tracer (those it reaches by opcode '
                           'prediction, e.g. STORE_FAST after FOR_ITER); their counts were reconstructed from the '
                           'control flow.')
        return res


# CPython 3.10's PREDICT(): an instruction that predicts its successor jumps to it without a trace event.
_PREDICTS_310 = {
    'GET_ITER': ('FOR_ITER',),
    'FOR_ITER': ('STORE_FAST', 'UNPACK_SEQUENCE'),
    'COMPARE_OP': ('POP_JUMP_IF_FALSE', 'POP_JUMP_IF_TRUE'),
    'IS_OP': ('POP_JUMP_IF_FALSE', 'POP_JUMP_IF_TRUE'),
    'CONTAINS_OP': ('POP_JUMP_IF_FALSE', 'POP_JUMP_IF_TRUE'),
    'LIST_APPEND': ('JUMP_ABSOLUTE',),
    'SET_ADD': ('JUMP_ABSOLUTE',),
    'MAP_ADD': ('JUMP_ABSOLUTE',),
    'GET_AITER': ('LOAD_CONST',),
    'GET_ANEXT': ('LOAD_CONST',),
    'GET_AWAITABLE': ('LOAD_CONST',),
    'GET_YIELD_FROM_ITER': ('LOAD_CONST',),
}


def _fix_counts(insts, counts):
    """Fills in executions the tracing hooks do not report. Returns True if any count changed.

    1. 3.10 only: instructions reached through PREDICT() (GET_ITER -> FOR_ITER, COMPARE_OP -> POP_JUMP_IF_*, ...).
    2. Every version: an instruction that can only be entered from the one before it ran at most as often as that
       one and at least as often as... the one after it: within straight-line code, count[i] >= count[i + 1] when
       nothing jumps to i + 1. Raising count[i] to count[i + 1] never overestimates; it restores RESUME (3.12+
       reports no INSTRUCTION event for it) and the instructions 3.10 skips silently.
    """
    n = len(insts)
    before = list(counts)
    target = [bool(ins.is_jump_target) for ins in insts]
    for i, ins in enumerate(insts):
        # 3.12+: FOR_ITER (and SEND) leave the loop past END_FOR (END_SEND): the instruction after it is entered
        # by a jump that dis does not mark.
        if ins.opname in ('END_FOR', 'END_SEND') and i + 1 < n:
            target[i + 1] = True
    if VERSION == (3, 10):
        for i in range(1, n):
            prev, ins = insts[i - 1], insts[i]
            if ins.opname not in _PREDICTS_310.get(prev.opname, ()) or prev.opname == 'FOR_ITER':
                continue
            if target[i]:
                counts[i] += counts[i - 1]  # entries from elsewhere are traced, those from prev are not
            elif counts[i - 1] > counts[i]:
                counts[i] = counts[i - 1]
    for i in range(n - 2, -1, -1):
        if not target[i + 1] and counts[i + 1] > counts[i]:
            counts[i] = counts[i + 1]
    return counts != before


# ---------------------------------------------------------------------------------------------------------------
# Running


def _new_globals():
    return {'__name__': '__main__', '__builtins__': builtins, '__doc__': None}


def _exc_info(e, phase):
    tb = traceback.format_exception(type(e), e, e.__traceback__)
    # Drop the driver's own frames.
    keep = [tb[0]] + [t for t in tb[1:-1] if FILENAME in t or CALL_FILENAME in t] + [tb[-1]]
    text = ''.join(keep)
    if len(text) > 8000:
        text = text[:4000] + '\n[...]\n' + text[-4000:]
    msg = str(e)
    return {'type': type(e).__name__, 'message': msg[:2000], 'traceback': text, 'phase': phase,
            'lineno': getattr(e, 'lineno', None) if isinstance(e, SyntaxError) else _last_lab_line(e)}


def _last_lab_line(e):
    tb = e.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == FILENAME:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _compile(source, filename, mode):
    return compile(source, filename, mode, dont_inherit=True)


def _safe_repr(v, limit=2000):
    try:
        r = repr(v)
    except BaseException as e:  # noqa: a user __repr__ may raise anything
        r = '<repr failed: %s>' % type(e).__name__
    return r if len(r) <= limit else r[:limit] + '...'


def _limits(req):
    return (req.get('timeLimitMs', DEFAULTS['time_limit_ms']) / 1000.0,
            int(req.get('maxSteps', DEFAULTS['max_steps'])),
            int(req.get('outputLimit', DEFAULTS['output_limit'])))


# What compile() raises for source it refuses (ValueError: null bytes before 3.12).
COMPILE_ERRORS = (SyntaxError, ValueError, TypeError, MemoryError, RecursionError)


def _compile_program(source, call):
    """Compiles the program and the optional call expression (raising COMPILE_ERRORS); returns
    (code, callcode or None, every code object of both as walk_codes lists them)."""
    code = _compile(source, FILENAME, 'exec')
    callcode = _compile(call, CALL_FILENAME, 'eval') if call else None
    return code, callcode, walk_codes(code) + (walk_codes(callcode) if callcode is not None else [])


def _counted_run(source, call, time_limit_s, max_steps, output_limit, counts=True):
    """Runs `source` (then evaluates `call`, if any) once, counting instructions. Returns a JSON-able dict."""
    res = {'exception': None, 'stopped': None, 'counts': None, 'value': None}
    try:
        code, callcode, walked = _compile_program(source, call)
    except COMPILE_ERRORS as e:
        res['exception'] = _exc_info(e, 'compile')
        res.update(_Capture(output_limit).result())
        res['elapsedMs'] = 0.0
        return res
    counter = Counter([w[0] for w in walked] if counts else [], time_limit_s, max_steps)
    g = _new_globals()
    cap = _Capture(output_limit)
    phase = 'run'
    t0 = _perf()
    gc_was = gc.isenabled()
    try:
        with cap:
            with counter:
                exec(code, g)
                if callcode is not None:
                    phase = 'call'
                    counter.reset()  # counts cover the call; the time limit covers set-up and call together
                    v = eval(callcode, g)
                    res['value'] = _safe_repr(v)
    except LabStop as e:
        res['stopped'] = {'kind': e.kind, 'message': e.message, 'steps': e.steps, 'afterMs': e.elapsed * 1000.0}
    except KeyboardInterrupt as e:
        res['exception'] = _exc_info(e, phase)
    except SystemExit as e:
        res['exception'] = _exc_info(e, phase)
    except BaseException as e:  # noqa: the user's exception is a result, not a failure
        res['exception'] = _exc_info(e, phase)
    finally:
        if gc_was and not gc.isenabled():
            gc.enable()
    res['elapsedMs'] = (_perf() - t0) * 1000.0
    res['steps'] = counter.steps
    if counts:
        res['counts'] = counter.report(walked)
    res.update(cap.result())
    return res


def op_run(req):
    t, steps, out = _limits(req)
    r = _counted_run(req['source'], req.get('call'), t, steps, out, counts=req.get('counts', True))
    r['ok'] = True
    return r


# ---------------------------------------------------------------------------------------------------------------
# Timing


def _make_timer(code, callcode, g0):
    """A function timing `number` runs: the whole program in a fresh namespace, or the call expression."""
    exec_ = exec
    new_g = _new_globals
    perf = _perf
    if callcode is None:
        def timer(number):
            t0 = perf()
            for _ in range(number):
                exec_(code, new_g())
            return perf() - t0
    else:
        eval_ = eval

        def timer(number):
            t0 = perf()
            for _ in range(number):
                eval_(callcode, g0)
            return perf() - t0
    return timer


def _autorange(timer, target_s, deadline):
    number = 1
    while True:
        for k in (1, 2, 5):
            n = number * k
            t = timer(n)
            if t >= target_s or _perf() > deadline or n >= 10_000_000:
                return n, t
        number *= 10


def _stats(xs):
    s = sorted(xs)
    n = len(s)
    med = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return {'min': s[0], 'median': med, 'max': s[-1]}


def op_compare(req):
    t_limit, max_steps, out_limit = _limits(req)
    variants = req['variants']
    repeat = max(1, int(req.get('repeat', 7)))
    target_s = float(req.get('targetMs', 20)) / 1000.0
    budget_s = float(req.get('budgetMs', 20000)) / 1000.0
    counts_on = req.get('counts', True)
    results = []
    failed = False
    for v in variants:
        r = _counted_run(v['source'], v.get('call'), t_limit, max_steps, out_limit, counts=counts_on)
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
    deadline = _perf() + budget_s
    try:
        for v in variants:
            code = _compile(v['source'], FILENAME, 'exec')
            callcode = _compile(v['call'], CALL_FILENAME, 'eval') if v.get('call') else None
            g0 = None
            if callcode is not None:
                g0 = _new_globals()
                exec(code, g0)
            timers.append(_make_timer(code, callcode, g0))
        gc.collect()
        gc.disable()
        numbers = []
        per_round_budget = max(target_s, budget_s / (repeat + 2) / max(1, len(variants)))
        for tm in timers:
            n, t = _autorange(tm, target_s, _perf() + per_round_budget)
            numbers.append(n)
        times = [[] for _ in variants]
        k = len(variants)
        rounds = 0
        for r in range(repeat):
            if r > 0 and _perf() > deadline:
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


# ---------------------------------------------------------------------------------------------------------------
# Specialization (3.11+)


def _specializations():
    s = getattr(opcode, '_specializations', None)
    if s is None:
        try:
            import _opcode_metadata
            s = getattr(_opcode_metadata, '_specializations', None)
        except ImportError:
            s = None
    return {k: list(v) for k, v in (s or {}).items()}


def _cache_format():
    cf = getattr(opcode, '_cache_format', None) or {}
    return {k: dict(v) for k, v in cf.items()}


_FIELD_MEANING = {
    'counter': 'adaptive counter',
    'index': 'dict entry index',
    'module_keys_version': 'module globals keys version',
    'builtin_keys_version': 'builtins keys version',
    'version': 'type version tag',
    'type_version': 'type version tag',
    'keys_version': 'instance/class dict keys version',
    'func_version': 'function version',
    'descr': 'cached object (address)',
    'mask': 'comparison mask',
    'min_args': 'minimum positional arguments',
    'dict_offset': 'instance dict offset',
}


_BACKOFF_BITS = [4]  # bits of the backoff exponent in an adaptive counter (measured by _probe_counters)


def _decode_caches(raw, ins_offset, fmt):
    """The inline cache of the instruction at `ins_offset`, field by field, from the adaptive bytecode."""
    fields = []
    pos = ins_offset + 2
    for name, size in fmt.items():
        data = raw[pos:pos + 2 * size]
        pos += 2 * size
        value = int.from_bytes(data, 'little') if data else 0
        f = {'name': name, 'size': size, 'value': value, 'meaning': _FIELD_MEANING.get(name, name)}
        if name == 'counter':
            f['counterValue'] = value >> _BACKOFF_BITS[0]
            f['backoff'] = value & ((1 << _BACKOFF_BITS[0]) - 1)
        if name == 'descr':
            f['hex'] = hex(value)
        fields.append(f)
    return fields


# Families whose specialization depends on the values met at run time (the others are superinstructions or
# type-independent quickened forms: LOAD_CONST, LOAD_FAST, RESUME, JUMP_BACKWARD, ...).
_TYPE_FAMILIES = {'BINARY_OP', 'COMPARE_OP', 'CONTAINS_OP', 'BINARY_SUBSCR', 'STORE_SUBSCR', 'LOAD_ATTR',
                  'LOAD_METHOD', 'STORE_ATTR', 'LOAD_GLOBAL', 'LOAD_SUPER_ATTR', 'CALL', 'CALL_KW', 'PRECALL',
                  'FOR_ITER', 'UNPACK_SEQUENCE', 'TO_BOOL', 'SEND', 'CALL_FUNCTION_EX', 'GET_ITER'}

_SIMPLE_LOADS = {'LOAD_FAST', 'LOAD_FAST_CHECK', 'LOAD_FAST_BORROW', 'LOAD_NAME', 'LOAD_GLOBAL', 'LOAD_CONST',
                 'LOAD_SMALL_INT', 'LOAD_COMMON_CONSTANT', 'LOAD_DEREF', 'LOAD_CLASSDEREF'}
_PAIR_LOADS = {'LOAD_FAST_LOAD_FAST', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW'}


def _producers(insts, i, n):
    """The instructions that pushed the `n` values on top of the stack before `insts[i]`, when they are simple
    loads right before it: a list of (instruction, pair index or None), deepest first; None when unknown."""
    out = []
    j = i - 1
    while len(out) < n and j >= 0:
        ins = insts[j]
        if ins.opname in _SIMPLE_LOADS:
            if ins.opname == 'LOAD_GLOBAL' and VERSION >= (3, 11) and (ins.arg or 0) & 1:
                # LOAD_GLOBAL also pushing NULL: a callee, not an operand.
                return None
            out.append((ins, None))
        elif ins.opname in _PAIR_LOADS:
            out.append((ins, 1))
            if len(out) < n:
                out.append((ins, 0))
        else:
            return None
        j -= 1
    if len(out) < n:
        return None
    out.reverse()
    return out[len(out) - n:]


_MISSING = object()


def _value_of(frame, ins, pair):
    name = ins.argval
    op = ins.opname
    if op in ('LOAD_CONST', 'LOAD_SMALL_INT', 'LOAD_COMMON_CONSTANT'):
        return ins.argval
    if pair is not None:
        name = ins.argval[pair]
    try:
        loc = frame.f_locals
    except BaseException:  # noqa
        loc = {}
    if op in ('LOAD_FAST', 'LOAD_FAST_CHECK', 'LOAD_FAST_BORROW', 'LOAD_DEREF', 'LOAD_CLASSDEREF') or pair is not None:
        try:
            return loc[name]
        except (KeyError, TypeError):
            return _MISSING
    scopes = ([loc] if op == 'LOAD_NAME' else []) + [frame.f_globals, frame.f_builtins]
    for s in scopes:
        try:
            return s[name]
        except (KeyError, TypeError):
            pass
    return _MISSING


def _type_name(t):
    m = getattr(t, '__module__', 'builtins')
    q = getattr(t, '__qualname__', t.__name__)
    return q if m in ('builtins', '__main__') else '%s.%s' % (m, q)


def _describe(v):
    """A short kind for an operand value: its type, with a few details the specializer cares about."""
    t = type(v)
    d = {'type': _type_name(t)}
    if t is int and not (-2 ** 30 < v < 2 ** 30):
        d['detail'] = 'large int (more than 30 bits)'
    if isinstance(v, types.ModuleType):
        d['detail'] = 'module'
    elif isinstance(v, type):
        d['type'] = 'class ' + _type_name(v)
        d['isClass'] = True
        meta = type(v)
        if meta is not type:
            d['detail'] = 'metaclass ' + _type_name(meta)
    elif isinstance(v, types.FunctionType):
        c = v.__code__
        flags = []
        if c.co_flags & 0x04:
            flags.append('*args')
        if c.co_flags & 0x08:
            flags.append('**kwargs')
        if c.co_kwonlyargcount:
            flags.append('keyword-only arguments')
        if v.__defaults__:
            flags.append('default values')
        if c.co_flags & (0x20 | 0x80 | 0x200):
            flags.append('generator/coroutine')
        d['type'] = 'Python function'
        d['detail'] = v.__qualname__ + (' with ' + ', '.join(flags) if flags else '')
    elif isinstance(v, types.MethodType):
        d['type'] = 'bound method'
        d['detail'] = _type_name(type(v.__func__))
    elif isinstance(v, types.BuiltinFunctionType):
        d['type'] = 'builtin function'
        d['detail'] = getattr(v, '__qualname__', getattr(v, '__name__', '?'))
    else:
        try:
            has_dict = hasattr(v, '__dict__') and not isinstance(v, type)
        except BaseException:  # noqa
            has_dict = False
        flags = []
        if '__slots__' in getattr(t, '__dict__', {}):
            flags.append('__slots__')
        if getattr(t, '__getattr__', None) is not None and t.__module__ != 'builtins':
            flags.append('__getattr__')
        if t.__getattribute__ is not object.__getattribute__ and t.__module__ != 'builtins':
            flags.append('custom __getattribute__')
        if t.__setattr__ is not object.__setattr__ and t.__module__ != 'builtins':
            flags.append('custom __setattr__')
        if t.__module__ != 'builtins' and not has_dict and '__slots__' not in flags:
            flags.append('no __dict__')
        if flags:
            d['detail'] = ', '.join(flags)
    return d


_OPERANDS = {  # base opname -> (number of stack values to look at, their names, deepest first)
    'BINARY_OP': (2, ('left', 'right')),
    'COMPARE_OP': (2, ('left', 'right')),
    'CONTAINS_OP': (2, ('item', 'container')),
    'BINARY_SUBSCR': (2, ('container', 'index')),
    'STORE_SUBSCR': (3, ('value', 'container', 'index')),
    'LOAD_ATTR': (1, ('owner',)),
    'LOAD_METHOD': (1, ('owner',)),
    'STORE_ATTR': (2, ('value', 'owner')),
    'TO_BOOL': (1, ('value',)),
    'UNPACK_SEQUENCE': (1, ('sequence',)),
    'GET_ITER': (1, ('iterable',)),
}


def _callee(insts, i):
    """The simple load that pushed the callable of the call at `insts[i]` (CALL/PRECALL/CALL_KW), when every
    argument is a simple load too: [(instruction, pair index)] or None."""
    j = i - 1
    if insts[i].opname == 'CALL' and j >= 0 and insts[j].opname == 'PRECALL':
        j -= 1
    if j >= 0 and insts[j].opname == 'KW_NAMES':
        j -= 1
    argc = insts[i].arg or 0
    if insts[i].opname == 'CALL_KW':
        argc += 1  # the tuple of keyword names
    while argc > 0 and j >= 0:
        op = insts[j].opname
        if op in _SIMPLE_LOADS and not (op == 'LOAD_GLOBAL' and (insts[j].arg or 0) & 1):
            argc -= 1
        elif op in _PAIR_LOADS:
            argc -= 2
        else:
            return None
        j -= 1
    if argc != 0 or j < 0:
        return None
    if insts[j].opname == 'PUSH_NULL':
        j -= 1
    if j >= 0 and insts[j].opname in _SIMPLE_LOADS:
        return [(insts[j], None)]
    return None


def _sample_plan(insts, unspecialized_offsets):
    """For each site worth sampling: offset -> list of (operand name, producer instruction, pair index)."""
    plan = {}
    by_off = {ins.offset: k for k, ins in enumerate(insts)}
    for off in unspecialized_offsets:
        i = by_off.get(off)
        if i is None:
            continue
        op = insts[i].opname
        if op == 'FOR_ITER' and i > 0 and insts[i - 1].opname == 'GET_ITER':
            i -= 1
            op = 'GET_ITER'
        if op in ('CALL', 'PRECALL', 'CALL_KW'):
            prods = _callee(insts, i)
            if prods is not None:
                plan[insts[i].offset] = (off, [('callable', prods[0][0], prods[0][1])])
            continue
        spec = _OPERANDS.get(op)
        if spec is None:
            continue
        prods = _producers(insts, i, spec[0])
        if prods is None:
            continue
        plan[insts[i].offset] = (off, [(name, p[0], p[1]) for name, p in zip(spec[1], prods)])
    return plan


def _run_sampling(source, call, warmup, plans, call_sites, time_limit_s, output_limit):
    """Runs the program again (fresh code objects) and samples operand kinds at the planned sites.
    Returns ({(key, site offset): {'hits': n, 'operands': {name: {kind: count}}, 'details': {...}}}, stopped)."""
    code, callcode, walked = _compile_program(source, call)
    monitoring = hasattr(sys, 'monitoring')
    by_id = {}
    for c, qual, key in walked:
        p = plans.get(key)
        if p and monitoring:  # calls are seen through CALL events, with the callable itself
            p = {o: site for o, site in p.items() if site[1][0][0] != 'callable'}
        cs = call_sites.get(key)
        if p or cs:
            by_id[id(c)] = (key, p or {}, cs or set())
    samples = {}
    K = 24
    start = _perf()

    def sample(code_id, frame, offset):
        entry = by_id.get(code_id)
        if entry is None:
            return False
        key, plan, _ = entry
        site = plan.get(offset)
        if site is None:
            return False
        target, operands = site
        s = samples.setdefault((key, target), {'hits': 0, 'operands': {}, 'details': {}})
        s['hits'] += 1
        if s['hits'] > K:
            return False
        for name, prod, pair in operands:
            v = _value_of(frame, prod, pair)
            if v is _MISSING:
                continue
            d = _describe(v)
            tn = d['type']
            ops = s['operands'].setdefault(name, {})
            ops[tn] = ops.get(tn, 0) + 1
            if 'detail' in d:
                s['details'].setdefault(name, {})[tn] = d['detail']
        return True

    def record_call(key, offset, func):
        s = samples.setdefault((key, offset), {'hits': 0, 'operands': {}, 'details': {}})
        s['hits'] += 1
        if s['hits'] > K:
            return
        d = _describe(func)
        ops = s['operands'].setdefault('callable', {})
        ops[d['type']] = ops.get(d['type'], 0) + 1
        if 'detail' in d:
            s['details'].setdefault('callable', {})[d['type']] = d['detail']

    g = _new_globals()
    cap = _Capture(output_limit)
    stopped = False
    try:
        with cap:
            if monitoring:
                M = sys.monitoring
                tool = next(t for t in (4, 3, 5, 1, 2, 0) if M.get_tool(t) is None)
                M.use_tool_id(tool, 'bytescope-lab-sample')
                DISABLE = M.DISABLE
                getframe = sys._getframe

                def on_ins(code, offset):
                    if _perf() - start > time_limit_s:
                        raise LabStop('time', 'sampling stopped (time limit)', 0, _perf() - start)
                    if not sample(id(code), getframe(1), offset):
                        return DISABLE

                def on_call(code, offset, func, arg0):
                    e = by_id.get(id(code))
                    if e is None or offset not in e[2]:
                        return DISABLE
                    record_call(e[0], offset, func)

                M.register_callback(tool, M.events.INSTRUCTION, on_ins)
                M.register_callback(tool, M.events.CALL, on_call)
                for c, qual, key in walked:
                    if id(c) in by_id:
                        M.set_local_events(tool, c, M.events.INSTRUCTION | M.events.CALL)
                try:
                    exec(code, g)
                    if callcode is not None:
                        for _ in range(warmup):
                            eval(callcode, g)
                finally:
                    for c, qual, key in walked:
                        if id(c) in by_id:
                            M.set_local_events(tool, c, 0)
                    M.register_callback(tool, M.events.INSTRUCTION, None)
                    M.register_callback(tool, M.events.CALL, None)
                    M.free_tool_id(tool)
            else:
                def glob(frame, event, arg):
                    e = by_id.get(id(frame.f_code))
                    if e is not None:
                        frame.f_trace_opcodes = True
                        frame.f_trace_lines = False
                        return local
                    return None

                def local(frame, event, arg):
                    if event == 'opcode':
                        if _perf() - start > time_limit_s:
                            raise LabStop('time', 'sampling stopped (time limit)', 0, _perf() - start)
                        sample(id(frame.f_code), frame, frame.f_lasti)
                    return local

                sys.settrace(glob)
                try:
                    exec(code, g)
                    if callcode is not None:
                        for _ in range(warmup):
                            eval(callcode, g)
                finally:
                    sys.settrace(None)
    except LabStop:
        stopped = True
    except BaseException:  # noqa: the warm-up already reported the user's exceptions
        pass
    return samples, stopped


def _reason(base, now, ins, sample, counter, init_raw, init_backoff, family, prev):
    """A plain-words guess at why a specializable instruction stayed unspecialized, from its adaptive counter, the
    operand kinds sampled in a second run, and what each version is known to specialize. Says so when unknown."""
    hits = sample['hits'] if sample else None
    ops = sample['operands'] if sample else {}
    details = sample['details'] if sample else {}
    forms = ', '.join(family) if family else 'none'
    v = '%d.%d' % VERSION
    if prev is not None and base == 'CALL' and prev[0] == 'PRECALL' and prev[1] == 'specialized':
        return ('in 3.11 the specialized %s before it performs the whole call, so this CALL is not reached and '
                'stays adaptive (nothing is lost)' % prev[2])
    failed = None
    gave_up = VERSION < (3, 12) and now == base
    if gave_up:
        # 3.11 leaves the plain instruction where it gave up for good (or never made it adaptive).
        failed = 'gave-up'
    elif counter is not None and init_raw is not None:
        raw = counter['value']
        if raw == init_raw and VERSION >= (3, 12):
            return ('never executed after the code was created (or only once): the specializer did not get a chance '
                    'to look at it')
        if VERSION >= (3, 12):
            init_value = init_raw >> _BACKOFF_BITS[0]
            failed = counter['backoff'] != init_backoff or counter['counterValue'] > init_value
        else:
            failed = raw != 0
        if not failed and hits == 0:
            return 'not executed during the warm-up'
        if not failed:
            return ('executed only %s during the warm-up: the specializer waits for a couple of executions before '
                    'trying' % ('%d time%s' % (hits, '' if hits == 1 else 's') if hits is not None else 'a few times'))

    def kinds(name):
        return sorted(ops.get(name, {}).keys())

    def detail(name):
        d = details.get(name, {})
        return '; '.join('%s: %s' % kv for kv in d.items())

    def poly(name):
        return len(ops.get(name, {})) > 1

    if base == 'BINARY_OP':
        sym = ins.argrepr
        left, right = kinds('left'), kinds('right')
        if left and right:
            if poly('left') or poly('right'):
                return ('operand types vary between executions (%s %s %s): a specialized instruction handles one '
                        'pair of types' % ('/'.join(left), sym, '/'.join(right)))
            lt, rt = left[0], right[0]
            if {lt, rt} == {'int', 'float'}:
                return ('mixed int and float operands (%s %s %s): BINARY_OP specializes int with int and float with '
                        'float%s' % (lt, sym, rt, '' if 'BINARY_OP_EXTEND' not in family else
                                     '; this mix is only covered by BINARY_OP_EXTEND for some operators'))
            if lt != rt:
                return 'operands of different types (%s %s %s): no specialized form for this pair in %s' % (lt, sym, rt, v)
            if 'large int' in detail('left') + detail('right'):
                return 'the ints are large (more than 30 bits): the specialized int forms need small ("compact") ints'
            return ("'%s' on %s operands has no specialized form in %s (forms: %s)" % (sym, lt, v, forms))
        return _unknown(failed, base, forms)
    if base == 'COMPARE_OP':
        left, right = kinds('left'), kinds('right')
        if left and right:
            if poly('left') or poly('right'):
                return 'operand types vary between executions: a specialized compare handles one pair of types'
            if left[0] != right[0]:
                return ('comparing different types (%s with %s): COMPARE_OP specializes int with int, float with '
                        'float and str with str' % (left[0], right[0]))
            if left[0] not in ('int', 'float', 'str'):
                return 'comparing %s objects: COMPARE_OP specializes only int, float and str comparisons' % left[0]
            if 'large int' in detail('left') + detail('right'):
                return 'the ints are large (more than 30 bits): COMPARE_OP_INT needs small ("compact") ints'
            if left[0] == 'str' and ins.argrepr not in ('==', '!=') and 'bool(' not in ins.argrepr:
                return "'%s' on str: only == and != are specialized for strings" % ins.argrepr
        return _unknown(failed, base, forms)
    if base == 'CONTAINS_OP':
        c = kinds('container')
        if c and c[0] not in ('set', 'frozenset', 'dict'):
            return ("'in' on a %s: CONTAINS_OP specializes only set/frozenset and dict; on a list or tuple it is a "
                    'linear scan anyway (use a set for repeated membership tests)' % c[0])
        return _unknown(failed, base, forms)
    if base in ('BINARY_SUBSCR', 'STORE_SUBSCR'):
        c, ix = kinds('container'), kinds('index')
        if c and c[0] not in ('list', 'tuple', 'dict', 'str'):
            return 'subscript of a %s: the specialized forms are %s' % (c[0], forms)
        if c and c[0] in ('list', 'tuple', 'str') and ix and ix[0] != 'int':
            return 'the index is a %s, not an int: the list/tuple/str forms need an int index' % ix[0]
        if c and c[0] in ('list', 'tuple', 'str'):
            return 'negative or large indices are not specialized for list/tuple/str'
        return _unknown(failed, base, forms)
    if base in ('LOAD_ATTR', 'LOAD_METHOD', 'STORE_ATTR'):
        o = kinds('owner')
        det = detail('owner')
        if o:
            if poly('owner'):
                return ('the object has different types between executions (%s): an attribute cache is for one type'
                        % ', '.join(o))
            if '__getattr__' in det or 'custom __getattribute__' in det:
                return ('the class of %s defines __getattr__ or __getattribute__: the lookup runs Python code and is '
                        'not specialized' % o[0])
            if base == 'STORE_ATTR' and 'custom __setattr__' in det:
                return 'the class of %s defines __setattr__: stores run Python code and are not specialized' % o[0]
            if 'no __dict__' in det:
                return ('%s objects have no instance __dict__ and no __slots__ the specializer knows (a C-level or '
                        'unusual layout): no specialized form' % o[0])
            if o[0].startswith('class ') and 'metaclass' in det:
                return 'attribute of a class with a custom metaclass: not specialized in %s' % v
            if o[0] in ('int', 'float', 'str', 'list', 'dict', 'tuple', 'set', 'complex', 'bytes'):
                return ('attribute of a built-in %s: data attributes implemented in C (such as complex.real) are not '
                        'specialized; method loads usually are' % o[0])
            return ('attribute of a %s object; possible causes (not reported by CPython): the attribute was added '
                    'after the object was created or is shadowed, an instance dict that grew large, a descriptor '
                    'the specializer does not handle' % o[0])
        return _unknown(failed, base, forms)
    if base in ('CALL', 'PRECALL', 'CALL_KW'):
        c = kinds('callable')
        det = detail('callable')
        if c:
            if poly('callable'):
                return 'different kinds of callables at this call site (%s)' % ', '.join(c)
            k = c[0]
            if base == 'CALL_KW' or (prev is not None and prev[0] == 'KW_NAMES'):
                kw = 'a call with keyword arguments to a %s: %s' % (k, 'forms: ' + forms)
                return kw
            if k == 'Python function':
                if VERSION < (3, 13) and ('*args' in det or '**kwargs' in det or 'keyword-only' in det or
                                          'default' in det):
                    return ('calls a Python function (%s): in %s a call specializes only when the arguments match '
                            'the parameters exactly' % (det, v))
                if 'generator' in det:
                    return 'calls a generator or coroutine function (%s): not specialized in %s' % (det, v)
                return 'calls a Python function (%s); CPython does not report why this call stayed generic' % det
            if k.startswith('class '):
                if VERSION < (3, 13):
                    return ('creates an instance of %s: in %s calling a class is specialized only for a few built-in '
                            'types (3.13 adds Python classes with __init__)' % (k[6:], v))
                return ('creates an instance of %s%s: specialized only for simple Python classes (a Python __init__, '
                        'no custom __new__ or metaclass) and a few built-in types'
                        % (k[6:], ' (' + det + ')' if det else ''))
            if k in ('builtin function', 'bound method'):
                return 'calls a %s (%s) in a way that has no specialized form in %s (forms: %s)' % (k, det, v, forms)
            return ('calls a %s object: callables other than Python functions, classes and built-in functions '
                    '(objects with __call__, functools.partial, ...) are %s' % (
                        k, 'handled only by the generic CALL_NON_PY_GENERAL' if 'CALL_NON_PY_GENERAL' in family
                        else 'not specialized in ' + v))
        return _unknown(failed, base, forms)
    if base == 'LOAD_GLOBAL':
        return ('the global or builtin could not be cached: likely the module or builtins dict changed its keys '
                'often during the warm-up (names added or deleted), or the name was not found')
    if base in ('FOR_ITER', 'GET_ITER'):
        it = kinds('iterable')
        if it:
            return 'iterates over a %s: %s specializes only these forms: %s' % (it[0], base, forms)
        return ('the iterator is of a kind %s does not specialize (e.g. enumerate, zip, dict views, a custom '
                'iterator); forms: %s' % (base, forms))
    if base == 'TO_BOOL':
        val = kinds('value')
        if val:
            return 'truth test of a %s: TO_BOOL forms are %s' % (val[0], forms)
        return _unknown(failed, base, forms)
    if base == 'UNPACK_SEQUENCE':
        sq = kinds('sequence')
        if sq and sq[0] not in ('tuple', 'list'):
            return 'unpacking a %s: UNPACK_SEQUENCE specializes tuples and lists only' % sq[0]
        return _unknown(failed, base, forms)
    return _unknown(failed, base, forms)


def _unknown(failed, base, forms):
    if VERSION < (3, 12) and failed == 'gave-up':
        return ('CPython 3.11 left the plain %s here: it gave up specializing it after a failure, or (COMPARE_OP) '
                'no conditional jump follows it. Specialized forms: %s' % (base, forms))
    if failed:
        return ('unknown: CPython tried to specialize %s here and failed; it does not say why (failure kinds are only '
                'counted in --enable-pystats builds). Specialized forms: %s' % (base, forms))
    return 'unknown: CPython does not report why an instruction stays unspecialized. Specialized forms: %s' % forms


def _probe_counters():
    """Measures this version's adaptive counters on a throw-away function: the bits of the backoff field (from the
    cool-down value 52 a freshly specialized instruction gets) and the raw start value of a quickened instruction
    that never ran. Returns the start value, or None."""
    def probe(a, b, flag):
        if flag:
            return a + b
        return 0
    fmt = _cache_format().get('BINARY_OP')
    if not fmt:
        return None

    def raw_counter():
        raw = probe.__code__._co_code_adaptive
        for ins in dis.get_instructions(probe.__code__):
            if ins.opname == 'BINARY_OP':
                return int.from_bytes(raw[ins.offset + 2:ins.offset + 4], 'little')
        return None
    for _ in range(64):
        probe(1, 2, False)
    start = raw_counter()
    for _ in range(4):
        probe(1, 2, True)
    cool = raw_counter()
    if cool and cool % 52 == 0 and (cool // 52) & (cool // 52 - 1) == 0 and VERSION >= (3, 12):
        _BACKOFF_BITS[0] = (cool // 52).bit_length() - 1
    return start


def op_specialize(req):
    if VERSION < (3, 11):
        return {'ok': True, 'supported': False,
                'message': 'CPython %d.%d has no specializing interpreter (it arrived in 3.11, PEP 659)' % VERSION,
                'codeObjects': [], 'seen': [], 'summary': None}
    t_start = _perf()
    t_limit, max_steps, out_limit = _limits(req)
    source, call = req['source'], req.get('call')
    warmup = int(req.get('warmup', 100 if call else 1))
    res = {'ok': True, 'supported': True, 'exception': None, 'warmup': warmup}
    try:
        code, callcode, walked = _compile_program(source, call)
    except COMPILE_ERRORS as e:
        res['exception'] = _exc_info(e, 'compile')
        res.update({'codeObjects': [], 'seen': [], 'summary': None})
        return res
    g = _new_globals()
    cap = _Capture(out_limit)
    phase = 'run'
    t0 = _perf()
    try:
        with cap:
            if callcode is None:
                for k in range(warmup):
                    exec(code, g if k == 0 else _new_globals())
            else:
                exec(code, g)
                phase = 'call'
                for _ in range(warmup):
                    eval(callcode, g)
    except BaseException as e:  # noqa
        res['exception'] = _exc_info(e, phase)
    res['warmupMs'] = (_perf() - t0) * 1000.0
    res.update(cap.result())
    specs = _specializations()
    family_of = {}
    for b, names in specs.items():
        for n in names:
            family_of[n] = b
    fmts = _cache_format()
    init_raw = _probe_counters()
    init_backoff = None if init_raw is None else init_raw & ((1 << _BACKOFF_BITS[0]) - 1)
    objs = []
    seen = {}
    summary = {'specialized': 0, 'unspecialized': 0, 'quickened': 0, 'plain': 0}
    pending = []  # (obj row, instruction row, base ins, counter field)
    plans = {}
    call_sites = {}
    for c, qual, key in walked:
        base = _instructions(c)
        adaptive = {ins.offset: ins for ins in dis.get_instructions(c, adaptive=True)}
        raw = c._co_code_adaptive
        quickened = raw != c.co_code if VERSION < (3, 12) else True
        rows = []
        unspec = []
        line = None
        for ins in base:
            line = _line_of(ins, line)
            a = adaptive.get(ins.offset)
            now = a.opname if a is not None else ins.opname
            fam = specs.get(ins.opname)
            if now != ins.opname and not now.endswith('_ADAPTIVE'):
                state = 'specialized' if (fam and now in fam) or family_of.get(now) == ins.opname else 'quickened'
            elif fam and ins.opname in _TYPE_FAMILIES:
                state = 'unspecialized'
            else:
                state = 'plain'
            summary[state] += 1
            row = {'offset': ins.offset, 'line': line, 'baseOpname': ins.opname, 'opname': now, 'arg': ins.arg,
                   'argrepr': ins.argrepr, 'state': state}
            if fam:
                row['family'] = [n for n in fam if not n.endswith('_ADAPTIVE')]
            fmt = fmts.get(ins.opname)
            if fmt:
                row['cache'] = _decode_caches(raw, ins.offset, fmt)
            if state == 'specialized':
                seen[now] = seen.get(now, 0) + 1
            if state == 'unspecialized':
                unspec.append(ins.offset)
                pending.append((key, row, ins, quickened))
                if ins.opname in ('CALL', 'CALL_KW'):
                    call_sites.setdefault(key, set()).add(ins.offset)
            rows.append(row)
        plan = _sample_plan(base, unspec)
        if plan:
            plans[key] = plan
        objs.append({'key': key, 'qualname': qual, 'name': c.co_name, 'firstLineno': c.co_firstlineno,
                     'quickened': quickened, 'instructions': rows})
    prev_state = {}
    for obj in objs:
        rows = obj['instructions']
        for k in range(1, len(rows)):
            prev_state[(obj['key'], rows[k]['offset'])] = (rows[k - 1]['baseOpname'], rows[k - 1]['state'],
                                                             rows[k - 1]['opname'])
    samples = {}
    sampling_stopped = False
    remaining = t_limit - (_perf() - t_start) - 0.05
    if pending and res['exception'] is None:
        if remaining > 0.05:
            samples, sampling_stopped = _run_sampling(source, call, warmup, plans, call_sites, remaining, out_limit)
        else:
            sampling_stopped = True
    for key, row, ins, quickened in pending:
        if not quickened:
            row['reason'] = ('this code object ran too little to be quickened (CPython 3.11 quickens a code object '
                             'after about 8 calls or loop iterations), so nothing in it is specialized yet')
            continue
        counter = None
        for f in row.get('cache', ()):
            if f['name'] == 'counter':
                counter = f
        s = samples.get((key, ins.offset))
        if s is None and ins.opname == 'FOR_ITER':
            # Sampled at the GET_ITER before it.
            s = samples.get((key, ins.offset - 2))
            if s is not None and 'iterable' not in s['operands']:
                s = None
        if s is not None:
            row['observed'] = {name: sorted(k.keys()) for name, k in s['operands'].items()}
            row['observedDetails'] = s['details']
            row['sampledExecutions'] = s['hits']
        row['reason'] = _reason(ins.opname, row['opname'], ins, s, counter, init_raw, init_backoff, row.get('family', ()),
                                prev_state.get((key, ins.offset)))
    res['codeObjects'] = objs
    res['seen'] = sorted(seen)
    res['seenCounts'] = seen
    res['summary'] = summary
    res['counterStart'] = init_raw
    res['backoffBits'] = _BACKOFF_BITS[0]
    if sampling_stopped:
        res['note'] = ('operand sampling for the reasons stopped at the time limit (the warm-up used most of it); some '
                       'reasons are less specific')
    return res


# ---------------------------------------------------------------------------------------------------------------
# Entry


def op_compile(req):
    """Compiles the source (never runs it) and returns the `.pyc` bytes CPython would write, base64-encoded, for
    the static hints; or the SyntaxError."""
    import base64
    import importlib._bootstrap_external as be
    src = req['source'].encode('utf-8')
    try:
        code = compile(src, req.get('filename', FILENAME), 'exec', dont_inherit=True)
    except SyntaxError as e:
        return {'ok': True, 'compiled': False, 'error': {
            'type': type(e).__name__, 'message': str(e.msg), 'filename': e.filename, 'lineno': e.lineno,
            'offset': e.offset, 'endLineno': getattr(e, 'end_lineno', None), 'endOffset': getattr(e, 'end_offset', None),
            'text': e.text}}
    except (ValueError, TypeError, MemoryError, RecursionError) as e:
        return {'ok': True, 'compiled': False, 'error': {
            'type': type(e).__name__, 'message': str(e), 'filename': req.get('filename', FILENAME), 'lineno': None,
            'offset': None, 'endLineno': None, 'endOffset': None, 'text': None}}
    data = be._code_to_timestamp_pyc(code, 0, len(src))
    return {'ok': True, 'compiled': True, 'pyc': base64.b64encode(bytes(data)).decode('ascii')}


def op_info(req):
    return {'ok': True, 'version': FULL_VERSION, 'counting': 'sys.monitoring' if hasattr(sys, 'monitoring') else 'sys.settrace',
            'specialization': VERSION >= (3, 11)}


_OPS = {'run': op_run, 'compare': op_compare, 'specialize': op_specialize, 'compile': op_compile,
        'info': op_info}


def handle(request_json):
    try:
        req = json.loads(request_json)
        fn = _OPS.get(req.get('op'))
        if fn is None:
            return json.dumps({'ok': False, 'error': 'unknown op %r' % req.get('op')})
        res = fn(req)
        res['version'] = FULL_VERSION
        return json.dumps(res, default=repr)
    except BaseException as e:  # noqa: a driver failure is reported, never raised into the host
        return json.dumps({'ok': False, 'error': '%s: %s' % (type(e).__name__, e),
                           'traceback': traceback.format_exc()[-4000:]})


def handle_file(path):
    with open(path, 'r', encoding='utf-8') as f:
        return handle(f.read())
