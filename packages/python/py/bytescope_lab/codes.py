# The user's code objects: compiling a program (and its call expression) and walking every code object in it,
# each with a qualified name and a stable key; the instructions of one code object and their source lines.

import dis
import types

from bytescope_compile import compile_code

from .common import CALL_FILENAME, VERSION, program_filename

_CodeType = types.CodeType


def walk_codes(code, first_index=0):
    """(code, index, parent index or None) for `code` and every code object nested in its constants, depth-first
    (dis order), numbered from `first_index`. The index is the code object's key in the driver and in its replies."""
    out = []

    def rec(c, parent):
        index = first_index + len(out)
        out.append((c, index, parent))
        for k in c.co_consts:
            if isinstance(k, _CodeType):
                rec(k, index)

    rec(code, None)
    return out


def identity(code, index, parent):
    """What the reply says of a code object to name it: its index and parent; `co_qualname` where the version stores
    it (3.11+), otherwise the facts of its scope that CPython's naming rule reads (the TypeScript side applies the
    rule, the core's `qualnames`)."""
    d = {'index': index, 'parent': parent, 'name': code.co_name, 'firstLineno': code.co_firstlineno}
    q = getattr(code, 'co_qualname', None)
    d['qualname'] = q
    if q is None:
        d['scope'] = {'flags': code.co_flags, 'varnames': list(code.co_varnames), 'cellvars': list(code.co_cellvars),
                      'freevars': list(code.co_freevars)}
    return d


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
    walked = walk_codes(code)
    return code, callcode, walked + (walk_codes(callcode, len(walked)) if callcode is not None else [])
