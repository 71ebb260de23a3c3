# Runs inside one real CPython. Compiles every stdlib module of this runtime and writes, under OUT
# (a host directory mounted in the Pyodide file system), for each module NAME:
#   NAME.pyc           the timestamp pyc this interpreter writes
#   NAME.dis           dis.dis(code) text
#   NAME.C.dis / .O.dis / .P.dis / .COP.dis   with show_caches / show_offsets / show_positions, where they exist
#   NAME.S.dis         with adaptive=True, where `python -m dis` has -S (--specialized)
#   NAME.json          dis.get_instructions for every code object, in dis order
# Parameters (globals set by the caller): OUT, LIMIT (max modules, 0 = all), SAMPLE_EVERY (take 1 in N).
import dis, io, json, marshal, os, sys, importlib._bootstrap_external as be, inspect

params = inspect.signature(dis.dis).parameters
modes = {"": {}}
if "show_caches" in params:
    modes["C"] = {"show_caches": True}
if "show_offsets" in params:
    modes["O"] = {"show_offsets": True}
if "show_positions" in params:
    modes["P"] = {"show_positions": True}
    modes["COP"] = {"show_caches": True, "show_offsets": True, "show_positions": True}
# `python -m dis -S` (dis.main has --specialized from 3.14 on) prints dis.dis(code, adaptive=True) of the code it
# compiled: NAME.S.dis.
try:
    _main_src = inspect.getsource(dis.main) if hasattr(dis, "main") else ""
except (OSError, TypeError):
    _main_src = ""
if "--specialized" in _main_src:
    modes["S"] = {"adaptive": True}

root = os.path.dirname(os.__file__)
files = []   # (relative path, reader)
def _keep(rel):
    parts = rel.split("/")
    return rel.endswith(".py") and "site-packages" not in parts and "test" not in parts[:-1] and "tests" not in parts[:-1]
zips = [p for p in sys.path if p.endswith(".zip") and os.path.isfile(p)]
if zips:   # newer Pyodides keep the stdlib in a zip archive
    import zipfile
    zpath = zips[0]
    zf = zipfile.ZipFile(zpath)
    for n in zf.namelist():
        if _keep(n):
            files.append((n, (lambda n=n: zf.read(n))))
else:
    for d, subdirs, names in os.walk(root):
        for n in names:
            full = os.path.join(d, n)
            rel = full[len(root) + 1:]
            if _keep(rel):
                files.append((rel, (lambda full=full: open(full, "rb").read())))
files.sort()
files = files[::SAMPLE_EVERY]
if LIMIT:
    files = files[:LIMIT]

# Extra sources that stress what a stdlib may not: every kind of constant, many statements, newer syntax
# (kept only where this version compiles it), EXTENDED_ARG, offsets >= 10000, line numbers >= 10000.
many = "\n".join("v%d = %d.5" % (i, i) for i in range(400)) + "\nprint(v399, v0)\n"
big = "def big(n):\n    if n:\n" + "".join("        n = n + %d\n        print(n, 'str%d')\n" % (i, i) for i in range(1500)) + "    return n\n"
far = "\n" * 12000 + "def far(x):\n    for i in x:\n        if i: return i\n    return None\n"
extra = dict(EXTRA)
extra.update({"_gen/many_names.py": many, "_gen/big_function.py": big, "_gen/far_lines.py": far})
for name in sorted(extra):
    files.append((name, (lambda s=extra[name]: s.encode("utf-8", "surrogatepass"))))

def jsonable(v):
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, tuple):
        return [jsonable(x) for x in v]
    if v is dis.UNKNOWN if hasattr(dis, "UNKNOWN") else False:
        return {"unknown": True}
    if callable(v) and getattr(v, "__name__", None) in ("str", "repr", "ascii"):
        return v.__name__
    return {"repr": repr(v)}

def code_objects(co):
    yield co
    for c in co.co_consts:
        if hasattr(c, "co_code"):
            yield from code_objects(c)

written = 0
for rel, read in files:
    try:
        src = read()
        code = compile(src, rel, "exec", dont_inherit=True)
    except Exception:
        continue
    base = os.path.join(OUT, rel[:-3].replace("/", "."))
    with open(base + ".pyc", "wb") as f:
        f.write(be._code_to_timestamp_pyc(code, 0, len(src)))
    for suffix, kw in modes.items():
        buf = io.StringIO()
        dis.dis(code, file=buf, **kw)
        with open(base + (("." + suffix) if suffix else "") + ".dis", "w", encoding="utf-8", errors="surrogatepass") as f:
            f.write(buf.getvalue())
    listing = []
    for co in code_objects(code):
        ins = []
        for i in dis.Bytecode(co):
            rec = {k: jsonable(getattr(i, k)) for k in i._fields if k not in ("positions", "cache_info")}
            if "positions" in i._fields:
                rec["positions"] = list(i.positions) if i.positions is not None else None
            ins.append(rec)
        listing.append({"co_name": co.co_name, "co_firstlineno": co.co_firstlineno, "instructions": ins})
    with open(base + ".json", "w", encoding="utf-8") as f:
        json.dump(listing, f, ensure_ascii=True)
    written += 1
str(written)
