# Finding the frame layout of the running CPython from scratch, with sentinels: a small function whose stack, at a
# known instruction, holds objects whose addresses are known. Nothing here is a constant of a version; the table
# in layouts.py is what `discover()` printed in each runtime (packages/python/scripts/gen-frame-layouts.ts), and
# the tracer checks at start-up (`verify`) that the running interpreter still agrees with its version's entry.
#
# A layout names, as byte offsets:
#   frame_to_base   where the frame object holds the pointer to the interpreter's frame (3.11+: the
#                   _PyInterpreterFrame); None when the frame object itself is that frame (3.10)
#   code            the code object's word in the base frame (masked when refs are tagged)
#   frame_obj       the word that points back to the frame object (None when the base is the frame object)
#   localsplus      the first slot of the locals, cells and free variables; the value stack follows them
#   sp              the stack pointer's word; sp_kind says what it holds: 'depth' (slots on the stack),
#                   'index' (slots from localsplus[0]) or 'pointer' (the address above the top slot)
#   sp_at_instruction  whether sp is valid at instruction events (False: the depth must come from the static
#                   analysis, and the word holds `sp_unset` then)
#   tagged          whether slots are tagged stack references (low 2 bits: 1 = NULL, 3 = a tagged int)
#   null_word       the raw word of a NULL slot
#   sizeof_extra    nlocalsplus = (frame.__sizeof__() - basicsize) // 4 - co_stacksize + sizeof_extra

import dis
import sys

from .events import Events
from .memory import Memory, signed

SENTINEL_SOURCE = '''
def _cal(a, b):
    return _sink((a,
        b,
        S1,
        S2))
'''


class _S:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return '<sentinel %s>' % self.name


def _sentinel():
    ns = {'S1': _S('S1'), 'S2': _S('S2'), '_sink': len}
    exec(compile(SENTINEL_SOURCE, '<bytescope-calibration>', 'exec'), ns)
    fn = ns['_cal']
    code = fn.__code__
    ins = list(dis.get_instructions(code))
    build = next(i for i in ins if i.opname == 'BUILD_TUPLE')
    prev = ins[ins.index(build) - 1]
    nxt = ins[ins.index(build) + 1]
    lines = {}
    for i in ins:
        if i.opname.startswith('LOAD_') and i.argval in ('b', 'S1', 'S2'):
            lines[i.argval] = i.positions.lineno if hasattr(i, 'positions') else None
    return ns, fn, code, build.offset, prev.offset, nxt.offset


