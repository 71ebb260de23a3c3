# Runs inside one real CPython (3.10 ... 3.15) and prints, as JSON, every table the disassembler needs for
# that version. Called by scripts/gen-tables.ts; the output is committed as generated TypeScript data.
import json, sys, marshal, opcode, dis, importlib.util

def attr(mod, name, default=None):
    return getattr(mod, name, default)

version = "%d.%d" % sys.version_info[:2]
all_opname = list(attr(dis, "_all_opname", opcode.opname))
all_opmap = {name: i for i, name in enumerate(all_opname) if not name.startswith("<")}
all_opmap.update(attr(opcode, "_specialized_opmap", {}) or {})
for name, num in opcode.opmap.items():
    all_opmap[name] = num
opname_by_num = {}
for name, num in all_opmap.items():
    opname_by_num.setdefault(num, name)
real = [opname_by_num.get(i, "<%d>" % i) for i in range(256)]
pseudo = {name: num for name, num in opcode.opmap.items() if num >= 256}

def names_of(nums):
    out = []
    for n in nums:
        out.append(opcode.opname[n] if n < len(opcode.opname) else "<%d>" % n)
    return out

out = {
    "version": version,
    "fullVersion": sys.version.split()[0],
    "magic": int.from_bytes(importlib.util.MAGIC_NUMBER[:2], "little"),
    "marshalVersion": marshal.version,
    "cacheTag": sys.implementation.cache_tag,
    "haveArgument": opcode.HAVE_ARGUMENT,
    "extendedArg": opcode.EXTENDED_ARG,
    "opname": real,
    "pseudo": pseudo,
}
for key in ("hasarg", "hasconst", "hasname", "hasjrel", "hasjabs", "hasjump", "haslocal", "hascompare",
            "hasfree", "hasexc", "hasnargs"):
    if hasattr(opcode, key):
        out[key] = sorted(set(getattr(opcode, key)))
if "hasarg" not in out:   # before 3.12 "has an argument" means opcode >= HAVE_ARGUMENT
    out["hasarg"] = [i for i in range(opcode.HAVE_ARGUMENT, 256)]

deopt = {}
dm = attr(dis, "deoptmap")
if dm:
    for spec, base in dm.items():
        if spec in all_opmap and base in all_opmap and all_opmap[spec] != all_opmap[base]:
            deopt[all_opmap[spec]] = all_opmap[base]
out["deopt"] = deopt

ice = attr(opcode, "_inline_cache_entries")
cache_entries = {}
if ice is not None:
    if isinstance(ice, list):
        cache_entries = {opcode.opname[i]: n for i, n in enumerate(ice) if n}
    else:
        cache_entries = {k: v for k, v in dict(ice).items() if v}
out["cacheEntries"] = cache_entries
out["cacheFormat"] = {k: [[f, n] for f, n in dict(v).items()]
                      for k, v in dict(attr(opcode, "_cache_format", {}) or {}).items()}

out["cmpOp"] = list(opcode.cmp_op)
out["nbOps"] = [list(p) for p in attr(opcode, "_nb_ops", []) or []]
out["intrinsic1"] = list(attr(opcode, "_intrinsic_1_descs", []) or [])
out["intrinsic2"] = list(attr(opcode, "_intrinsic_2_descs", []) or [])
out["specialMethods"] = list(attr(opcode, "_special_method_names", []) or [])
out["commonConstants"] = [
    {"repr": (c.__name__ if isinstance(c, type) else repr(c)), "isType": isinstance(c, type)}
    for c in (attr(opcode, "_common_constants", []) or [])]
out["functionFlags"] = list(attr(dis, "FUNCTION_ATTR_FLAGS", None) or attr(dis, "MAKE_FUNCTION_FLAGS", ()))
out["formatValueConverters"] = [r for _, r in attr(dis, "FORMAT_VALUE_CONVERTERS", ())]
out["compilerFlagNames"] = [[k, v] for k, v in sorted(dis.COMPILER_FLAG_NAMES.items())]

# Stack effects: sampled from the interpreter for every valid opcode (base and pseudo), jump and no-jump.
try:
    stack_effect = dis.stack_effect
    def effect(op, arg, jump):
        try:
            return stack_effect(op, arg, jump=jump)
        except (ValueError, TypeError):
            return None
except AttributeError:   # the Pyodide build of 3.10 lacks _opcode: ask the C API directly
    import ctypes
    _f = ctypes.pythonapi.PyCompile_OpcodeStackEffectWithJump
    _f.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    _f.restype = ctypes.c_int
    def effect(op, arg, jump):
        r = _f(op, 0 if arg is None else arg, 1 if jump else 0)
        return None if r == 2**31 - 1 else r

# SAMPLE, fit_model and effect_entry come from table_common.py, run before this file in the same namespace.

effects = {}
hasarg = set(out["hasarg"])
candidates = [(n, i) for i, n in enumerate(real) if not n.startswith("<")] + list(pseudo.items())
for name, num in candidates:
    if num in deopt or name == "CACHE":
        continue
    takes_arg = num in hasarg or (num >= 256 and effect(num, 0, False) is not None)
    entry = effect_entry(effect, num, takes_arg)
    if entry:
        effects[name] = entry
out["stackEffects"] = effects

out["nonPrintable"] = nonprintable_ranges()

# The magic-number history, from importlib's own comments (present up to 3.13).
import re, importlib._bootstrap_external as be
history = []
try:
    src = open(be.__file__, encoding="utf-8").read()
    for m in re.finditer(r"^#\s+Python (\d)\.(\d+)(\S*?):?\s+(\d+)", src, re.M):
        history.append(["%s.%s" % (m.group(1), m.group(2)), m.group(3), int(m.group(4))])
except OSError:
    pass
out["magicHistory"] = history
print(json.dumps(out))
