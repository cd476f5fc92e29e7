#!/usr/bin/env python3
"""The portable binaries on clean Debian 12 systems, run as the Azure agent runs
the task (scripts/clean-root-test.sh prepares the roots and calls this).

linux-x64 runs under chroot in a copy of a `debootstrap --variant=minbase`
root (nothing of ours, no libcurl) and of one with libcurl4 added; linux-arm64
runs under qemu-aarch64-static with an unpacked arm64 root as its system.
Every assertion is on parsed output: the agent's ##vso logging commands,
credentials.toml (TOML), `list --json`/`check --json` (JSON), the child's
environment. Every process is bounded in time. Exit 0 when all pass.
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib

TIMEOUT = 60  # seconds, per process
ORG_FEED = "sparse+https://pkgs.dev.azure.com/contoso/_packaging/internal/Cargo/index/"
EXTERNAL_FEED = "sparse+https://proget.example.com/cargo/external/"
CONNECTION_ID = "3f2a9c1e-0000-4000-8000-000000000001"


# --- the agent's logging-command syntax (azure-pipelines-agent Command.cs) ----
def _unescape(text):
    for escaped, plain in (("%3B", ";"), ("%0D", "\r"), ("%0A", "\n"), ("%5D", "]"), ("%AZP25", "%")):
        text = text.replace(escaped, plain)
    return text


def parse_vso(output):
    """Every ##vso[area.event k=v;...]data command in output, in order."""
    commands = []
    for line in output.splitlines():
        start = line.find("##vso[")
        if start < 0:
            continue
        end = line.find("]", start)
        if end < 0:
            continue
        head = line[start + len("##vso["):end]
        name, _, props_text = head.partition(" ")
        props = {}
        for pair in props_text.split(";"):
            if not pair.strip():
                continue
            key, sep, value = pair.partition("=")
            if sep:
                props[key.strip()] = _unescape(value)
        commands.append({"name": name, "props": props, "data": _unescape(line[end + 1:])})
    return commands


def json_output(stdout):
    """The JSON document of --json output. As the Azure task the same stream
    also carries the agent's commands: masks before it, the log group after."""
    text = "\n".join(line for line in stdout.splitlines() if "##vso[" not in line)
    start = text.find("{")
    if start < 0:
        raise AssertionError(f"no JSON document in:\n{stdout}")
    document, _ = json.JSONDecoder().raw_decode(text[start:])
    return document


def only_masked(output, value):
    """True when value appears in output only as task.setsecret data."""
    return all(c["name"] == "task.setsecret" for c in parse_vso(output) if value in c["data"]) and \
        all(value not in line for line in output.splitlines() if "##vso[task.setsecret]" not in line)


def variables(commands):
    return {c["props"]["variable"]: c["data"] for c in commands if c["name"] == "task.setvariable"}


def issues(commands, kind):
    return [c["data"] for c in commands if c["name"] == "task.logissue" and c["props"].get("type") == kind]


def result(commands):
    done = [c["props"].get("result") for c in commands if c["name"] == "task.complete"]
    return done[-1] if done else None


