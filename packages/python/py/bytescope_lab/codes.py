# The user's code objects: compiling a program (and its call expression) and walking every code object in it,
# each with a qualified name and a stable key; the instructions of one code object and their source lines.

import dis
import types

from bytescope_compile import compile_code

from .common import CALL_FILENAME, VERSION, program_filename

_CodeType = types.CodeType


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


def instructions(code, **kw):
    """dis.get_instructions as a list."""
    return list(dis.get_instructions(code, **kw))


def line_of(ins, current):
    """The source line of `ins`: its own, or `current` (the line of the instructions before it) when it has none."""
    ln = getattr(ins, 'line_number', None)
    if ln is not None:
        return ln
    if VERSION < (3, 13) and ins.starts_line is not None:
        return ins.starts_line
    return current


def compile_program(source, call):
    """Compiles the program and the optional call expression (raising bytescope_compile.COMPILE_ERRORS); returns
    (code, callcode or None, every code object of both as walk_codes lists them)."""
    code = compile_code(source, program_filename(), 'exec')
    callcode = compile_code(call, CALL_FILENAME, 'eval') if call else None
    return code, callcode, walk_codes(code) + (walk_codes(callcode) if callcode is not None else [])
