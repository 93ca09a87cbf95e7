"""What the browser benchmarks (page.sh, serve.sh) share: a minimal client of
chromedriver's W3C WebDriver HTTP API, polling, and a free local port.

    PYTHONPATH=bench python3 -c 'from chromedriver import call'  # as a module
    python3 bench/chromedriver.py port                          # prints a free port
"""
import json
import socket
import sys
import time
import urllib.request


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def client(driver_port):
    """`call(method, path, body=None)` for the chromedriver on `driver_port`:
    sends `body` as JSON and returns the answer's "value"."""
    def call(method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{driver_port}{path}", data=data,
                                     method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.load(r)["value"]
    return call


def wait_for(what, check, limit=60.0, pause=0.02):
    """Calls `check` every `pause` seconds until it returns something true
    (returned) or raises nothing; exits naming `what` after `limit` seconds."""
    end = time.time() + limit
    while time.time() < end:
        try:
            v = check()
            if v:
                return v
        except Exception:
            pass
        time.sleep(pause)
    sys.exit(f"timed out waiting for {what}")


if __name__ == "__main__" and sys.argv[1:] == ["port"]:
    print(free_port())
