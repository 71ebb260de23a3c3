# The reference side of `npm run bench`: CPython's own `dis` over a directory of .pyc files, in one process.
# Every .pyc is read into memory first; a timed pass then does, for every file, marshal.loads of the code object
# and dis.dis into a StringIO, and takes its text (getvalue).
#
# Natively it is driven line by line, so that its passes can alternate with ours (the machine's load then
# weighs on both alike):   python3 bench_ref.py DIR
#   stdin "pass"        -> one timed pass; prints {"seconds": s, "chars": n}
#   stdin "stats"       -> prints {"python": version, "files": n, "bytes": n, "maxrss_kb": peak memory or null}
#   stdin "write OUT"   -> writes each file's text to OUT/NAME.txt; prints {}
#   stdin "quit"        -> exits
# Inside Pyodide (globals DIR, RUNS, OUT set by the caller) it makes RUNS passes, writes the texts of the last
# one to OUT, and leaves the same summary with "times" in `result`.
import dis, io, json, marshal, os, sys, time


def load(d):
    files = sorted(f for f in os.listdir(d) if f.endswith(".pyc"))
    datas = []
    for f in files:
        with open(os.path.join(d, f), "rb") as fh:
            datas.append(fh.read())
    return files, datas


def one(b):
    buf = io.StringIO()
    dis.dis(marshal.loads(memoryview(b)[16:]), file=buf)
    return buf.getvalue()


def timed_pass(datas, keep=None):
    t0 = time.perf_counter()
    chars = 0
    for b in datas:
        text = one(b)
        chars += len(text)
        if keep is not None:
            keep.append(text)
    return time.perf_counter() - t0, chars


def write(out, files, datas, texts=None):
    os.makedirs(out, exist_ok=True)
    for i, (f, b) in enumerate(zip(files, datas)):
        with open(os.path.join(out, f[:-4] + ".txt"), "w", encoding="utf-8", errors="surrogatepass") as fh:
            fh.write(texts[i] if texts is not None else one(b))


def summary(files, datas):
    try:
        import resource
        maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if sys.platform == "darwin":
            maxrss_kb //= 1024
    except Exception:
        maxrss_kb = None
    return {"python": sys.version.split()[0], "files": len(files), "bytes": sum(len(b) for b in datas), "maxrss_kb": maxrss_kb}


def serve(d):
    files, datas = load(d)
    for line in sys.stdin:
        cmd, _, arg = line.strip().partition(" ")
        if cmd == "pass":
            seconds, chars = timed_pass(datas)
            print(json.dumps({"seconds": seconds, "chars": chars}), flush=True)
        elif cmd == "write":
            write(arg, files, datas)
            print("{}", flush=True)
        elif cmd == "stats":
            print(json.dumps(summary(files, datas)), flush=True)
        elif cmd == "quit":
            return


if __name__ == "__main__":
    serve(sys.argv[1])
elif "DIR" in globals():
    _files, _datas = load(DIR)
    _times = []
    _texts = None
    for _r in range(RUNS):
        _texts = [] if _r == RUNS - 1 else None
        _times.append(timed_pass(_datas, _texts)[0])
    write(OUT, _files, _datas, _texts)
    result = json.dumps(dict(summary(_files, _datas), times=_times))
