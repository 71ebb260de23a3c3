# Operand sampling for the specialization view: a second run of the program that looks at the values an
# unspecialized instruction met (their types, and the details the specializer cares about), when they were pushed
# by simple loads right before it; calls are seen through sys.monitoring CALL events (3.12+).

import sys
import types

from . import categories
from .codes import compile_program
from .common import VERSION, Capture, LabStop, claim_monitoring_tool, new_globals, perf


def _producers(insts, i, n):
    """The instructions that pushed the `n` values on top of the stack before `insts[i]`, when they are simple
    loads right before it: a list of (instruction, pair index or None), deepest first; None when unknown."""
    out = []
    j = i - 1
    while len(out) < n and j >= 0:
        ins = insts[j]
        if ins.opname in categories.SIMPLE_LOADS:
            if ins.opname == 'LOAD_GLOBAL' and VERSION >= (3, 11) and (ins.arg or 0) & 1:
                # LOAD_GLOBAL also pushing NULL: a callee, not an operand.
                return None
            out.append((ins, None))
        elif ins.opname in categories.PAIR_LOADS:
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
        if op in categories.SIMPLE_LOADS and not (op == 'LOAD_GLOBAL' and (insts[j].arg or 0) & 1):
            argc -= 1
        elif op in categories.PAIR_LOADS:
            argc -= 2
        else:
            return None
        j -= 1
    if argc != 0 or j < 0:
        return None
    if insts[j].opname == 'PUSH_NULL':
        j -= 1
    if j >= 0 and insts[j].opname in categories.SIMPLE_LOADS:
        return [(insts[j], None)]
    return None


def sample_plan(insts, unspecialized_offsets):
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


def run_sampling(source, call, warmup, plans, call_sites, time_limit_s, output_limit):
    """Runs the program again (fresh code objects) and samples operand kinds at the planned sites.
    Returns ({(key, site offset): {'hits': n, 'operands': {name: {kind: count}}, 'details': {...}}}, stopped)."""
    code, callcode, walked = compile_program(source, call)
    monitoring = hasattr(sys, 'monitoring')
    by_id = {}
    for c, key, _parent in walked:
        p = plans.get(key)
        if p and monitoring:  # calls are seen through CALL events, with the callable itself
            p = {o: site for o, site in p.items() if site[1][0][0] != 'callable'}
        cs = call_sites.get(key)
        if p or cs:
            by_id[id(c)] = (key, p or {}, cs or set())
    samples = {}
    K = 24
    start = perf()

    def site(key, offset):
        """The sample of a site, counting this execution; None past the first K executions."""
        s = samples.setdefault((key, offset), {'hits': 0, 'operands': {}, 'details': {}})
        s['hits'] += 1
        return s if s['hits'] <= K else None

    def note(s, name, v):
        """Records the kind of operand `name`'s value `v` at a site."""
        d = _describe(v)
        tn = d['type']
        ops = s['operands'].setdefault(name, {})
        ops[tn] = ops.get(tn, 0) + 1
        if 'detail' in d:
            s['details'].setdefault(name, {})[tn] = d['detail']

    def sample(code_id, frame, offset):
        entry = by_id.get(code_id)
        if entry is None:
            return False
        key, plan, _ = entry
        site_plan = plan.get(offset)
        if site_plan is None:
            return False
        target, operands = site_plan
        s = site(key, target)
        if s is None:
            return False
        for name, prod, pair in operands:
            v = _value_of(frame, prod, pair)
            if v is not _MISSING:
                note(s, name, v)
        return True

    def record_call(key, offset, func):
        s = site(key, offset)
        if s is not None:
            note(s, 'callable', func)

    def run_program():
        exec(code, g)
        if callcode is not None:
            for _ in range(warmup):
                eval(callcode, g)

    g = new_globals()
    cap = Capture(output_limit)
    stopped = False
    try:
        with cap:
            if monitoring:
                M = sys.monitoring
                tool = claim_monitoring_tool('bytescope-lab-sample')
                DISABLE = M.DISABLE
                getframe = sys._getframe

                def on_ins(code, offset):
                    if perf() - start > time_limit_s:
                        raise LabStop('time', 'sampling stopped (time limit)', 0, perf() - start)
                    if not sample(id(code), getframe(1), offset):
                        return DISABLE

                def on_call(code, offset, func, arg0):
                    e = by_id.get(id(code))
                    if e is None or offset not in e[2]:
                        return DISABLE
                    record_call(e[0], offset, func)

                M.register_callback(tool, M.events.INSTRUCTION, on_ins)
                M.register_callback(tool, M.events.CALL, on_call)
                for c, key, _parent in walked:
                    if id(c) in by_id:
                        M.set_local_events(tool, c, M.events.INSTRUCTION | M.events.CALL)
                try:
                    run_program()
                finally:
                    for c, key, _parent in walked:
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
                        if perf() - start > time_limit_s:
                            raise LabStop('time', 'sampling stopped (time limit)', 0, perf() - start)
                        sample(id(frame.f_code), frame, frame.f_lasti)
                    return local

                sys.settrace(glob)
                try:
                    run_program()
                finally:
                    sys.settrace(None)
    except LabStop:
        stopped = True
    except BaseException:  # noqa: the warm-up already reported the user's exceptions
        pass
    return samples, stopped
