"""The GitHub action installs itself: task/github/install.sh (and action.yml's
steps, run as the runner runs a composite action) against a static HTTP
server on 127.0.0.1 serving a dist/ that scripts/package.sh wrote. Outputs
are parsed back from $GITHUB_OUTPUT / $GITHUB_PATH / $GITHUB_ENV; the server
records every request, so "used the cache" means "asked for nothing"."""
import os
import re
import shutil
import stat
import subprocess
import sys
import unittest
import uuid
from pathlib import Path

import yaml

sys.path.insert(0, os.path.dirname(__file__))
from support import (SOURCE_DIR, TIMEOUT, VERSION, FileServer, TempDir, package, parse_sums,  # noqa: E402
                     portable_dir, run, sha256)

ARCHIVE = f"cargo-authenticate-{VERSION}-linux-x64.tar.gz"
ACTION_FILES = ["action.yml", "install.sh"]


def parse_github_file(path):
    """A $GITHUB_OUTPUT/$GITHUB_ENV file the runner's way: name=value lines and
    name<<DELIMITER heredocs."""
    values = {}
    if not Path(path).exists():
        return values
    lines = Path(path).read_text().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            while lines[i] != delimiter:
                body.append(lines[i])
                i += 1
            i += 1
            values[name] = "\n".join(body)
        else:
            name, _, value = line.partition("=")
            values[name] = value
    return values


