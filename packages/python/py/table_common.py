# What extract_tables.py (3.10+, inside Pyodide) and extract_old_tables.py (2.7, 3.6-3.9, native) share: the
# arguments at which stack effects are sampled, the compression of the samples into a model, and the code points
# str.isprintable() rejects. Python 2 and 3 alike (no f-strings). gen-tables.ts runs this source before
# extract_tables.py in the same namespace; extract_old_tables.py imports it.

SAMPLE = list(range(256)) + [256, 257, 511, 512, 513, 1000, 65535, 65536]


def fit_model(values):
    """Compress effect(arg) over SAMPLE into a constant, a linear or a per-byte model, or a table."""
    if len(set(values)) == 1:
        return values[0]
    v0 = values[0]
    lin = values[1] - v0
    if all(values[i] == v0 + lin * a for i, a in enumerate(SAMPLE)):
        return {"base": v0, "perArg": lin}
    hi = values[SAMPLE.index(256)] - v0
    if all(values[i] == v0 + lin * (a & 255) + hi * (a >> 8) for i, a in enumerate(SAMPLE)):
        return {"base": v0, "perArg": lin, "perHighArg": hi}
    hi2 = values[SAMPLE.index(256)] - v0
    top = values[SAMPLE.index(65536)] - v0
    if all(values[i] == v0 + lin * (a & 255) + hi2 * ((a >> 8) & 255) + top * (a >> 16) for i, a in enumerate(SAMPLE)):
        # 3.0-3.5's compiler: the second byte counted modulo 256, and a third part from bit 16 (MAKE_FUNCTION).
        return {"base": v0, "perArg": lin, "perHighArg": hi2, "perArg16": top}
    if all(values[i] == values[a & 255] for i, a in enumerate(SAMPLE)):
        return {"byLowByte": values[:256]}
    raise SystemExit("no stack-effect model fits")


def effect_entry(effect, num, takes_arg):
    """{"noJump": model, "jump": model} of opcode `num`, sampling effect(num, arg, jump) over SAMPLE (or once,
    with arg None, when the opcode takes no argument); None when `effect` refuses any sample."""
    entry = {}
    for jump in (False, True):
        if takes_arg:
            vals = [effect(num, a, jump) for a in SAMPLE]
            if any(v is None for v in vals):
                return None
        else:
            v = effect(num, None, jump)
            if v is None:
                return None
            vals = [v] * len(SAMPLE)
        entry["jump" if jump else "noJump"] = fit_model(vals)
    return entry


def ranges_where(bad_at):
    """The code points for which bad_at(cp) holds, as half-open ranges [start, end, start, end, ...]."""
    ranges = []
    start = None
    for cp in range(0x110000):
        bad = bad_at(cp)
        if bad and start is None:
            start = cp
        elif not bad and start is not None:
            ranges += [start, cp]
            start = None
    if start is not None:
        ranges += [start, 0x110000]
    return ranges


def nonprintable_ranges():
    """Code points that str.isprintable() rejects, as half-open ranges (Python 3)."""
    return ranges_where(lambda cp: not chr(cp).isprintable())
