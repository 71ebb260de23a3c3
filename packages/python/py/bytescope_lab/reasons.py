# Why an instruction stayed unspecialized, in plain words: a heuristic over its adaptive counter, the operand kinds
# sampled in a second run, and what each version is known to specialize. It says so when it does not know.

from .caches import BACKOFF_BITS
from .common import VERSION


def too_few(hits):
    """The reason of an instruction that ran too few times to be specialized."""
    return ('executed only %s during the warm-up: too few to warm up (the specializer looks at an instruction from '
            'its second execution on)' % ('%d time%s' % (hits, '' if hits == 1 else 's')))


def reason(base, now, ins, sample, counter, init_raw, init_backoff, family, prev, runs=1):
    """A plain-words guess at why a specializable instruction stayed unspecialized, from its adaptive counter, the
    operand kinds sampled in a second run, and what each version is known to specialize. Says so when unknown.
    `runs`: how many times the warm-up ran the code the sample ran once (the program, without a call expression)."""
    hits = sample['hits'] * runs if sample else None
    if VERSION >= (3, 12) and hits is not None and hits < 2:
        # From 3.12 a quickened instruction's counter starts at "warm-up" and the specializer first runs on its
        # second execution: what ran once cannot be specialized, whatever its operands.
        return 'not executed during the warm-up' if hits == 0 else too_few(hits)
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
            init_value = init_raw >> BACKOFF_BITS[0]
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