def error_annotations(stdout):
    """The data of every ::error ...:: workflow command, unescaped."""
    found = []
    for line in stdout.splitlines():
        m = re.match(r"^::error(?: [^:]*)?::(.*)$", line)
        if m:
            found.append(m.group(1).replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%"))
    return found


class Runner:
    """One job's runner: tool cache, temp, command files, and the action laid
    out as it is at a tag (action.yml, install.sh, the committed SHA256SUMS)."""

    def __init__(self, root, sums_text):
        self.root = root
        self.tool_cache = root / "toolcache"
        self.temp = root / "runner-temp"
        for d in (self.tool_cache, self.temp):
            d.mkdir(parents=True, exist_ok=True)
        self.action = root / "action"
        self.action.mkdir()
        for name in ACTION_FILES:
            shutil.copy2(SOURCE_DIR / "task" / "github" / name, self.action / name)
        (self.action / "SHA256SUMS").write_text(sums_text)
        self.files = {}

    def env(self, **extra):
        env = {"PATH": "/usr/bin:/bin", "HOME": str(self.root), "LANG": "C.UTF-8",
               "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64", "RUNNER_TOOL_CACHE": str(self.tool_cache),
               "RUNNER_TEMP": str(self.temp), "GITHUB_ACTIONS": "true"}
        for name in ("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_ENV", "GITHUB_STEP_SUMMARY"):
            self.files[name] = self.temp / f"{name.lower()}_{uuid.uuid4().hex}"
            self.files[name].touch()
            env[name] = str(self.files[name])
        env.update(extra)
        return env

    def install(self, **extra):
        result = run(["bash", str(self.action / "install.sh")], env=self.env(**extra))
        return result, parse_github_file(self.files["GITHUB_OUTPUT"]), \
            self.files["GITHUB_PATH"].read_text().splitlines()

    def installed(self):
        return sorted(str(p.relative_to(self.tool_cache)) for p in self.tool_cache.rglob("*"))


class Install(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.dist = cls.tmp.path / "dist"
        result = package(cls.dist, portable_dir(cls.tmp.path), "linux-x64", "--no-vsix")
        if result.returncode != 0:
            raise AssertionError(f"package.sh failed:\n{result.stdout}\n{result.stderr}")
        cls.sums = (cls.dist / "SHA256SUMS").read_text()
        cls.server = FileServer(cls.dist)

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.tmp.cleanup()

    def setUp(self):
        self.job = TempDir()
        self.addCleanup(self.job.cleanup)
        self.server.requests.clear()

    def runner(self, sums=None):
        return Runner(self.job.path, self.sums if sums is None else sums)

    def test_installs_verifies_and_runs(self):
        runner = self.runner()
        result, outputs, path = runner.install(CA_RELEASE_BASE_URL=self.server.url)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        binary = runner.tool_cache / "cargo-authenticate" / VERSION / "x64" / "cargo-authenticate"
        self.assertEqual(outputs, {"binary": str(binary)})
        self.assertEqual(path, [str(binary.parent)])
        self.assertEqual(self.server.requests, [f"/{ARCHIVE}"])
        self.assertEqual((runner.tool_cache / "cargo-authenticate" / VERSION / "x64.complete").read_text().strip(),
                         parse_sums(self.sums)[ARCHIVE])
        self.assertTrue(os.stat(binary).st_mode & stat.S_IXUSR)
        version = run([str(binary), "--version"])
        self.assertEqual((version.returncode, version.stdout.strip()), (0, VERSION), version.stderr)

    def test_a_second_job_uses_the_tool_cache_without_downloading(self):
        runner = self.runner()
        first, first_out, _ = runner.install(CA_RELEASE_BASE_URL=self.server.url)
        self.assertEqual(first.returncode, 0, first.stdout + first.stderr)
        self.server.requests.clear()
        second, second_out, _ = runner.install(CA_RELEASE_BASE_URL=self.server.url)
        self.assertEqual(second.returncode, 0, second.stdout + second.stderr)
        self.assertEqual(second_out, first_out)
        self.assertEqual(self.server.requests, [])
        self.assertIn("from the tool cache", second.stdout)

    def test_concurrent_jobs_on_one_runner_all_get_a_working_binary(self):
        runner = self.runner()
        jobs = []
        for _ in range(4):
            env = runner.env(CA_RELEASE_BASE_URL=self.server.url)
            jobs.append((subprocess.Popen(["bash", str(runner.action / "install.sh")], env=env,
                                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True),
                         env["GITHUB_OUTPUT"]))
        binaries = set()
        for process, output in jobs:
            out, _ = process.communicate(timeout=TIMEOUT)
            self.assertEqual(process.returncode, 0, out)
            binaries.add(parse_github_file(output)["binary"])
        self.assertEqual(len(binaries), 1)
        version = run([binaries.pop(), "--version"])
        self.assertEqual(version.stdout.strip(), VERSION)
        leftovers = sorted(p.name for p in (runner.tool_cache / "cargo-authenticate" / VERSION).iterdir()
                           if not p.name.endswith(".lock"))
        self.assertEqual(leftovers, ["x64", "x64.complete"])

    def test_a_cache_entry_of_another_archive_is_replaced(self):
        runner = self.runner()
        self.assertEqual(runner.install(CA_RELEASE_BASE_URL=self.server.url)[0].returncode, 0)
        marker = runner.tool_cache / "cargo-authenticate" / VERSION / "x64.complete"
        marker.write_text("0" * 64 + "\n")  # left by a build with other bytes under the same version
        self.server.requests.clear()
        result, _, _ = runner.install(CA_RELEASE_BASE_URL=self.server.url)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(self.server.requests, [f"/{ARCHIVE}"])
        self.assertEqual(marker.read_text().strip(), parse_sums(self.sums)[ARCHIVE])

    def test_a_wrong_checksum_fails_clearly_and_installs_nothing(self):
        wrong = "ab" * 32
        runner = self.runner(sums=f"{wrong}  {ARCHIVE}\n")
        result, outputs, path = runner.install(CA_RELEASE_BASE_URL=self.server.url)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        errors = error_annotations(result.stdout)
        self.assertEqual(len(errors), 1, result.stdout)
        self.assertIn(f"checksum mismatch for {ARCHIVE}", errors[0])
        self.assertIn(f"expected {wrong}", errors[0])
        self.assertIn(f"got {sha256(self.dist / ARCHIVE)}", errors[0])
        self.assertIn("nothing was installed", errors[0])
        self.assertEqual((outputs, path), ({}, []))
        self.assertEqual(runner.installed(), [])
        self.assertEqual(list(runner.temp.glob("cargo-authenticate.*")), [])  # download removed

    def test_a_missing_archive_fails_clearly(self):
        runner = self.runner()
        result, outputs, _ = runner.install(CA_RELEASE_BASE_URL=self.server.url + "/no-such-release")
        self.assertEqual(result.returncode, 1)
        errors = error_annotations(result.stdout)
        self.assertEqual(len(errors), 1, result.stdout)
        self.assertIn(f"cannot download {self.server.url}/no-such-release/{ARCHIVE}", errors[0])
        self.assertIn("404", errors[0])
        self.assertEqual((outputs, runner.installed()), ({}, []))

    def test_the_default_url_is_the_actions_own_release(self):
        # GitHub's layout, <server>/<owner>/<repo>/releases/download/<tag>/<asset>, served locally.
        release = self.dist / "acme" / "cargo-authenticate" / "releases" / "download" / f"v{VERSION}"
        release.mkdir(parents=True)
        self.addCleanup(shutil.rmtree, self.dist / "acme")
        shutil.copy2(self.dist / ARCHIVE, release / ARCHIVE)
        runner = self.runner()
        result, outputs, _ = runner.install(GITHUB_SERVER_URL=self.server.url,
                                            CA_ACTION_REPOSITORY="acme/cargo-authenticate",
                                            CA_ACTION_REF=f"v{VERSION}")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(self.server.requests, [f"/acme/cargo-authenticate/releases/download/v{VERSION}/{ARCHIVE}"])
        self.assertIn("binary", outputs)

    def test_without_a_ref_or_base_url_it_says_what_to_set(self):
        result, _, _ = self.runner().install()
        self.assertEqual(result.returncode, 1)
        self.assertIn("set release-base-url", error_annotations(result.stdout)[0])
        self.assertEqual(self.server.requests, [])

    def test_plain_http_to_another_host_is_refused_before_any_request(self):
        result, _, _ = self.runner().install(CA_RELEASE_BASE_URL="http://releases.example.com/v1")
        self.assertEqual(result.returncode, 1)
        self.assertIn("must be an https:// URL", error_annotations(result.stdout)[0])

    def test_arm64_runner_picks_the_arm64_archive(self):
        arm = f"cargo-authenticate-{VERSION}-linux-arm64.tar.gz"
        runner = self.runner(sums=self.sums + f"{'cd' * 32}  {arm}\n")
        result, _, _ = runner.install(CA_RELEASE_BASE_URL=self.server.url, RUNNER_ARCH="ARM64")
        self.assertEqual(result.returncode, 1)  # not served here: the point is which file it asked for
        self.assertEqual(self.server.requests, [f"/{arm}"])
        self.assertEqual(runner.installed(), [])

    def test_macos_runners_are_told_they_are_not_supported(self):
        result, _, _ = self.runner().install(CA_RELEASE_BASE_URL=self.server.url, RUNNER_OS="macOS")
        self.assertEqual(result.returncode, 1)
        self.assertIn("macOS runners are not supported", error_annotations(result.stdout)[0])
        self.assertEqual(self.server.requests, [])

    def test_a_release_without_the_windows_archive_says_so(self):
        result, _, _ = self.runner().install(CA_RELEASE_BASE_URL=self.server.url, RUNNER_OS="Windows")
        self.assertEqual(result.returncode, 1)
        self.assertIn("no cargo-authenticate archive for win32-x64", error_annotations(result.stdout)[0])
        self.assertEqual(self.server.requests, [])

    def test_use_path_takes_the_binary_on_path_and_downloads_nothing(self):
        bindir = self.job.path / "mybin"
        bindir.mkdir()
        shutil.copy2(self.dist.parent / "portable" / "linux-x64" / "cargo-authenticate", bindir)
        runner = self.runner()
        result, outputs, _ = runner.install(CA_USE_PATH="true", PATH=f"{bindir}:/usr/bin:/bin",
                                            CA_RELEASE_BASE_URL=self.server.url)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(outputs, {"binary": str(bindir / "cargo-authenticate")})
        self.assertEqual((self.server.requests, runner.installed()), ([], []))

    def test_the_binary_input_is_used_as_given(self):
        given = self.dist.parent / "portable" / "linux-x64" / "cargo-authenticate"
        runner = self.runner()
        result, outputs, _ = runner.install(CA_BINARY=str(given), CA_RELEASE_BASE_URL=self.server.url)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(outputs, {"binary": str(given)})
        self.assertEqual((self.server.requests, runner.installed()), ([], []))
        missing, outputs, _ = runner.install(CA_BINARY=str(self.job.path / "nope"))
        self.assertEqual(missing.returncode, 1)
        self.assertIn("is not an executable file", error_annotations(missing.stdout)[0])

    def test_use_path_without_a_binary_on_path_fails_clearly(self):
        result, outputs, _ = self.runner().install(CA_USE_PATH="true", CA_RELEASE_BASE_URL=self.server.url)
        self.assertEqual(result.returncode, 1)
        self.assertIn("no cargo-authenticate is on PATH", error_annotations(result.stdout)[0])
        self.assertEqual((outputs, self.server.requests), ({}, []))

    def test_a_checkout_without_committed_sums_says_to_use_a_release_tag(self):
        runner = self.runner()
        (runner.action / "SHA256SUMS").unlink()
        result, _, _ = runner.install(CA_RELEASE_BASE_URL=self.server.url)
        self.assertEqual(result.returncode, 1)
        self.assertIn("use a released tag", error_annotations(result.stdout)[0])


class CompositeAction(unittest.TestCase):
    """action.yml run step by step the way the runner runs a composite action:
    each step's env: evaluated (inputs with their defaults, github.action_*,
    steps.<id>.outputs), its run: written to a file and started as
    `bash --noprofile --norc -eo pipefail FILE`; an expression this emulation
    does not know fails the test instead of becoming an empty string."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.dist = cls.tmp.path / "dist"
        result = package(cls.dist, portable_dir(cls.tmp.path), "linux-x64", "--no-vsix")
        if result.returncode != 0:
            raise AssertionError(f"package.sh failed:\n{result.stdout}\n{result.stderr}")
        cls.server = FileServer(cls.dist)

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.tmp.cleanup()

    def setUp(self):
        self.server.requests.clear()

    def run_action(self, runner, with_inputs, step_env):
        action = yaml.safe_load((runner.action / "action.yml").read_text())
        inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
        unknown = set(with_inputs) - set(inputs)
        self.assertEqual(unknown, set(), "inputs the action does not declare")
        inputs.update(with_inputs)
        context = {"github.action_path": str(runner.action), "github.action_repository": "acme/cargo-authenticate",
                   "github.action_ref": f"v{VERSION}"}
        step_outputs = {}

        def evaluate(text):
            def one(match):
                expr = match.group(1).strip()
                if expr.startswith("inputs."):
                    return inputs[expr[len("inputs."):]]
                m = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
                if m:
                    return step_outputs.get(m.group(1), {}).get(m.group(2), "")
                self.assertIn(expr, context, f"expression the test runner does not know: {expr}")
                return context[expr]
            return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))

        env_file = None
        results = []
        for step in action["runs"]["steps"]:
            self.assertEqual(step["shell"], "bash")
            env = runner.env(**step_env)
            if env_file is None:
                env_file = runner.files["GITHUB_ENV"]
            env["GITHUB_ENV"] = str(env_file)
            env.update({k: evaluate(v) for k, v in step.get("env", {}).items()})
            script = runner.temp / f"step_{step['id']}.sh"
            script.write_text(evaluate(step["run"]))
            result = run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], env=env,
                         cwd=str(runner.root), timeout=TIMEOUT)
            results.append(result)
            step_outputs[step["id"]] = parse_github_file(runner.files["GITHUB_OUTPUT"])
            if result.returncode != 0:
                break
        return results, step_outputs, parse_github_file(env_file)

    def test_the_action_installs_then_authenticates_cargo(self):
        job = TempDir()
        self.addCleanup(job.cleanup)
        runner = Runner(job.path, (self.dist / "SHA256SUMS").read_text())
        config = job.path / ".cargo" / "config.toml"
        config.parent.mkdir()
        config.write_text('[registries.my-feed]\nindex = "sparse+https://cargo.example.com/my-feed/"\n')
        results, outputs, env = self.run_action(
            runner, {"release-base-url": self.server.url, "config-file": str(config),
                     "token-variables": "my-feed=FEED_TOKEN"},
            {"FEED_TOKEN": "tkn-action-test"})
        self.assertEqual([r.returncode for r in results], [0, 0], "\n".join(r.stdout + r.stderr for r in results))
        self.assertEqual(self.server.requests, [f"/{ARCHIVE}"])
        self.assertEqual(outputs["install"]["binary"],
                         str(runner.tool_cache / "cargo-authenticate" / VERSION / "x64" / "cargo-authenticate"))
        self.assertEqual(outputs["run"]["registries"], "my-feed")
        self.assertEqual(env["CARGO_REGISTRIES_MY_FEED_TOKEN"], "tkn-action-test")
        self.assertEqual(env["CARGO_REGISTRIES_MY_FEED_CREDENTIAL_PROVIDER"], "cargo:token")
        self.assertIn("::add-mask::tkn-action-test", results[1].stdout)

    def test_a_wrong_checksum_stops_the_action_before_the_binary_runs(self):
        job = TempDir()
        self.addCleanup(job.cleanup)
        runner = Runner(job.path, f"{'ab' * 32}  {ARCHIVE}\n")
        results, _, env = self.run_action(runner, {"release-base-url": self.server.url}, {})
        self.assertEqual([r.returncode for r in results], [1])
        self.assertIn("checksum mismatch", error_annotations(results[0].stdout)[0])
        self.assertEqual((env, runner.installed()), ({}, []))

    def test_the_root_action_is_the_same_file(self):
        # <owner>/cargo-authenticate@<tag> reads <repo>/action.yml; both spellings must behave the same.
        self.assertEqual((SOURCE_DIR / "action.yml").read_bytes(),
                         (SOURCE_DIR / "task" / "github" / "action.yml").read_bytes(),
                         "copy task/github/action.yml to action.yml")



class WindowsInstall(unittest.TestCase):
    """A Windows runner (Git Bash runs install.sh there) gets the win32-x64
    archive's cargo-authenticate.exe, verified, in the tool cache."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        exe = cls.tmp.path / "portable" / "win32-x64" / "cargo-authenticate.exe"
        exe.parent.mkdir(parents=True)
        compiled = subprocess.run(["x86_64-w64-mingw32-gcc", "-x", "c", "-o", str(exe), "-"],
                                  input="int main(void){return 0;}\n", text=True, capture_output=True)
        if compiled.returncode != 0:
            raise AssertionError(f"x86_64-w64-mingw32-gcc: {compiled.stderr}")
        cls.dist = cls.tmp.path / "dist"
        result = package(cls.dist, cls.tmp.path / "portable", "win32-x64", "--no-vsix")
        if result.returncode != 0:
            raise AssertionError(f"package.sh failed:\n{result.stdout}\n{result.stderr}")
        cls.sums = (cls.dist / "SHA256SUMS").read_text()
        cls.server = FileServer(cls.dist)

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.tmp.cleanup()

    def test_windows_runner_installs_the_exe(self):
        job = TempDir()
        self.addCleanup(job.cleanup)
        runner = Runner(job.path, self.sums)
        result, outputs, path = runner.install(CA_RELEASE_BASE_URL=self.server.url, RUNNER_OS="Windows")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        binary = runner.tool_cache / "cargo-authenticate" / VERSION / "x64" / "cargo-authenticate.exe"
        self.assertEqual(outputs, {"binary": str(binary)})
        self.assertEqual(path, [str(binary.parent)])
        self.assertEqual(self.server.requests, [f"/cargo-authenticate-{VERSION}-win32-x64.tar.gz"])
        self.assertEqual(binary.read_bytes()[:2], b"MZ")
        packed = self.dist / "task" / "CargoAuthenticateNative" / "task" / "bin" / "win32-x64" / "cargo-authenticate.exe"
        self.assertEqual(sha256(binary), sha256(packed))  # the packaged (stripped) .exe

if __name__ == "__main__":
    unittest.main(verbosity=2)
