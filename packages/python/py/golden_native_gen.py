# The golden_gen.py of the native interpreters older than 3.10 (2.7, 3.6 ... 3.9): runs in the interpreter itself
# (Python 2.7 or 3.x, no f-strings), compiles every stdlib module of that interpreter and writes under OUT, for
# each module NAME, what golden_gen.py writes for the Pyodide runtimes:
#   NAME.pyc      the module compiled by this interpreter (its own header)
#   NAME.dis      dis.dis(code), the only mode these versions' dis has
#   NAME.D0.dis   dis.dis(code, depth=0) (3.7+: dis lists nested code objects, unless depth says not to)
#   NAME.json     dis.get_instructions of every code object in dis order (3.4+; 2.7's dis has none)
#   python golden_native_gen.py OUT SAMPLE_EVERY LIMIT EXTRA_JSON
# EXTRA_JSON: a file of {name: source} (py/extra, the same extra sources as golden_gen.py), or '-' for none.
from __future__ import print_function
import dis, io, json, marshal, os, struct, sys, time

OUT, SAMPLE_EVERY, LIMIT, EXTRA = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
PY2 = sys.version_info[0] == 2

if PY2:
    import imp
    MAGIC = imp.get_magic()
else:
    import importlib.util
    MAGIC = importlib.util.MAGIC_NUMBER

def pyc_bytes(code, size):
    if sys.version_info >= (3, 7):
        header = MAGIC + struct.pack("<III", 0, 0, size & 0xFFFFFFFF)   # PEP 552: flags, mtime, size
    elif sys.version_info >= (3, 3):
        header = MAGIC + struct.pack("<II", 0, size & 0xFFFFFFFF)
    else:
        header = MAGIC + struct.pack("<I", 0)
    return header + marshal.dumps(code)

root = os.path.dirname(os.__file__)
files = []
def keep(rel):
    parts = rel.split("/")
    return rel.endswith(".py") and "site-packages" not in parts and "test" not in parts[:-1] and "tests" not in parts[:-1]
for d, subdirs, names in os.walk(root):
    subdirs.sort()
    for n in names:
        full = os.path.join(d, n)
        rel = full[len(root) + 1:]
        if keep(rel):
            files.append((rel, full))
files.sort()
files = files[::SAMPLE_EVERY]
if LIMIT:
    files = files[:LIMIT]
sources = []
for rel, full in files:
    with open(full, "rb") as f:
        sources.append((rel, f.read()))

# The generated stress sources of golden_gen.py: many names, EXTENDED_ARG and offsets >= 10000, lines >= 10000.
many = "\n".join("v%d = %d.5" % (i, i) for i in range(400)) + "\nprint(v399, v0)\n"
big = "def big(n):\n    if n:\n" + "".join("        n = n + %d\n        print(n, 'str%d')\n" % (i, i) for i in range(1500)) + "    return n\n"
far = "\n" * 12000 + "def far(x):\n    for i in x:\n        if i: return i\n    return None\n"
extra = {"_gen/many_names.py": many, "_gen/big_function.py": big, "_gen/far_lines.py": far}
if EXTRA != "-":
    with open(EXTRA) as f:
        extra.update(json.load(f))
for name in sorted(extra):
    text = extra[name]
    sources.append((name, text.encode("utf-8") if not isinstance(text, bytes) else text))

def jsonable(v):
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, tuple):
        return [jsonable(x) for x in v]
    if callable(v) and getattr(v, "__name__", None) in ("str", "repr", "ascii"):
        return v.__name__
    return {"repr": repr(v)}

def code_objects(co):
    out = [co]
    for c in co.co_consts:
        if hasattr(c, "co_code"):
            out.extend(code_objects(c))
    return out

def dis_text(code, **kw):
    if PY2:
        # Python 2's print statement needs a real file (softspace), so: a temporary file as stdout.
        tmp = os.path.join(OUT, ".stdout")
        saved = sys.stdout
        sys.stdout = open(tmp, "w")
        try:
            dis.dis(code)
        finally:
            sys.stdout.close()
            sys.stdout = saved
        with open(tmp, "rb") as f:
            return f.read()
    buf = io.StringIO()
    dis.dis(code, file=buf, **kw)
    return buf.getvalue().encode("utf-8", "surrogatepass")

modes = {"": {}}
if sys.version_info >= (3, 7):
    modes["D0"] = {"depth": 0}

written = 0
for rel, src in sources:
    try:
        code = compile(src, rel, "exec", 0, True)
    except Exception:
        continue
    base = os.path.join(OUT, rel[:-3].replace("/", "."))
    with open(base + ".pyc", "wb") as f:
        f.write(pyc_bytes(code, len(src)))
    for suffix, kw in sorted(modes.items()):
        with open(base + (("." + suffix) if suffix else "") + ".dis", "wb") as f:
            f.write(dis_text(code, **kw))
    if hasattr(dis, "get_instructions"):
        listing = []
        for co in code_objects(code):
            ins = []
            for i in dis.get_instructions(co):
                ins.append(dict((k, jsonable(getattr(i, k))) for k in i._fields))
            listing.append({"co_name": co.co_name, "co_firstlineno": co.co_firstlineno, "instructions": ins})
        with open(base + ".json", "w") as f:
            json.dump(listing, f, ensure_ascii=True)
    written += 1
if os.path.exists(os.path.join(OUT, ".stdout")):
    os.remove(os.path.join(OUT, ".stdout"))
print(written)