# --- where the binary runs -----------------------------------------------------
class Target:
    """A binary on a system: `prefix` runs it, `host(p)` maps its path p to ours."""

    def __init__(self, name, prefix, root_on_host, guest_work):
        self.name, self.prefix, self.root, self.guest_work = name, prefix, root_on_host, guest_work

    def host(self, guest_path):
        return os.path.join(self.root, guest_path.lstrip("/")) if self.root else guest_path

    def write(self, guest_path, text):
        path = self.host(guest_path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return guest_path

    def agent_env(self, **extra):
        home = self.guest_work + "/home"
        os.makedirs(self.host(home), exist_ok=True)
        env = {
            "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": home,
            "LANG": "C.UTF-8",
            "TF_BUILD": "True",
            "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI": "https://dev.azure.com/contoso/",
            "SYSTEM_SERVERTYPE": "Hosted",
            "AGENT_TEMPDIRECTORY": self.guest_work,
            "VSTS_PUBLIC_VARIABLES": "[]",
            "VSTS_SECRET_VARIABLES": "[]",
        }
        env.update(extra)
        return env

    def guest_binary(self):
        """The binary's path as the binary itself sees it (chroot: inside the root;
        qemu: the host path), which is what it writes into a provider setting."""
        return self.prefix[-1]

    def run(self, args, env, stdin=None):
        started = time.monotonic()
        try:
            done = subprocess.run(self.prefix + args, env=env, input=stdin, capture_output=True, text=True,
                                  errors="replace", timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"{self.name}: {args} did not finish within {TIMEOUT} s")
        done.seconds = time.monotonic() - started
        return done


# --- checks ---------------------------------------------------------------------
failures = []
passed = []


def check(condition, message, detail=""):
    if not condition:
        raise AssertionError(message + (f"\n--- output ---\n{detail}" if detail else ""))


def scenario(name):
    def wrap(fn):
        def run(target, *args):
            label = f"{target.name}: {name}"
            try:
                fn(target, *args)
                passed.append(label)
                print(f"ok    {label}", flush=True)
            except Exception as e:  # noqa: BLE001 - any failure is this scenario's
                failures.append(label)
                print(f"FAIL  {label}: {e}", flush=True)
        return run
    return wrap


def expect_masked_before_set(commands, value, out):
    names = [(c["name"], c["data"]) for c in commands]
    check(("task.setsecret", value) in names, "value never masked (task.setsecret)", out)
    check(("task.setvariable", value) in names, "value never set (task.setvariable)", out)
    check(names.index(("task.setsecret", value)) < names.index(("task.setvariable", value)),
          "value masked only after it was set", out)


@scenario("auth: own-organization feed gets System.AccessToken")
def auth_own_organization(t):
    cfg = t.write(t.guest_work + "/org/.cargo/config.toml", f'[registries]\ninternal = {{ index = "{ORG_FEED}" }}\n')
    p = t.run([], t.agent_env(INPUT_CONFIGFILE=cfg, SECRET_SYSTEM_ACCESSTOKEN="tkn-clean-build-1"))
    out = p.stdout + p.stderr
    check(p.returncode == 0, f"exit {p.returncode}", out)
    cmds = parse_vso(out)
    v = variables(cmds)
    check(v.get("CARGO_REGISTRIES_INTERNAL_TOKEN") == "Bearer tkn-clean-build-1", f"token variable: {v}", out)
    check(v.get("CARGO_REGISTRIES_INTERNAL_CREDENTIAL_PROVIDER") == "cargo:token", f"provider: {v}", out)
    expect_masked_before_set(cmds, "Bearer tkn-clean-build-1", out)
    check(result(cmds) == "Succeeded", f"task.complete result {result(cmds)}", out)


@scenario("auth: secret pipeline variable")
def auth_secret_variable(t):
    cfg = t.write(t.guest_work + "/var/.cargo/config.toml",
                  f'[registries.external]\nindex = "{EXTERNAL_FEED}"\n')
    # The seed's flow: the secret has the cargo variable's own name, which the
    # agent keeps secret, so the task hands the token to later steps through a
    # carrier variable read by the packaged binary as cargo's credential provider.
    p = t.run([], t.agent_env(INPUT_CONFIGFILE=cfg, SECRET_CARGO_REGISTRIES_EXTERNAL_TOKEN="tkn-clean-group-1",
                              VSTS_SECRET_VARIABLES='["CARGO_REGISTRIES_EXTERNAL_TOKEN"]'))
    out = p.stdout + p.stderr
    check(p.returncode == 0, f"exit {p.returncode}", out)
    cmds = parse_vso(out)
    carrier = "CARGO_AUTHENTICATE_CARGO_REGISTRIES_EXTERNAL_TOKEN"
    v = variables(cmds)
    check(v.get(carrier) == "tkn-clean-group-1", f"carrier variable: {v}", out)
    check("CARGO_REGISTRIES_EXTERNAL_TOKEN" not in v, "the secret's own name was re-set (the agent keeps it secret)", out)
    setting = f"{t.guest_binary()} credential-provider --token-variable {carrier}"
    check(v.get("CARGO_REGISTRIES_EXTERNAL_CREDENTIAL_PROVIDER") == setting, f"provider setting: {v}", out)
    expect_masked_before_set(cmds, "tkn-clean-group-1", out)
    check(result(cmds) == "Succeeded", f"task.complete result {result(cmds)}", out)
    # The later step: cargo starts `<path> --cargo-plugin` and sends the setting's
    # other words in `args` (cargo 1.95's protocol); the packaged binary answers.
    request = json.dumps({"v": 1, "registry": {"index-url": EXTERNAL_FEED, "name": "external"}, "kind": "get",
                          "operation": "read", "args": setting.split(" ")[1:]})
    later = t.run(["--cargo-plugin"], {"PATH": t.agent_env()["PATH"], carrier: "tkn-clean-group-1"}, stdin=request + "\n")
    lines = later.stdout.splitlines()
    check(later.returncode == 0 and len(lines) == 2, f"provider: exit {later.returncode}, {len(lines)} lines",
          later.stdout + later.stderr)
    if len(lines) == 2:
        check(json.loads(lines[0]) == {"v": [1]}, f"provider hello: {lines[0]}", "")
        answer = json.loads(lines[1]).get("Ok", {})
        check(answer.get("kind") == "get" and answer.get("token") == "tkn-clean-group-1",
              "provider answer: no token for the registry", "")


@scenario("auth: service connection (UsernamePassword)")
def auth_service_connection(t):
    cfg = t.write(t.guest_work + "/conn/.cargo/config.toml",
                  f'[registries]\nexternal = {{ index = "{EXTERNAL_FEED}" }}\n')
    env = t.agent_env(INPUT_CONFIGFILE=cfg, INPUT_CARGOSERVICECONNECTIONS=CONNECTION_ID)
    env[f"ENDPOINT_URL_{CONNECTION_ID}"] = "https://PROGET.example.com/cargo/external"
    env[f"ENDPOINT_AUTH_SCHEME_{CONNECTION_ID}"] = "UsernamePassword"
    env[f"ENDPOINT_AUTH_PARAMETER_{CONNECTION_ID}_USERNAME"] = "builder"
    env[f"ENDPOINT_AUTH_PARAMETER_{CONNECTION_ID}_PASSWORD"] = "tkn-clean-pw-1"
    p = t.run([], env)
    out = p.stdout + p.stderr
    check(p.returncode == 0, f"exit {p.returncode}", out)
    cmds = parse_vso(out)
    expected = "Basic " + base64.b64encode(b"builder:tkn-clean-pw-1").decode()
    check(variables(cmds).get("CARGO_REGISTRIES_EXTERNAL_TOKEN") == expected, "token variable", out)
    expect_masked_before_set(cmds, expected, out)


@scenario("list --json")
def list_json(t):
    cfg = t.write(t.guest_work + "/list/.cargo/config.toml",
                  f'[registries]\ninternal = {{ index = "{ORG_FEED}" }}\nexternal = {{ index = "{EXTERNAL_FEED}" }}\n')
    p = t.run(["list", "--json", "--config", cfg], t.agent_env(SECRET_SYSTEM_ACCESSTOKEN="tkn-clean-build-2"))
    check(p.returncode == 0, f"exit {p.returncode}", p.stdout + p.stderr)
    data = json_output(p.stdout)
    rows = {r["name"]: r for r in data["registries"]}
    check(set(rows) == {"internal", "external"}, f"registries {sorted(rows)}", p.stdout)
    check(rows["internal"]["token_variable"] == "CARGO_REGISTRIES_INTERNAL_TOKEN", "token_variable", p.stdout)
    check(rows["internal"]["credential_source"] is not None, "internal has no credential source", p.stdout)
    check(only_masked(p.stdout + p.stderr, "tkn-clean-build-2"), "list printed the token", "")


@scenario("login writes credentials.toml")
def login(t):
    cfg = t.write(t.guest_work + "/login/.cargo/config.toml", f'[registries]\ninternal = {{ index = "{ORG_FEED}" }}\n')
    cargo_home = t.guest_work + "/login/cargo-home"
    os.makedirs(t.host(cargo_home), exist_ok=True)
    p = t.run(["login", "--config", cfg],
              t.agent_env(SECRET_SYSTEM_ACCESSTOKEN="tkn-clean-build-3", CARGO_HOME=cargo_home))
    check(p.returncode == 0, f"exit {p.returncode}", p.stdout + p.stderr)
    path = t.host(cargo_home + "/credentials.toml")
    check(os.path.exists(path), "no credentials.toml", p.stdout + p.stderr)
    check(os.stat(path).st_mode & 0o077 == 0, f"credentials.toml mode {oct(os.stat(path).st_mode)}")
    with open(path, "rb") as f:
        creds = tomllib.load(f)
    check(creds.get("registries", {}).get("internal", {}).get("token") == "Bearer tkn-clean-build-3",
          f"credentials.toml registries: {list(creds.get('registries', {}))}")


@scenario("exec passes the tokens to the child only, and its exit status back")
def exec_child(t):
    cfg = t.write(t.guest_work + "/exec/.cargo/config.toml", f'[registries]\ninternal = {{ index = "{ORG_FEED}" }}\n')
    env_file = t.guest_work + "/exec/child.env"
    env = t.agent_env(SECRET_SYSTEM_ACCESSTOKEN="tkn-clean-build-4")
    p = t.run(["exec", "--config", cfg, "--", "/bin/sh", "-c", f"env > {env_file}; exit 7"], env)
    check(p.returncode == 7, f"exit {p.returncode} (the child's 7 expected)", p.stdout + p.stderr)
    with open(t.host(env_file), encoding="utf-8") as f:
        child = dict(line.split("=", 1) for line in f.read().splitlines() if "=" in line)
    check(child.get("CARGO_REGISTRIES_INTERNAL_TOKEN") == "Bearer tkn-clean-build-4", "child token")
    check(child.get("CARGO_REGISTRIES_INTERNAL_CREDENTIAL_PROVIDER") == "cargo:token", "child provider")
    check(only_masked(p.stdout + p.stderr, "tkn-clean-build-4"), "exec printed the token")


def expect_needs_libcurl(t, args):
    cfg = t.write(t.guest_work + "/nocurl/.cargo/config.toml", f'[registries]\ninternal = {{ index = "{ORG_FEED}" }}\n')
    p = t.run(args + ["--config", cfg], t.agent_env(SECRET_SYSTEM_ACCESSTOKEN="tkn-clean-build-5"))
    out = p.stdout + p.stderr
    check(p.returncode == 1, f"exit {p.returncode} (1 expected)", out)
    check("error while loading shared libraries" not in out, "a loader error", out)
    errors = issues(parse_vso(out), "error")
    check(len(errors) == 1, f"{len(errors)} error issues", out)
    check("libcurl.so.4" in errors[0] and "libcurl4" in errors[0], f"the message names no package: {errors[0]}")
    check(result(parse_vso(out)) == "Failed", f"task.complete result {result(parse_vso(out))}", out)


@scenario("check without libcurl: clear message, exit 1")
def check_without_libcurl(t):
    expect_needs_libcurl(t, ["check"])


@scenario("auth --verify without libcurl: clear message, exit 1")
def verify_without_libcurl(t):
    expect_needs_libcurl(t, ["auth", "--verify"])


@scenario("check against the local registry on 127.0.0.1 (libcurl4 installed)")
def check_with_libcurl(t, registry_url):
    cfg = t.write(t.guest_work + "/curl/.cargo/config.toml",
                  f'[registries]\nlocal = {{ index = "sparse+{registry_url}/index/" }}\n')
    good = t.run(["check", "--json", "--timeout", "20", "--config", cfg],
                 t.agent_env(SECRET_CARGO_REGISTRIES_LOCAL_TOKEN="tkn-clean-local-1"))
    check(good.returncode == 0, f"exit {good.returncode}", good.stdout + good.stderr)
    rows = json_output(good.stdout)["registries"]
    check(len(rows) == 1 and rows[0]["registry"] == "local", f"rows {rows}")
    check(rows[0]["ok"] is True and rows[0]["status"] == 200, f"verdict {rows[0]}")
    # The same request with a token the registry does not accept must fail.
    bad = t.run(["check", "--json", "--timeout", "20", "--config", cfg],
                t.agent_env(SECRET_CARGO_REGISTRIES_LOCAL_TOKEN="tkn-clean-wrong-1"))
    check(bad.returncode == 1, f"wrong token: exit {bad.returncode}", bad.stdout + bad.stderr)
    rows = json_output(bad.stdout)["registries"]
    check(rows[0]["ok"] is False and rows[0]["status"] in (401, 403), f"wrong token verdict {rows[0]}")


GLIBC_LIBRARIES = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libresolv.so.2",
                   "libnsl.so.1", "libutil.so.1", "libanl.so.1", "ld-linux-x86-64.so.2"}


