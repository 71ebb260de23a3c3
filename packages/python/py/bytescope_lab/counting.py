# Counting: runs the user's program once and counts every instruction it executes, per code object, with
# sys.monitoring INSTRUCTION events (3.12+) or sys.settrace with f_trace_opcodes (3.10, 3.11). Counting runs in its
# own pass and is never active while timing. The same callbacks enforce the step and time limits.

import gc
import sys

from bytescope_compile import COMPILE_ERRORS

from .codes import compile_program, identity, instructions, line_of
from .common import (VERSION, Capture, LabStop, claim_monitoring_tool, exc_info, limits, new_globals, perf, safe_repr,
                     seconds)


class Counter:
    """Counts executed instructions of a fixed set of code objects; stops the program on the time/step limit."""

    def __init__(self, codes, time_limit_s, max_steps):
        self.codes = codes
        self.arrs = {id(c): [0] * (len(c.co_code) // 2 + 1) for c in codes}
        self.time_limit_s = time_limit_s
        self.max_steps = max_steps
        self.steps = 0
        self.start = perf()
        self.tool = None

    def reset(self):
        for a in self.arrs.values():
            for i in range(len(a)):
                a[i] = 0
        self.steps = 0

    def _check(self, steps):
        elapsed = perf() - self.start
        if steps >= self.max_steps:
            raise LabStop('steps', 'stopped after %d instructions (the step limit), %.1f s in: the program had not '
                          'finished' % (steps, elapsed), steps, elapsed)
        if elapsed >= self.time_limit_s:
            raise LabStop('time', 'stopped: the program took longer than %s (the time limit)' % seconds(self.time_limit_s),
                          steps, elapsed)

    def __enter__(self):
        self.start = perf()
        arrs = self.arrs
        state = [0, min(4096, self.max_steps)]  # steps, next check
        self._state = state
        check = self._check
        max_steps = self.max_steps
        if hasattr(sys, 'monitoring'):
            M = sys.monitoring
            tool = claim_monitoring_tool('bytescope-lab')
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
        for code, code_index, parent in walked:
            arr = self.arrs.get(id(code))
            if arr is None:
                continue
            insts = instructions(code)
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
            if fix_counts(insts, counts) and VERSION == (3, 10):
                approx = True
            rows = []
            c_by = {}
            c_total = 0
            line = None
            for ins, n in zip(insts, counts):
                line = line_of(ins, line)
                rows.append({'offset': ins.offset, 'opname': ins.opname, 'arg': ins.arg, 'argrepr': ins.argrepr,
                             'line': line, 'count': n})
                if n:
                    c_by[ins.opname] = c_by.get(ins.opname, 0) + n
                    by_op[ins.opname] = by_op.get(ins.opname, 0) + n
                    c_total += n
            total += c_total
            obj = identity(code, code_index, parent)
            obj.update({'filename': code.co_filename, 'total': c_total, 'byOpname': c_by, 'instructions': rows})
            objs.append(obj)
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


def fix_counts(insts, counts):
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


def counted_run(source, call, time_limit_s, max_steps, output_limit, counts=True):
    """Runs `source` (then evaluates `call`, if any) once, counting instructions. Returns a JSON-able dict."""
    res = {'exception': None, 'stopped': None, 'counts': None, 'value': None}
    try:
        code, callcode, walked = compile_program(source, call)
    except COMPILE_ERRORS as e:
        res['exception'] = exc_info(e, 'compile')
        res.update(Capture(output_limit).result())
        res['elapsedMs'] = 0.0
        return res
    counter = Counter([w[0] for w in walked] if counts else [], time_limit_s, max_steps)
    g = new_globals()
    cap = Capture(output_limit)
    phase = 'run'
    t0 = perf()
    gc_was = gc.isenabled()
    try:
        with cap:
            with counter:
                exec(code, g)
                if callcode is not None:
                    phase = 'call'
                    counter.reset()  # counts cover the call; the time limit covers set-up and call together
                    v = eval(callcode, g)
                    res['value'] = safe_repr(v)
    except LabStop as e:
        res['stopped'] = {'kind': e.kind, 'message': e.message, 'steps': e.steps, 'afterMs': e.elapsed * 1000.0}
    except KeyboardInterrupt as e:
        res['exception'] = exc_info(e, phase)
    except SystemExit as e:
        res['exception'] = exc_info(e, phase)
    except BaseException as e:  # noqa: the user's exception is a result, not a failure
        res['exception'] = exc_info(e, phase)
    finally:
        if gc_was and not gc.isenabled():
            gc.enable()
    res['elapsedMs'] = (perf() - t0) * 1000.0
    res['steps'] = counter.steps
    if counts:
        res['counts'] = counter.report(walked)
    res.update(cap.result())
    return res


def op_run(req):
    t, steps, out = limits(req)
    r = counted_run(req['source'], req.get('call'), t, steps, out, counts=req.get('counts', True))
    r['ok'] = True
    return r
