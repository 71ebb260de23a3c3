# Prints, as JSON, the opcode tables of one CPython older than 3.10 in the form of extract_tables.py (the
# OpcodeTableData of packages/core/src/bytecode/opcode-table.ts). Runs in Python 2.7 and 3.6+ (no f-strings).
# Called by scripts/gen-old-tables.ts in two ways:
#   python extract_old_tables.py
#       the running interpreter's own opcode and dis modules (2.7, 3.6 ... 3.9);
#   python3.6 extract_old_tables.py --source VERSION FULL_VERSION DIR
#       a release without an interpreter here (3.0 ... 3.5): DIR holds that release's Lib/opcode.py, Lib/dis.py and
#       Include/marshal.h; opcode.py is executed as a fresh module and dis.py on top of it, as that release would.
#   ... --compile-c FILE --opcode-h FILE   (2.7 and 3.0 ... 3.5, whose dis has no stack_effect)
#       the stack effects that release's Python/compile.c counts (compile_c_effects.py).
from __future__ import print_function
import json, os, re, sys, types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from table_common import effect_entry, nonprintable_ranges

def attr(mod, name, default=None):
    return getattr(mod, name, default)

def load_source_release(directory):
    """opcode and dis of an old release, executed from its sources (its opcode.py may import _opcode: not here)."""
    def read(name):
        with open(directory + "/" + name) as f:
            return f.read()
    opc = types.ModuleType("opcode")
    src = read("opcode.py")
    # 3.4/3.5: `from _opcode import stack_effect` (the running interpreter's, which would be wrong): left out.
    src = re.sub(r"(?m)^(\s*)from _opcode import stack_effect\s*$", r"\1stack_effect = None", src)
    exec(compile(src, "opcode.py", "exec"), opc.__dict__)
    saved = sys.modules.get("opcode")
    sys.modules["opcode"] = opc
    try:
        dis_mod = types.ModuleType("dis")
        exec(compile(read("dis.py"), "dis.py", "exec"), dis_mod.__dict__)
    finally:
        if saved is not None:
            sys.modules["opcode"] = saved
    m = re.search(r"#define Py_MARSHAL_VERSION (\d+)", read("marshal.h"))
    return opc, dis_mod, int(m.group(1))

source = "--source" in sys.argv
if source:
    i = sys.argv.index("--source")
    version, full_version, directory = sys.argv[i + 1:i + 4]
    opcode, dis, marshal_version = load_source_release(directory)
    magic = None          # filled in by the caller from the magic-number history
    cache_tag = "cpython-" + version.replace(".", "") if tuple(map(int, version.split("."))) >= (3, 2) else ""
else:
    import opcode, dis, marshal
    version = "%d.%d" % sys.version_info[:2]
    full_version = sys.version.split()[0]
    marshal_version = marshal.version
    if sys.version_info[0] == 2:
        import imp
        raw = imp.get_magic()
        cache_tag = ""
    else:
        import importlib.util
        raw = importlib.util.MAGIC_NUMBER
        cache_tag = sys.implementation.cache_tag
    magic = bytearray(raw)[0] | (bytearray(raw)[1] << 8)

def has(name):
    return sorted(set(attr(opcode, name, []) or []))

out = {
    "version": version,
    "fullVersion": full_version,
    "magic": magic,
    "marshalVersion": marshal_version,
    "cacheTag": cache_tag,
    "haveArgument": opcode.HAVE_ARGUMENT,
    "extendedArg": opcode.EXTENDED_ARG,
    "opname": list(opcode.opname),
    "pseudo": {},
    "hasarg": list(range(opcode.HAVE_ARGUMENT, 256)),
}
for key in ("hasconst", "hasname", "hasjrel", "hasjabs", "haslocal", "hascompare", "hasfree"):
    out[key] = has(key)
if hasattr(opcode, "hasnargs"):   # 3.3 ... 3.9 (empty from 3.6)
    out["hasnargs"] = has("hasnargs")