def lend_libcurl(from_root, to_target, folder):
    """Copies from_root's libcurl.so.4 and the libraries it needs (glibc's
    excepted: the target's own glibc runs them) into folder of the target."""
    listing = subprocess.run(["chroot", from_root, "ldd", "/usr/lib/x86_64-linux-gnu/libcurl.so.4"],
                             capture_output=True, text=True, timeout=TIMEOUT, check=True).stdout
    wanted = {"libcurl.so.4": "/usr/lib/x86_64-linux-gnu/libcurl.so.4"}
    for line in listing.splitlines():
        name, arrow, rest = line.strip().partition(" => ")
        if arrow and rest.startswith("/") and name not in GLIBC_LIBRARIES:
            wanted[name] = rest.split(" (")[0]
    os.makedirs(to_target.host(folder), exist_ok=True)
    for name, path in wanted.items():
        shutil.copyfile(os.path.join(from_root, path.lstrip("/")), os.path.join(to_target.host(folder), name))
    return sorted(wanted)


@scenario("check with libcurl 7.74 (older than Ubuntu 22.04's 7.81): protocols restricted through the fallback")
def check_with_old_libcurl(t, registry_url, bullseye_root):
    lent = lend_libcurl(bullseye_root, t, "/opt/libcurl-7.74")
    cfg = t.write(t.guest_work + "/oldcurl/.cargo/config.toml",
                  f'[registries]\nlocal = {{ index = "sparse+{registry_url}/index/" }}\n')
    env = t.agent_env(SECRET_CARGO_REGISTRIES_LOCAL_TOKEN="tkn-clean-local-1", LD_LIBRARY_PATH="/opt/libcurl-7.74")
    p = t.run(["check", "--json", "--debug", "--timeout", "20", "--config", cfg], env)
    out = p.stdout + p.stderr
    check(p.returncode == 0, f"exit {p.returncode} (lent: {lent})", out)
    rows = json_output(p.stdout)["registries"]
    check(rows[0]["ok"] is True and rows[0]["status"] == 200, f"verdict {rows[0]}")
    debug = [c["data"] for c in parse_vso(out) if c["name"] == "task.debug"]
    fallback = [line for line in debug if "has no CURLOPT_PROTOCOLS_STR" in line]
    check(len(fallback) == 1 and fallback[0].startswith("libcurl 7.74"), f"fallback notes: {fallback}", out)
    check(only_masked(out, "tkn-clean-local-1"), "the token was printed", "")


