# Recording a trace: the user's module (or one call after it ran) executed with an event before every instruction of
# its own code objects (events.py), each step keeping the stack (reader.py, or None where the stack must be
# simulated), the locals, the call stack and how much had been printed. The TypeScript side
# (packages/python/src/trace.ts) gives it the compiled module and what the core's static analysis knows of every
# code object (depths, localsplus names, handler entries), and turns the answer into the Trace model
# (packages/core/src/trace/model.ts).

import io
import marshal
import sys
import time
import types

from bytescope_lab.common import BoundedWriter, new_globals

from . import calibrate
from .events import Events
from .layouts import LAYOUTS
from . import reader as reader_module
from .reader import FrameReader, ReadError, exception_text, short_repr

VERSION = '%d.%d' % sys.version_info[:2]
FULL_VERSION = sys.version.split()[0]
CALL_FILENAME = '<trace-call>'
_HEADER = 16
_MAX_NAMES = 64


class TraceStop(BaseException):
    """Raised from the event callback when a limit is reached (BaseException: `except Exception` does not catch it)."""

    def __init__(self, reason, limit):
        BaseException.__init__(self, reason)
        self.reason = reason
        self.limit = limit


class CodeInfo:
    """What the TypeScript side computed for one code object (by dis index)."""

    __slots__ = ('index', 'depths', 'handlers', 'localsplus', 'kinds', 'checkable', 'optimized', 'nlocalsplus')

    def __init__(self, index, d):
        self.index = index
        pairs = d['depths']
        self.depths = dict(zip(pairs[0::2], pairs[1::2]))
        self.handlers = frozenset(d['handlers'])
        self.localsplus = [n for n, _k, _c in d['localsplus']]
        self.kinds = [k for _n, k, _c in d['localsplus']]
        self.checkable = frozenset(j for j, (_n, _k, c) in enumerate(d['localsplus']) if c)
        self.optimized = d['optimized']
        self.nlocalsplus = None


def _dis_order(root):
    out = []
    stack = [root]
    while stack:
        c = stack.pop()
        out.append(c)
        stack.extend(reversed([k for k in c.co_consts if isinstance(k, types.CodeType)]))
    return out


def _names(frame):
    out = []
    try:
        items = list(frame.f_locals.items())
    except BaseException:  # noqa
        return out
    for k, v in items:
        if not isinstance(k, str) or (k.startswith('__') and k.endswith('__')) or isinstance(v, types.ModuleType):
            continue
        out.append((k, short_repr(v)))
        if len(out) >= _MAX_NAMES:
            break
    return out


def run(req):
    """Records the trace the request asks for; returns the answer as a dict (see trace.ts, PythonTraceAnswer)."""
    with open(req['pyc_path'], 'rb') as f:
        module = marshal.loads(f.read()[_HEADER:])
    order = _dis_order(module)
    infos = req['codes']
    if len(infos) != len(order):
        return {'ok': False, 'error': 'the analysis lists %d code objects, the module holds %d' % (len(infos), len(order))}
    by_id = {}
    for i, c in enumerate(order):
        by_id.setdefault(id(c), CodeInfo(i, infos[i]))
    codes = set(order)
    reader_module.USER_CODES.clear()
    reader_module.USER_CODES.update(id(c) for c in order)
    layout = LAYOUTS.get(VERSION)
    if 'layout_patch' in req:  # testing: a wrong layout, or none
        patch = req['layout_patch']
        layout = None if patch is None or layout is None else dict(layout, **patch)
    problem = calibrate.verify(layout)
    reader = FrameReader(layout, by_id) if problem is None else None
    state = {'reader': reader, 'fallback': None if problem is None else (0, problem)}
    fault_step = req.get('fault_step')  # testing: the reader's check fails at this step
    max_steps = int(req['max_steps'])
    deadline_ms = float(req['timeout_ms'])
    out = BoundedWriter(int(req.get('output_limit', 65536)))
    steps = []
    append = steps.append
    perf = time.perf_counter
    t0 = perf()
    deadline = t0 + deadline_ms / 1000.0
    stopped = []

    def on_instruction(frame, offset):
        if stopped:
            raise stopped[0]
        n = len(steps)
        if n >= max_steps:
            stopped.append(TraceStop('steps', max_steps))
            raise stopped[0]
        if n & 63 == 0 and perf() > deadline:
            stopped.append(TraceStop('time', deadline_ms))
            raise stopped[0]
        info = by_id.get(id(frame.f_code))
        if info is None:
            return
        calls = []
        f = frame
        while f is not None:
            ci = by_id.get(id(f.f_code))
            if ci is not None:
                calls.append(ci.index)
            f = f.f_back
        calls.reverse()
        stack = values = exc = None
        r = state['reader']
        if r is not None:
            try:
                if n == fault_step:
                    raise ReadError('injected fault (testing)')
                stack, values, exc = r.read(frame, info, info.depths.get(offset))
            except ReadError as e:
                state['reader'] = None
                state['fallback'] = (n, '%s at offset %d: %s' % (frame.f_code.co_qualname if hasattr(frame.f_code, 'co_qualname') else frame.f_code.co_name, offset, e))
                stack = values = exc = None
        if values is None:
            values = _locals_from_f_locals(frame, info)
        handler = offset in info.handlers
        append((info.index, offset, (exc or '') if handler else None, stack, values,
                None if info.optimized else _names(frame), calls, out.size))

    g = new_globals()
    outcome = {'status': 'ok'}
    saved = sys.stdout, sys.stdin
    sys.stdout = out
    sys.stdin = io.StringIO('')
    try:
        try:
            if req.get('call'):
                exec(module, g)
                call = compile(req['call'], CALL_FILENAME, 'eval')
                with Events(codes, on_instruction):
                    result = eval(call, g)
                outcome['result'] = short_repr(result)
                result = None
            else:
                with Events(codes, on_instruction):
                    exec(module, g)
        except TraceStop:
            outcome = {'status': 'truncated'}
        except BaseException as e:  # noqa: the user's program raised
            if stopped:
                outcome = {'status': 'truncated'}
            else:
                outcome = {'status': 'error', 'error': exception_text(e)}
    finally:
        sys.stdout, sys.stdin = saved
    elapsed = (perf() - t0) * 1000.0
    fb = state['fallback']
    return {
        'ok': True, 'version': FULL_VERSION, 'steps': steps, 'stdout': ''.join(out.parts),
        'outcome': outcome, 'elapsed_ms': elapsed,
        'truncated': {'reason': stopped[0].reason, 'limit': stopped[0].limit} if stopped else None,
        'fallback': None if fb is None else {'first_step': fb[0], 'reason': fb[1]},
    }


def _locals_from_f_locals(frame, info):
    """The locals when the frame's memory is not read: by name from f_locals (cells and free variables too)."""
    try:
        fl = frame.f_locals
    except BaseException:  # noqa
        return [None] * len(info.localsplus)
    out = []
    for name in info.localsplus:
        try:
            out.append(short_repr(fl[name]) if name in fl else None)
        except BaseException:  # noqa
            out.append(None)
    return out
