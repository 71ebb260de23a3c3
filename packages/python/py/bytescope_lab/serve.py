# Serving the lab from a native CPython (`--python-exe`): the same driver as in Pyodide, over pipes. The host starts
#   python -u -c "import sys; sys.path.insert(0, DIR); import bytescope_lab.serve as s; s.main()"
# with Bytescope's Python modules written into DIR, sends one JSON line per request on stdin
#   {"id": N, "request": {...}}
# and reads one JSON line per message on the file descriptor that was stdout when this started: first
#   {"type": "ready", "fullVersion": "3.12.7"} (or {"type": "fatal", "message": ...}), then
#   {"type": "response", "id": N, "response": {...}}
# (the messages of src/lab/transport.ts). The user's code writes to captured streams; anything that reaches file
# descriptor 1 anyway goes to stderr, never into the protocol. When stdin closes (the host exited, even killed),
# the process exits at once, whatever the user's code is doing.

import json
import os
import queue
import sys
import threading


def _reader(requests):
    for line in sys.stdin:
        line = line.strip()
        if line:
            requests.put(line)
    os._exit(0)  # the host is gone


def main():
    proto = os.fdopen(os.dup(1), 'w', encoding='utf-8')
    os.dup2(2, 1)
    sys.stdout = sys.__stdout__ = open(1, 'w', encoding='utf-8', closefd=False)

    def send(obj_json):
        proto.write(obj_json + '\n')
        proto.flush()

    try:
        config = sys.stdin.readline()
        import bytescope_lab
        full = bytescope_lab.init(config)
    except BaseException as e:  # noqa: reported to the host
        send(json.dumps({'type': 'fatal', 'message': '%s: %s' % (type(e).__name__, e)}))
        return
    requests = queue.Queue()
    threading.Thread(target=_reader, args=(requests,), daemon=True).start()
    send(json.dumps({'type': 'ready', 'fullVersion': full}))
    while True:
        line = requests.get()
        try:
            msg = json.loads(line)
            rid = int(msg['id'])
            response = bytescope_lab.handle(json.dumps(msg['request']))
        except BaseException as e:  # noqa: a malformed message is answered, never fatal
            rid = -1
            response = json.dumps({'ok': False, 'error': 'bad request: %s' % e})
        send('{"type": "response", "id": %d, "response": %s}' % (rid, response))


if __name__ == '__main__':
    main()
