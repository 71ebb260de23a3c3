# The specialization view (3.11+): warms the program up, then reads every code object's adaptive bytecode next to
# its base bytecode: what specialized into what, what stayed unspecialized (with a reason), inline cache contents.

import dis

from bytescope_compile import COMPILE_ERRORS

from . import categories
from .caches import BACKOFF_BITS, cache_format, decode_caches, probe_counters, specializations
from .codes import compile_program, identity, instructions, line_of
from .common import CALL_FILENAME, VERSION, Capture, exc_info, limits, new_globals, perf, seconds
from .reasons import reason
from .sampling import run_sampling, sample_plan


def op_specialize(req):
    if VERSION < (3, 11):
        return {'ok': True, 'supported': False,
                'message': 'CPython %d.%d has no specializing interpreter (it arrived in 3.11, PEP 659)' % VERSION,
                'codeObjects': [], 'seen': [], 'summary': None}
    t_start = perf()
    t_limit, max_steps, out_limit = limits(req)
    source, call = req['source'], req.get('call')
    warmup = int(req.get('warmup', 100 if call else 1))
    res = {'ok': True, 'supported': True, 'exception': None, 'warmup': warmup}
    try:
        code, callcode, walked = compile_program(source, call)
    except COMPILE_ERRORS as e:
        res['exception'] = exc_info(e, 'compile')
        res.update({'codeObjects': [], 'seen': [], 'summary': None})
        return res
    g = new_globals()
    cap = Capture(out_limit)
    phase = 'run'
    t0 = perf()
    done = 0
    try:
        with cap:
            # The time limit is checked between warm-up runs (the host kills the runtime if one run overruns).
            if callcode is None:
                for k in range(warmup):
                    if k and perf() - t0 >= t_limit:
                        break
                    exec(code, g if k == 0 else new_globals())
                    done += 1
            else:
                exec(code, g)
                phase = 'call'
                for _ in range(warmup):
                    if perf() - t0 >= t_limit:
                        break
                    eval(callcode, g)
                    done += 1
    except BaseException as e:  # noqa
        res['exception'] = exc_info(e, phase)
    if done < warmup and res['exception'] is None:
        res['stopped'] = {'kind': 'time', 'steps': 0, 'afterMs': (perf() - t0) * 1000.0,
                          'message': 'warm-up stopped after %d of %d runs: it took longer than %s (the time limit)'
                                     % (done, warmup, seconds(t_limit))}
    # The runs (or calls) that finished: fewer than `warmup` when one raised or the time limit stopped the warm-up.
    res['warmupDone'] = done
    res['warmupMs'] = (perf() - t0) * 1000.0
    res.update(cap.result())
    specs = specializations()
    family_of = {}
    for b, names in specs.items():
        for n in names:
            family_of[n] = b
    fmts = cache_format()
    init_raw = probe_counters()
    init_backoff = None if init_raw is None else init_raw & ((1 << BACKOFF_BITS[0]) - 1)
    objs = []
    seen = {}
    summary = {'specialized': 0, 'unspecialized': 0, 'quickened': 0, 'plain': 0}
    pending = []  # (obj row, instruction row, base ins, counter field)
    plans = {}
    call_sites = {}
    for c, key, parent in walked:
        base = instructions(c)
        adaptive = {ins.offset: ins for ins in dis.get_instructions(c, adaptive=True)}
        raw = c._co_code_adaptive
        quickened = raw != c.co_code if VERSION < (3, 12) else True
        rows = []
        unspec = []
        line = None
        for ins in base:
            line = line_of(ins, line)
            a = adaptive.get(ins.offset)
            now = a.opname if a is not None else ins.opname
            fam = specs.get(ins.opname)
            note = None
            if now != ins.opname and not now.endswith('_ADAPTIVE'):
                state = 'specialized' if (fam and now in fam) or family_of.get(now) == ins.opname else 'quickened'
                if '__' in now:
                    # 3.11 and 3.12 list their superinstructions among the "specializations", but quickening fuses
                    # them whatever the operands are.
                    state, note = 'quickened', ('a superinstruction: quickening fused %s with the instruction after '
                                                'it, whatever the values (no specialization)' % ins.opname)
                elif now.endswith('_QUICK'):
                    state, note = 'quickened', 'the quickened form, made for every such instruction (no specialization)'
            elif fam and ins.opname in categories.TYPE_FAMILIES:
                state = 'unspecialized'
            else:
                state = 'plain'
            summary[state] += 1
            row = {'offset': ins.offset, 'line': line, 'baseOpname': ins.opname, 'opname': now, 'arg': ins.arg,
                   'argrepr': ins.argrepr, 'state': state}
            if note:
                row['reason'] = note
            if fam:
                row['family'] = [n for n in fam if not n.endswith('_ADAPTIVE') and not n.endswith('_QUICK') and '__' not in n]
            fmt = fmts.get(ins.opname)
            if fmt:
                row['cache'] = decode_caches(raw, ins.offset, fmt)
            if state == 'specialized':
                seen[now] = seen.get(now, 0) + 1
            if state == 'unspecialized':
                unspec.append(ins.offset)
                pending.append((key, row, ins, quickened))
                if ins.opname in ('CALL', 'CALL_KW'):
                    call_sites.setdefault(key, set()).add(ins.offset)
            rows.append(row)
        plan = sample_plan(base, unspec)
        if plan:
            plans[key] = plan
        obj = identity(c, key, parent)
        obj.update({'quickened': quickened, 'instructions': rows})
        if c.co_filename == CALL_FILENAME:
            obj['expression'] = call  # the call expression's own code object, not a second module
        objs.append(obj)
    prev_state = {}
    for obj in objs:
        rows = obj['instructions']
        for k in range(1, len(rows)):
            prev_state[(obj['index'], rows[k]['offset'])] = (rows[k - 1]['baseOpname'], rows[k - 1]['state'],
                                                             rows[k - 1]['opname'])
    samples = {}
    sampling_stopped = False
    remaining = t_limit - (perf() - t_start) - 0.05
    if pending and res['exception'] is None:
        if remaining > 0.05:
            samples, sampling_stopped = run_sampling(source, call, warmup, plans, call_sites, remaining, out_limit)
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
        row['reason'] = reason(ins.opname, row['opname'], ins, s, counter, init_raw, init_backoff, row.get('family', ()),
                                prev_state.get((key, ins.offset)), runs=warmup if callcode is None else 1)
    res['codeObjects'] = objs
    res['seen'] = sorted(seen)
    res['seenCounts'] = seen
    res['summary'] = summary
    res['counterStart'] = init_raw
    res['backoffBits'] = BACKOFF_BITS[0]
    if sampling_stopped:
        res['note'] = ('operand sampling for the reasons stopped at the time limit (the warm-up used most of it); some '
                       'reasons are less specific')
    return res
