"""Shared pieces of the packaging tests (run by CTest with python3).

CA_SOURCE_DIR: the repository; CA_BINARY: the dev build's binary, which stands
in for the portable linux-x64 build (the packaging does not care how a binary
was linked, only that it is one for its platform).
"""
import hashlib
import http.server
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

SOURCE_DIR = Path(os.environ["CA_SOURCE_DIR"])
BINARY = Path(os.environ["CA_BINARY"])
VERSION = os.environ["CA_VERSION"]
TIMEOUT = 120  # seconds for any one script run


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run(argv, env=None, cwd=None, timeout=TIMEOUT):
    return subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def portable_dir(parent, platforms=("linux-x64",)):
    """build/portable as scripts/build-portable.sh leaves it, with the dev binary."""
    root = Path(parent) / "portable"
    for platform in platforms:
        (root / platform).mkdir(parents=True)
        shutil.copy2(BINARY, root / platform / "cargo-authenticate")
    return root


def package(dist, portable, *args):
    return run(["bash", str(SOURCE_DIR / "scripts" / "package.sh"), "--portable-dir", str(portable),
                "--dist", str(dist), *args])


def parse_sums(text):
    """SHA256SUMS lines ('<hex>  <name>') as {name: hex}; any other line is an error."""
    sums = {}
    for line in text.splitlines():
        digest, sep, name = line.partition("  ")
        assert sep and len(digest) == 64 and name, f"not a sha256sum line: {line!r}"
        sums[name] = digest
    return sums


class FileServer:
    """A static HTTP server for one folder on 127.0.0.1 (port chosen by the OS)
    that records the paths asked for."""

    def __init__(self, folder):
        self.requests = []
        served = str(folder)
        outer = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *a, **kw):
                super().__init__(*a, directory=served, **kw)

            def log_message(self, *a):
                pass

            def do_GET(self):
                outer.requests.append(self.path)
                super().do_GET()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class TempDir:
    def __init__(self):
        self.path = Path(tempfile.mkdtemp(prefix="ca-package-test-"))

    def cleanup(self):
        shutil.rmtree(self.path, ignore_errors=True)