# --- systems -------------------------------------------------------------------
class ChrootCopy:
    """A throw-away view of a cached root: overlayfs over it when the kernel
    allows, else a full copy. The cached root itself is never written."""

    def __init__(self, cached, scratch):
        self.cached, self.scratch, self.mounted = cached, scratch, False
        self.path = os.path.join(scratch, "root")
        os.makedirs(self.path)
        upper, work = os.path.join(scratch, "upper"), os.path.join(scratch, "work")
        os.makedirs(upper)
        os.makedirs(work)
        mount = subprocess.run(["mount", "-t", "overlay", "overlay", "-o",
                                f"lowerdir={cached},upperdir={upper},workdir={work}", self.path],
                               capture_output=True, timeout=TIMEOUT, check=False)
        if mount.returncode == 0:
            self.mounted = True
        else:
            os.rmdir(self.path)
            subprocess.run(["cp", "-a", cached, self.path], check=True, timeout=600)
        # Every agent has /proc (the binary finds its own path there for the
        # provider setting); a bare chroot does not.
        self.proc = os.path.join(self.path, "proc")
        os.makedirs(self.proc, exist_ok=True)
        self.proc_mounted = subprocess.run(["mount", "-t", "proc", "proc", self.proc], capture_output=True,
                                           timeout=TIMEOUT, check=False).returncode == 0

    def close(self):
        if self.proc_mounted:
            subprocess.run(["umount", self.proc], check=False, timeout=TIMEOUT)
        if self.mounted:
            subprocess.run(["umount", self.path], check=False, timeout=TIMEOUT)