def _snapshot(mem, frame, span):
    """The words of the frame object and of every block it points to (up to `span` bytes each)."""
    fid = id(frame)
    basic = type(frame).__basicsize__
    fw = mem.words(fid, basic // 4)
    blocks = {None: mem.words(fid, (basic + span) // 4)}
    for k, w in enumerate(fw or ()):
        if w != fid and w % 4 == 0 and mem.inside(w, span):
            blocks[4 * k] = mem.words(w, span // 4)
    return blocks


def _observe():
    """Runs the sentinel under instruction and line events and keeps the raw words seen at each."""
    mem = Memory()
    if not mem.usable():
        raise RuntimeError('no readable wasm32 memory (not Pyodide, or not 32-bit)')
    ns, fn, code, build_off, prev_off, next_off = _sentinel()
    span = 64 + 4 * (8 + code.co_stacksize)
    seen = {'ins': {}, 'line': {}}
    a, b = _S('a'), _S('b')

    def on_ins(frame, offset):
        if frame.f_code is code and offset in (build_off, prev_off, next_off):
            seen['ins'][offset] = (_snapshot(mem, frame, span), id(frame), type(frame).__basicsize__, frame.__sizeof__())

    def on_line(frame, lineno):
        if frame.f_code is code:
            seen['line'][lineno] = _snapshot(mem, frame, span)

    with Events({code}, on_ins, on_line):
        fn(a, b)
    return ns, code, a, b, build_off, prev_off, next_off, seen


def discover():
    """Derives the layout of the running interpreter (a dict as described above), or raises RuntimeError."""
    ns, code, a, b, build_off, prev_off, next_off, seen = _observe()
    if any(o not in seen['ins'] for o in (build_off, prev_off, next_off)):
        raise RuntimeError('no instruction events for the sentinel')
    blocks, fid, basic, sizeof = seen['ins'][build_off]
    prev_blocks = seen['ins'][prev_off][0]
    want = [id(a), id(b), id(ns['S1']), id(ns['S2'])]
    found = []
    for key, words in blocks.items():
        if words is None:
            continue
        for k in range(len(words) - 1):
            if words[k] & ~3 == want[0] and words[k + 1] & ~3 == want[1]:
                found.append((key, k, words))
                break
    # The locals are the first place a and b appear next to each other; the stack holds them again above.
    cands = []
    for key, k, words in found:
        m = lambda w: w & ~3
        codes = [4 * j for j, w in enumerate(words) if m(w) == id(code)]
        if not codes:
            continue
        # a stack copy a, b, S1, S2 above the locals
        for s in range(k + 2, len(words) - 3):
            if [m(w) for w in words[s:s + 4]] == want:
                cands.append((key, k, s, codes[0], words))
                break
    if len(cands) != 1:
        raise RuntimeError('sentinel scan found %d candidate frames' % len(cands))
    key, k, s, code_off, words = cands[0]
    nlocalsplus = 2
    base_addr = fid if key is None else (_word_of(blocks[None], key))
    stackbase = k + nlocalsplus
    depth = s + 4 - stackbase
    prefix = words[stackbase:s]
    null_words = [w for w in prefix if w & ~3 != id(ns['_sink'])]
    if len(null_words) > 1 or any(w > 3 for w in null_words):
        raise RuntimeError('unexpected slots below the sentinel call: %r' % (prefix,))
    # A NULL is 0, or 1 where stack references are tagged (3.14+); without a NULL below the call (3.10): 0.
    null_word = null_words[0] if null_words else 0
    tagged = null_word == 1
    frame_obj = None
    if key is not None:
        fo = [4 * j for j, w in enumerate(words[:k]) if w == fid]
        if len(fo) != 1:
            raise RuntimeError('no unique back pointer to the frame object')
        frame_obj = fo[0]
    sizeof_extra = nlocalsplus - ((sizeof - basic) // 4 - code.co_stacksize)
    sp = _find_sp(words, prev_blocks[key], seen['ins'][next_off][0][key], k, stackbase, depth, base_addr)
    if sp is not None:
        sp_off, sp_kind = sp
        at_ins = True
        unset = None
    else:
        # Not stored at instruction events: find it at line events, where it is (depths: before b, S1, S2).
        found_sp = _find_sp_lines(seen['line'], key, k, stackbase, depth, base_addr, code)
        if found_sp is None:
            raise RuntimeError('no stack pointer field found')
        sp_off, sp_kind = found_sp
        at_ins = False
        unset = signed(words[sp_off // 4])
    return {
        'frame_to_base': key, 'code': code_off, 'frame_obj': frame_obj, 'localsplus': 4 * k, 'sp': sp_off,
        'sp_kind': sp_kind, 'sp_at_instruction': at_ins, 'sp_unset': unset, 'tagged': tagged,
        'null_word': null_word, 'sizeof_extra': sizeof_extra,
    }


def _word_of(words, off):
    return words[off // 4]


def _kinds(words_now, words_before, k, stackbase, depth, base_addr, slots=1):
    out = []
    for j in range(min(len(words_now), len(words_before), k)):
        now, before = words_now[j], words_before[j]
        for kind, value, step in (('depth', depth, slots), ('index', stackbase - k + depth, slots),
                                  ('pointer', base_addr + 4 * (stackbase + depth), 4 * slots)):
            if now == value and now - before == step:
                out.append((4 * j, kind))
    return out


def _find_sp(words, prev_words, next_words, k, stackbase, depth, base_addr):
    # Before BUILD_TUPLE (depth), before the load under it (depth - 1), before the call after it (depth - 3).
    if prev_words is None or next_words is None:
        return None
    c = set(_kinds(words, prev_words, k, stackbase, depth, base_addr))
    c &= set((o, kind) for o, kind in _kinds(next_words, prev_words, k, stackbase, depth - 3, base_addr, -2))
    return min(c) if len(c) == 1 else None


def _find_sp_lines(lines, key, k, stackbase, depth, base_addr, code):
    # Line events come before the loads of b, S1 and S2: depths depth-3, depth-2, depth-1.
    ls = sorted(lines)
    if len(ls) < 3:
        return None
    snaps = [lines[n].get(key) for n in ls[-3:]]
    if any(s is None for s in snaps):
        return None
    c1 = set(_kinds(snaps[1], snaps[0], k, stackbase, depth - 2, base_addr))
    c2 = set(_kinds(snaps[2], snaps[1], k, stackbase, depth - 1, base_addr))
    both = sorted(c1 & c2)
    return both[0] if len(both) == 1 else None


def verify(layout):
    """None when the running interpreter agrees with `layout` on the sentinel, else what disagrees (one line)."""
    if layout is None:
        return 'no verified frame layout for Python %d.%d' % sys.version_info[:2]
    try:
        found = discover()
    except Exception as e:  # noqa: any failure of the scan means the layout cannot be confirmed
        return 'layout calibration failed: %s' % e
    diff = [k for k in sorted(set(found) | set(layout)) if found.get(k) != layout.get(k)]
    if diff:
        return 'layout calibration disagrees on %s' % ', '.join('%s (table %r, seen %r)' % (k, layout.get(k), found.get(k)) for k in diff)
    return None