out["deopt"] = {}
out["cacheEntries"] = {}
out["cacheFormat"] = {}
out["cmpOp"] = list(opcode.cmp_op)
for key in ("nbOps", "intrinsic1", "intrinsic2", "specialMethods", "commonConstants"):
    out[key] = []
out["functionFlags"] = list(attr(dis, "MAKE_FUNCTION_FLAGS", ()))   # 3.8+; before, MAKE_FUNCTION shows no flags
if hasattr(dis, "FORMAT_VALUE_CONVERTERS"):                         # 3.8+
    out["formatValueConverters"] = [r for _, r in dis.FORMAT_VALUE_CONVERTERS]
elif "FORMAT_VALUE" in opcode.opmap:
    # 3.6 and 3.7 spell the same names inline in _get_instructions_bytes: ('', 'str', 'repr', 'ascii')[arg & 0x3].
    out["formatValueConverters"] = ["", "str", "repr", "ascii"]
else:
    out["formatValueConverters"] = []
flag_names = attr(dis, "COMPILER_FLAG_NAMES", None) or attr(dis, "flag2name", None)   # 3.0: flag2name
if flag_names is None:
    # 2.7's dis has no flag names: the CO_* constants of its inspect module, by the same names.
    import inspect
    flag_names = dict((v, k[3:]) for k, v in vars(inspect).items() if k.startswith("CO_") and isinstance(v, int))
out["compilerFlagNames"] = [[k, v] for k, v in sorted(flag_names.items())]

# Stack effects: dis.stack_effect exists from 3.4 (3.6+ here; its `jump` argument from 3.8). For 2.7 and the
# source-only releases (--compile-c FILE --opcode-h FILE): what that release's compiler counts, read from its
# Python/compile.c (compile_c_effects.py), with stackdepth_walk's adjustments at jumps as the jump figures.
effects = {}
stack_effect = attr(dis, "stack_effect") if not source else None
if "--compile-c" in sys.argv:
    from compile_c_effects import read_defines, read_jump_rules, read_stack_effects
    def _read(flag):
        with open(sys.argv[sys.argv.index(flag) + 1]) as f:
            return f.read()
    c_source = _read("--compile-c")
    c_effects = read_stack_effects(c_source, read_defines(_read("--opcode-h")))
    c_rules = read_jump_rules(c_source)

    def effect(op, arg, jump):
        fn = c_effects.get(op)
        if fn is None:
            return None
        return fn(arg or 0) + c_rules.get(opcode.opname[op], (0, 0))[1 if jump else 0]
elif stack_effect is not None:
    takes_jump = sys.version_info >= (3, 8)

    def effect(op, arg, jump):
        try:
            if takes_jump:
                return stack_effect(op, arg, jump=jump)
            return stack_effect(op, arg)
        except (ValueError, TypeError):
            return None
else:
    effect = None
if effect is not None:
    for num, name in enumerate(opcode.opname):
        if name.startswith("<"):
            continue
        entry = effect_entry(effect, num, num >= opcode.HAVE_ARGUMENT)
        if entry:
            effects[name] = entry
out["stackEffects"] = effects

# Code points that str.isprintable() rejects (Python 3 only: Python 2's repr escapes every non-ASCII character).
# A source-only release (--unicode-db FILE --unicodectype FILE): its own Unicode database, read from its
# Objects/unicodetype_db.h and Objects/unicodectype.c (unicode_db_printable.py).
if "--unicode-db" in sys.argv:
    from unicode_db_printable import nonprintable_ranges_from_sources
    def _text(flag):
        with open(sys.argv[sys.argv.index(flag) + 1]) as f:
            return f.read()
    out["nonPrintable"] = nonprintable_ranges_from_sources(_text("--unicode-db"), _text("--unicodectype"))
else:
    out["nonPrintable"] = nonprintable_ranges() if sys.version_info[0] >= 3 and not source else []
print(json.dumps(out))
