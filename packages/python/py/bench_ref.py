# The reference side of `npm run bench`: CPython's own `dis` over a directory of .pyc files, in one process.
# Runs natively (python3 bench_ref.py DIR RUNS OUT) or inside Pyodide (globals DIR, RUNS, OUT set by the caller).
# Every .pyc is read into memory first; each timed run then does, for every file, marshal.loads of the code
# object and dis.dis into a StringIO, and takes its text (getvalue). After the timed runs, one more pass writes
# each file's text to OUT/NAME.txt for the comparison. Prints (or, in Pyodide, evaluates to) a JSON summary.
import dis, io, json, marshal, os, sys, time

def main(d, runs, out):
    files = sorted(f for f in os.listdir(d) if f.endswith(".pyc"))
    datas = []
    for f in files:
        with open(os.path.join(d, f), "rb") as fh:
            datas.append(fh.read())

    def one(b):
        buf = io.StringIO()
        dis.dis(marshal.loads(memoryview(b)[16:]), file=buf)
        return buf.getvalue()

    times = []
    chars = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        chars = 0
        for b in datas:
            chars += len(one(b))
        times.append(time.perf_counter() - t0)
    try:
        import resource
        maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if sys.platform == "darwin":
            maxrss_kb //= 1024
    except Exception:
        maxrss_kb = None
    if out:
        os.makedirs(out, exist_ok=True)
        for f, b in zip(files, datas):
            with open(os.path.join(out, f[:-4] + ".txt"), "w", encoding="utf-8", errors="surrogatepass") as fh:
                fh.write(one(b))
    return json.dumps({
        "python": sys.version.split()[0],
        "files": len(files),
        "bytes": sum(len(b) for b in datas),
        "chars": chars,
        "times": times,
        "maxrss_kb": maxrss_kb,
    })

if __name__ == "__main__":
    print(main(sys.argv[1], int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else ""))
elif "DIR" in globals():
    result = main(DIR, RUNS, OUT)
