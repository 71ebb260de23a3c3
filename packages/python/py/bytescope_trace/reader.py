# Reading a frame's value stack and locals from the interpreter's memory, with the layout of layouts.py, checking
# itself at every step: the frame's own words (the code object, the back pointer to the frame object), the depth
# (the stack pointer where the interpreter keeps it at instruction events, equal to the static depth the core
# computed; the static depth alone where it does not), every address inside the heap and the frame, every object
# pointer plausible (reference count, a readable type whose type's type is `type`) before it is ever turned into an
# object, and the locals read equal to frame.f_locals. A failed check raises ReadError; the caller then falls back
# to the simulated stack. Objects are turned into reprs at once and dropped (holding them would change the
# program's behaviour: reference counts, in-place optimisations, __del__ timing).

import reprlib

from .memory import Memory, signed

try:
    from _ctypes import PyObj_FromPtr as _from_ptr
except ImportError:  # pragma: no cover - every supported runtime has it
    import ctypes

    def _from_ptr(p):
        return ctypes.cast(p, ctypes.py_object).value

REPR_MAX = 80
_BIG = 10 ** 30
_TYPE_ID = id(type)

# The ids of the traced program's code objects (set by the tracer): a __repr__ or __str__ of the program itself is
# never called from the tracer (it could loop forever with no step limit to stop it, print, or change state while
# the program is paused); its objects show as object.__repr__ does. Other Python-level reprs (the standard
# library's) are called.
USER_CODES = set()


def _own_method(t, name):
    f = getattr(t, name, None)
    code = getattr(f, '__code__', None)
    return code is not None and id(code) in USER_CODES


class _Repr(reprlib.Repr):
    def repr1(self, x, level):
        if _own_method(type(x), '__repr__'):
            return object.__repr__(x)
        return reprlib.Repr.repr1(self, x, level)


_repr = _Repr()
_repr.maxstring = REPR_MAX
_repr.maxother = REPR_MAX
_repr.maxlevel = 3
_repr.maxlist = _repr.maxtuple = _repr.maxdict = _repr.maxset = _repr.maxfrozenset = _repr.maxdeque = 8


_PLAIN = frozenset([bool, float, type(None), complex])


def _plain(x, t):
    """Whether the builtin repr of `x` is short and runs no user code: small numbers, short strings, None."""
    return t in _PLAIN or (t is int and -_BIG < x < _BIG) or (t is str and len(x) <= REPR_MAX)


_CONTAINERS = frozenset([list, tuple, dict, set, frozenset])


def _plain_items(c, t):
    if t is dict:
        for k, v in c.items():
            if not (_plain(k, type(k)) and _plain(v, type(v))):
                return False
        return True
    for x in c:
        if not _plain(x, type(x)):
            return False
    return True


def short_repr(obj):
    """A bounded repr that never raises (a user __repr__ may raise anything)."""
    t = type(obj)
    if _plain(obj, t) or (t in _CONTAINERS and len(obj) <= 16 and _plain_items(obj, t)):
        r = repr(obj)
        return r if len(r) <= REPR_MAX else r[:REPR_MAX - 1] + '\u2026'
    try:
        r = _repr.repr(obj)
    except BaseException as e:  # noqa
        return '<repr failed: %s>' % type(e).__name__
    if not isinstance(r, str):
        return '<repr failed>'
    return r if len(r) <= REPR_MAX else r[:REPR_MAX - 1] + '\u2026'


class ReadError(Exception):
    """A self check failed: this step's stack cannot be trusted."""


