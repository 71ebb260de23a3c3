# The adaptive bytecode's inline caches (3.11+): which specialized forms each instruction has in this version,
# the layout of its cache, each field decoded, and this version's adaptive counter format, measured on a probe.

import dis
import opcode

from .common import VERSION


def specializations():
    s = getattr(opcode, '_specializations', None)
    if s is None:
        try:
            import _opcode_metadata
            s = getattr(_opcode_metadata, '_specializations', None)
        except ImportError:
            s = None
    return {k: list(v) for k, v in (s or {}).items()}


def cache_format():
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


BACKOFF_BITS = [4]  # bits of the backoff exponent in an adaptive counter (measured by probe_counters)


def decode_caches(raw, ins_offset, fmt):
    """The inline cache of the instruction at `ins_offset`, field by field, from the adaptive bytecode."""
    fields = []
    pos = ins_offset + 2
    for name, size in fmt.items():
        data = raw[pos:pos + 2 * size]
        pos += 2 * size
        value = int.from_bytes(data, 'little') if data else 0
        f = {'name': name, 'size': size, 'value': value, 'meaning': _FIELD_MEANING.get(name, name)}
        if name == 'counter':
            f['counterValue'] = value >> BACKOFF_BITS[0]
            f['backoff'] = value & ((1 << BACKOFF_BITS[0]) - 1)
        if name == 'descr':
            f['hex'] = hex(value)
        fields.append(f)
    return fields


def probe_counters():
    """Measures this version's adaptive counters on a throw-away function: the bits of the backoff field (from the
    cool-down value 52 a freshly specialized instruction gets) and the raw start value of a quickened instruction
    that never ran. Returns the start value, or None."""
    def probe(a, b, flag):
        if flag:
            return a + b
        return 0
    fmt = cache_format().get('BINARY_OP')
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
        BACKOFF_BITS[0] = (cool // 52).bit_length() - 1
    return start
