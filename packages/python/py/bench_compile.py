# Compiles this interpreter's standard library into timestamp .pyc files for `npm run bench` (the native row):
#   python3 bench_compile.py OUT
# Takes every .py under the stdlib directory except site-packages and test packages (as golden_gen.py does),
# compiled by this interpreter, written as OUT/<dotted path>.pyc. Prints the number of files written.
import os, sys, importlib._bootstrap_external as be

root = os.path.dirname(os.__file__)
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
written = 0
for d, subdirs, names in os.walk(root):
    subdirs.sort()
    rel_dir = os.path.relpath(d, root)
    parts = [] if rel_dir == "." else rel_dir.split(os.sep)
    if "site-packages" in parts or "test" in parts or "tests" in parts:
        continue
    for name in sorted(names):
        if not name.endswith(".py"):
            continue
        rel = "/".join(parts + [name])
        try:
            with open(os.path.join(d, name), "rb") as fh:
                src = fh.read()
            code = compile(src, rel, "exec", dont_inherit=True)
        except Exception:
            continue
        with open(os.path.join(out, rel[:-3].replace("/", ".") + ".pyc"), "wb") as fh:
            fh.write(be._code_to_timestamp_pyc(code, 0, len(src)))
        written += 1
print(written)