class FrameReader:
    def __init__(self, layout, static_codes):
        self.L = layout
        self.mem = Memory()
        self.static = static_codes  # id(code) -> CodeInfo (depth table, localsplus names, checkable locals)
        self.tagged = layout['tagged']
        self.null_word = layout['null_word']
        self.mask = ~3 if self.tagged else ~0
        self.nlp = {}
        # Type objects already seen whole (their type's type is `type`): an object pointing at one needs no more
        # reads before it is made an object.
        self.types = set()

    def _object(self, w):
        """Decodes one slot word: ('n', 'NULL'), ('i', int) or ('o', obj); raises ReadError for an implausible one."""
        if w == self.null_word:
            return 'n', None
        if self.tagged:
            bits = w & 3
            if bits == 3:
                return 'i', signed(w) >> 2
            if bits == 2:
                raise ReadError('invalid tagged stack reference %#x' % w)
            w &= ~3
        mem = self.mem
        if w == 0 or w % 4:
            raise ReadError('misaligned object pointer %#x' % w)
        head = mem.words(w, 2)
        if head is None or head[0] == 0:
            raise ReadError('object pointer %#x outside the heap or freed' % w)
        tp = head[1]
        if tp not in self.types:
            meta = mem.word(tp + 4) if tp % 4 == 0 else None
            if meta is None or meta % 4 or mem.word(meta + 4) != _TYPE_ID:
                raise ReadError('object pointer %#x has no plausible type' % w)
        obj = _from_ptr(w)
        if id(type(obj)) != tp:
            raise ReadError('object at %#x changed its type' % w)
        if isinstance(obj, type):
            self.types.add(id(obj))
        else:
            self.types.add(tp)
        return 'o', obj

    def read(self, frame, info, static_depth):
        """(stack slots, locals, topmost exception on the stack as text or None) of `frame`, before the instruction at which the event came."""
        L = self.L
        mem = self.mem
        code = frame.f_code
        fid = id(frame)
        nlp = info.nlocalsplus
        if nlp is None:
            nlp = info.nlocalsplus = (frame.__sizeof__() - type(frame).__basicsize__) // 4 - code.co_stacksize + L['sizeof_extra']
            if nlp != len(info.localsplus):
                raise ReadError('frame has %d localsplus slots, the code names %d' % (nlp, len(info.localsplus)))
        if L['frame_to_base'] is None:
            base = fid
        else:
            base = mem.word(fid + L['frame_to_base'])
            if base is None:
                raise ReadError('frame pointer unreadable')
        lp = L['localsplus'] // 4
        n = lp + nlp + code.co_stacksize
        words = mem.words(base, n)
        if words is None:
            raise ReadError('frame outside the heap')
        if words[L['code'] // 4] & ~3 != id(code):
            raise ReadError('frame does not hold its code object')
        if L['frame_obj'] is not None and words[L['frame_obj'] // 4] != fid:
            raise ReadError('frame does not point back to its frame object')
        sp = words[L['sp'] // 4]
        if L['sp_at_instruction']:
            kind = L['sp_kind']
            if kind == 'depth':
                depth = sp
            elif kind == 'index':
                depth = signed(sp) - nlp
            else:
                depth = (sp - (base + 4 * (lp + nlp))) // 4
                if sp != base + 4 * (lp + nlp + depth):
                    raise ReadError('stack pointer %#x not on a slot' % sp)
            if static_depth is not None and depth != static_depth:
                raise ReadError('stack depth %d differs from the static depth %d' % (depth, static_depth))
        else:
            if signed(sp) != L['sp_unset']:
                raise ReadError('stack pointer field holds %d, expected the unset marker' % signed(sp))
            if static_depth is None:
                raise ReadError('no static depth at this offset')
            depth = static_depth
        if not 0 <= depth <= code.co_stacksize:
            raise ReadError('stack depth %d outside [0, %d]' % (depth, code.co_stacksize))
        stack = []
        obj = self._object
        exc = None
        for w in words[lp + nlp:lp + nlp + depth]:
            k, v = obj(w)
            if k == 'o':
                stack.append(('o', short_repr(v), type(v).__name__))
                if isinstance(v, BaseException):
                    exc = exception_text(v)
            elif k == 'n':
                stack.append(('n', 'NULL'))
            else:
                stack.append(('i', str(v)))
            v = None
        # Locals: by name from f_locals (no object is made from a pointer here); each plain fast local's slot must
        # hold exactly that object (or NULL when f_locals does not bind the name).
        values = []
        try:
            fl = frame.f_locals
        except BaseException as e:  # noqa
            raise ReadError('f_locals failed: %s' % type(e).__name__)
        mask = self.mask
        null = self.null_word
        checkable = info.checkable
        for j, (w, name) in enumerate(zip(words[lp:lp + nlp], info.localsplus)):
            bound = name in fl
            if j in checkable:
                if (w == null or w == 0) == bound or (bound and w & mask != id(fl[name])):
                    raise ReadError('local %s read from the frame differs from f_locals' % name)
            values.append(short_repr(fl[name]) if bound else None)
        return stack, values, exc


def exception_text(e):
    """`TypeName: message`, bounded."""
    try:
        msg = '' if _own_method(type(e), '__str__') else str(e)
    except BaseException:  # noqa
        msg = '<str failed>'
    t = type(e).__name__ + (': ' + msg if msg else '')
    return t if len(t) <= REPR_MAX else t[:REPR_MAX - 1] + '\u2026'