def chroot_target(name, cached_root, binary, scratch):
    root = ChrootCopy(cached_root, scratch)
    dest = os.path.join(root.path, "opt/cargo-authenticate/bin/cargo-authenticate")
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    shutil.copy2(binary, dest)
    work = "/tmp/agent-work"
    os.makedirs(os.path.join(root.path, work.lstrip("/")), exist_ok=True)
    target = Target(name, ["chroot", root.path, "/opt/cargo-authenticate/bin/cargo-authenticate"], root.path, work)
    return target, root


def start_registry(registry_binary, scratch):
    data = os.path.join(scratch, "registry-data")
    os.makedirs(data)
    tokens = os.path.join(scratch, "registry-tokens")
    with open(tokens, "w", encoding="utf-8") as f:
        f.write("tkn-clean-local-1\n")
    port_file = os.path.join(scratch, "registry-port")
    proc = subprocess.Popen([registry_binary, "--data", data, "--port", "0", "--tokens-file", tokens,
                             "--port-file", port_file], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if os.path.exists(port_file) and open(port_file, encoding="utf-8").read().strip():
            return proc, "http://127.0.0.1:" + open(port_file, encoding="utf-8").read().strip()
        time.sleep(0.05)
    proc.kill()
    raise SystemExit("the local registry did not start within 15 s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--x64", help="the linux-x64 portable binary")
    parser.add_argument("--arm64", help="the linux-arm64 portable binary")
    parser.add_argument("--root-amd64", help="cached minbase root (no libcurl)")
    parser.add_argument("--root-amd64-curl", help="cached minbase root with libcurl4")
    parser.add_argument("--root-arm64", help="cached unpacked arm64 root")
    parser.add_argument("--root-bullseye-curl", help="cached Debian 11 root with libcurl4 7.74 (optional)")
    parser.add_argument("--registry", help="cargo-authenticate-registry (runs outside the roots)")
    a = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="ca-clean-root-")
    cleanups = []
    registry, url = start_registry(a.registry, scratch)
    try:
        if a.x64:
            bare, view = chroot_target("linux-x64 (minbase, no libcurl)", a.root_amd64, a.x64,
                                       os.path.join(scratch, "bare"))
            cleanups.append(view)
            check_root = os.path.join(view.path, "usr/lib/x86_64-linux-gnu/libcurl.so.4")
            if os.path.exists(check_root):
                raise SystemExit(f"{check_root} exists: the minbase root is not clean")
            for s in (auth_own_organization, auth_secret_variable, auth_service_connection, list_json, login,
                      exec_child, check_without_libcurl, verify_without_libcurl):
                s(bare)
            curl, view = chroot_target("linux-x64 (minbase + libcurl4)", a.root_amd64_curl, a.x64,
                                       os.path.join(scratch, "curl"))
            cleanups.append(view)
            if not os.path.exists(os.path.join(view.path, "usr/lib/x86_64-linux-gnu/libcurl.so.4")):
                raise SystemExit("the libcurl4 root has no libcurl.so.4")
            check_with_libcurl(curl, url)
            auth_own_organization(curl)
            if a.root_bullseye_curl:
                check_with_old_libcurl(curl, url, a.root_bullseye_curl)
        if a.arm64:
            work = os.path.join(scratch, "arm64-work")
            os.makedirs(work)
            if not os.path.exists(os.path.join(a.root_arm64, "lib/ld-linux-aarch64.so.1")):
                raise SystemExit(f"{a.root_arm64} holds no arm64 loader")
            arm = Target("linux-arm64 (qemu-aarch64-static)", ["qemu-aarch64-static", "-L", a.root_arm64, a.arm64],
                         None, work)
            for s in (auth_own_organization, auth_secret_variable, auth_service_connection, list_json, login):
                s(arm)
            # qemu looks a path up in the root first, then on the host, which has
            # libcurl4:arm64 (install-deps.sh --cross): the loader and curl_easy_setopt's
            # variadic forwarding on the aarch64 calling convention, for real.
            check_with_libcurl(arm, url)
    finally:
        registry.terminate()
        registry.wait(timeout=TIMEOUT)
        for view in reversed(cleanups):
            view.close()
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"\n{len(passed)} passed, {len(failures)} failed")
    for f in failures:
        print(f"  failed: {f}")
    return 1 if failures or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
