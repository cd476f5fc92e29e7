"""scripts/package.sh: what dist/ holds, parsed back (tar, zip, SHA256SUMS),
and that bad input fails before anything is written."""
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from support import BINARY, SOURCE_DIR, VERSION, TempDir, package, parse_sums, portable_dir, run, sha256  # noqa: E402

ARCHIVE = f"cargo-authenticate-{VERSION}-linux-x64.tar.gz"
TOP = f"cargo-authenticate-{VERSION}-linux-x64"


def has_symbols(path):
    sections = run(["readelf", "-S", "-W", str(path)]).stdout
    return ".symtab" in sections


class Dist(unittest.TestCase):
    """One full package run (with the .vsix) shared by the checks below."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.portable = portable_dir(cls.tmp.path)
        cls.dist = cls.tmp.path / "dist"
        cls.result = package(cls.dist, cls.portable, "linux-x64")
        if cls.result.returncode != 0:
            raise AssertionError(f"package.sh failed:\n{cls.result.stdout}\n{cls.result.stderr}")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_checksums_cover_the_archive_and_the_vsix(self):
        sums = parse_sums((self.dist / "SHA256SUMS").read_text())
        vsix = [p.name for p in self.dist.glob("*.vsix")]
        self.assertEqual(len(vsix), 1)
        self.assertEqual(set(sums), {ARCHIVE, vsix[0]})
        for name, digest in sums.items():
            self.assertEqual(sha256(self.dist / name), digest, name)

    def test_archive_holds_the_stripped_binary_and_the_readme_under_one_folder(self):
        with tarfile.open(self.dist / ARCHIVE) as tar:
            members = {m.name: m for m in tar.getmembers()}
            self.assertEqual(set(members), {TOP, f"{TOP}/cargo-authenticate", f"{TOP}/README.md"})
            binary = members[f"{TOP}/cargo-authenticate"]
            self.assertEqual(stat.S_IMODE(binary.mode), 0o755)
            self.assertEqual((binary.uid, binary.gid), (0, 0))
            data = tar.extractfile(binary).read()
            self.assertEqual(tar.extractfile(members[f"{TOP}/README.md"]).read(),
                             (SOURCE_DIR / "README.md").read_bytes())
        shipped = self.dist / "task" / "CargoAuthenticateNative" / "task" / "bin" / "linux-x64" / "cargo-authenticate"
        self.assertEqual(data, shipped.read_bytes(), "archive and task carry different binaries")
        self.assertFalse(has_symbols(shipped), "the shipped binary is not stripped")
        self.assertTrue(has_symbols(self.portable / "linux-x64" / "cargo-authenticate"))

    def test_the_unpacked_binary_runs(self):
        out = self.tmp.path / "unpacked"
        with tarfile.open(self.dist / ARCHIVE) as tar:
            tar.extractall(out, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
        result = run([str(out / TOP / "cargo-authenticate"), "--version"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), VERSION)

    def test_task_folder_is_the_repositorys_task_with_the_binary(self):
        task = self.dist / "task" / "CargoAuthenticateNative"
        self.assertEqual((task / "task.json").read_bytes(), (SOURCE_DIR / "task.json").read_bytes())
        self.assertEqual((task / "icon.png").read_bytes(), (SOURCE_DIR / "icon.png").read_bytes())
        self.assertEqual((task / "task" / "launcher.js").read_bytes(),
                         (SOURCE_DIR / "task" / "launcher.js").read_bytes())
        self.assertEqual(sorted(p.name for p in (task / "task" / "bin").iterdir()), ["linux-x64"])

    def test_vsix_carries_the_task_folder_byte_for_byte(self):
        vsix = next(self.dist.glob("*.vsix"))
        self.assertEqual(vsix.name, f"cargo-authenticate.cargo-authenticate-native-{VERSION}.vsix")
        task = self.dist / "task" / "CargoAuthenticateNative"
        with zipfile.ZipFile(vsix) as z:
            for rel in ["task.json", "icon.png", "task/launcher.js", "task/bin/linux-x64/cargo-authenticate"]:
                self.assertEqual(z.read(f"CargoAuthenticateNative/{rel}"), (task / rel).read_bytes(), rel)
            manifest = z.read("extension.vsixmanifest").decode()
            self.assertIn(f'Version="{VERSION}"', manifest)

    def test_the_vsix_unpacked_without_file_modes_runs_through_the_launcher(self):
        # The agent unzips the task with no Unix modes (zipfile does the same);
        # the launcher restores the executable bit and the binary authenticates.
        out = self.tmp.path / "agent-tasks"
        with zipfile.ZipFile(next(self.dist.glob("*.vsix"))) as z:
            z.extractall(out)
        binary = out / "CargoAuthenticateNative" / "task" / "bin" / "linux-x64" / "cargo-authenticate"
        self.assertFalse(os.access(binary, os.X_OK))
        work = self.tmp.path / "work"
        (work / ".cargo").mkdir(parents=True)
        (work / ".cargo" / "config.toml").write_text(
            '[registries.internal]\nindex = "sparse+https://pkgs.dev.azure.com/contoso/_packaging/internal/Cargo/index/"\n')
        env = {"PATH": os.environ["PATH"], "HOME": str(self.tmp.path), "TF_BUILD": "True",
               "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI": "https://dev.azure.com/contoso/",
               "SYSTEM_DEFAULTWORKINGDIRECTORY": str(work), "VSTS_PUBLIC_VARIABLES": "[]",
               "VSTS_SECRET_VARIABLES": "[]", "SECRET_SYSTEM_ACCESSTOKEN": "tkn-vsix-build",
               "INPUT_CONFIGFILE": str(work / ".cargo" / "config.toml")}
        result = run(["node", str(out / "CargoAuthenticateNative" / "task" / "launcher.js")], env=env, cwd=work)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        variables = dict(re.findall(r"^##vso\[task\.setvariable variable=([^;\]]+);[^\]]*\](.*)$", result.stdout, re.M))
        self.assertEqual(variables.get("CARGO_REGISTRIES_INTERNAL_TOKEN"), "Bearer tkn-vsix-build", result.stdout)
        self.assertEqual(variables.get("CARGO_REGISTRIES_INTERNAL_CREDENTIAL_PROVIDER"), "cargo:token")

    def test_packing_again_gives_the_same_archive(self):
        again = self.tmp.path / "again"
        result = package(again, self.portable, "linux-x64", "--no-vsix")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(sha256(again / ARCHIVE), sha256(self.dist / ARCHIVE))


class BadInput(unittest.TestCase):
    def setUp(self):
        self.tmp = TempDir()
        self.dist = self.tmp.path / "dist"
        self.dist.mkdir()
        (self.dist / "previous").write_text("kept")

    def tearDown(self):
        self.tmp.cleanup()

    def assert_dist_untouched(self):
        self.assertEqual(sorted(p.name for p in self.dist.iterdir()), ["previous"])
        self.assertEqual([p.name for p in self.tmp.path.iterdir() if p.name.startswith(".dist")], [])

    def test_a_missing_platform_fails_naming_the_file_and_the_build_command(self):
        portable = portable_dir(self.tmp.path)  # linux-x64 only; the default also wants arm64
        result = package(self.dist, portable, "--no-vsix")
        self.assertEqual(result.returncode, 1)
        self.assertIn(str(portable / "linux-arm64" / "cargo-authenticate"), result.stderr)
        self.assertIn("bash scripts/build-portable.sh arm64", result.stderr)
        self.assert_dist_untouched()

    def test_a_binary_of_the_wrong_architecture_is_refused(self):
        portable = portable_dir(self.tmp.path, ("linux-x64", "linux-arm64"))  # arm64 slot holds x86-64
        result = package(self.dist, portable, "linux-x64", "linux-arm64", "--no-vsix")
        self.assertNotEqual(result.returncode, 0)
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"package.sh: error: {portable / 'linux-arm64' / 'cargo-authenticate'} is not a linux-arm64 "
                      "ELF executable (e_machine 3e00, want b700): rebuild it for linux-arm64", result.stderr)
        self.assertNotIn("Call Stack", result.stderr)
        self.assert_dist_untouched()

    def test_an_unknown_argument_is_refused(self):
        result = package(self.dist, portable_dir(self.tmp.path), "darwin-arm64")
        self.assertEqual(result.returncode, 1)
        self.assertIn("unknown argument 'darwin-arm64'", result.stderr)
        self.assert_dist_untouched()


class Windows(unittest.TestCase):
    """Ready for bin/win32-x64/: a PE built by mingw-w64 is packed as .exe."""

    @unittest.skipUnless(shutil.which("x86_64-w64-mingw32-gcc"), "mingw-w64 is not installed")
    def test_win32_x64_is_packed_as_an_exe(self):
        tmp = TempDir()
        self.addCleanup(tmp.cleanup)
        exe = tmp.path / "portable" / "win32-x64" / "cargo-authenticate.exe"
        exe.parent.mkdir(parents=True)
        compiled = subprocess.run(["x86_64-w64-mingw32-gcc", "-x", "c", "-o", str(exe), "-"],
                                  input="int main(void){return 0;}\n", text=True, capture_output=True)
        self.assertEqual(compiled.returncode, 0, compiled.stderr)
        dist = tmp.path / "dist"
        result = package(dist, tmp.path / "portable", "win32-x64", "--no-vsix")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        top = f"cargo-authenticate-{VERSION}-win32-x64"
        with tarfile.open(dist / f"{top}.tar.gz") as tar:
            self.assertEqual(sorted(tar.getnames()), [top, f"{top}/README.md", f"{top}/cargo-authenticate.exe"])
        shipped = dist / "task" / "CargoAuthenticateNative" / "task" / "bin" / "win32-x64" / "cargo-authenticate.exe"
        self.assertEqual(shipped.read_bytes()[:2], b"MZ")
        self.assertLess(shipped.stat().st_size, exe.stat().st_size)  # stripped


class Release(unittest.TestCase):
    """--release writes task/github/SHA256SUMS: run once, with every released
    platform (tiny aarch64 and mingw programs in the arm64 and win32 slots), on a copy of the
    repository's packaging files so the real ones are never touched."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.repo = cls.tmp.path / "repo"
        for rel in ["CMakeLists.txt", "README.md", "task.json", "icon.png", "task/launcher.js", "scripts/package.sh",
                    "cmake/AssembleTaskPackage.cmake", "cmake/vss-extension.json.in", "task/github/install.sh"]:
            (cls.repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(SOURCE_DIR / rel, cls.repo / rel)
        portable = portable_dir(cls.tmp.path)  # linux-x64
        arm = portable / "linux-arm64" / "cargo-authenticate"
        arm.parent.mkdir()
        compiled = subprocess.run(["aarch64-linux-gnu-gcc", "-x", "c", "-o", str(arm), "-"],
                                  input="int main(void){return 0;}\n", text=True, capture_output=True)
        if compiled.returncode != 0:
            raise AssertionError(f"aarch64-linux-gnu-gcc: {compiled.stderr}")
        win = portable / "win32-x64" / "cargo-authenticate.exe"
        win.parent.mkdir()
        compiled = subprocess.run(["x86_64-w64-mingw32-gcc", "-x", "c", "-o", str(win), "-"],
                                  input="int main(void){return 0;}\n", text=True, capture_output=True)
        if compiled.returncode != 0:
            raise AssertionError(f"x86_64-w64-mingw32-gcc: {compiled.stderr}")
        cls.dist = cls.tmp.path / "dist"
        cls.result = run(["bash", str(cls.repo / "scripts" / "package.sh"), "--release", "--no-vsix",
                          "--portable-dir", str(portable), "--dist", str(cls.dist)])

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_release_writes_the_actions_sums_for_every_archive(self):
        self.assertEqual(self.result.returncode, 0, self.result.stdout + self.result.stderr)
        committed = parse_sums((self.repo / "task" / "github" / "SHA256SUMS").read_text())
        self.assertEqual(committed, parse_sums((self.dist / "SHA256SUMS").read_text()))
        self.assertEqual(set(committed), {ARCHIVE, f"cargo-authenticate-{VERSION}-linux-arm64.tar.gz",
                                          f"cargo-authenticate-{VERSION}-win32-x64.tar.gz"})

    def test_release_refuses_a_subset_of_platforms(self):
        result = package(self.tmp.path / "subset", portable_dir(self.tmp.path / "x"), "--release", "linux-x64")
        self.assertEqual(result.returncode, 1)
        self.assertIn("--release packs every released platform", result.stderr)

    def test_the_cnb_dockerfile_copies_what_the_release_holds_and_installs_nothing(self):
        # No docker engine here: parse the Dockerfile. Every COPY from the build
        # context must name a file the packaging wrote (dist/...) or the repository
        # holds, the ignore file must let exactly those through, and the final
        # (runtime) stage must run nothing.
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        text = (SOURCE_DIR / "task" / "cnb" / "Dockerfile").read_text()
        stages, sources = [], []
        for line in text.splitlines():
            words = line.split()
            if not words or words[0].startswith("#"):
                continue
            if words[0] == "FROM":
                stages.append([])
            elif stages:
                stages[-1].append(words)
                if words[0] == "COPY" and not any(w.startswith("--from=") for w in words):
                    sources.append(words[-2])
        self.assertEqual(sorted(sources), [
            "dist/task/CargoAuthenticateNative/task/bin/linux-arm64/cargo-authenticate",
            "dist/task/CargoAuthenticateNative/task/bin/linux-x64/cargo-authenticate",
            "task/cnb/entrypoint.sh"])
        for source in sources:
            origin = self.dist / source[len("dist/"):] if source.startswith("dist/") else SOURCE_DIR / source
            self.assertTrue(origin.is_file(), f"{source}: not produced by package.sh / not in the repository")
            self.assertTrue(os.access(origin, os.X_OK), f"{source} is not executable")
        self.assertEqual([w[0] for w in stages[-1] if w[0] == "RUN"], [], "the runtime stage installs something")
        allowed = [l for l in (SOURCE_DIR / "task" / "cnb" / "Dockerfile.dockerignore").read_text().splitlines()
                   if l and not l.startswith("#")]
        self.assertEqual(allowed[0], "*")
        for source in sources:
            self.assertTrue(any(a.startswith("!") and source.startswith(a[1:]) for a in allowed[1:]), source)



class WindowsPortability(unittest.TestCase):
    """scripts/check-portable-windows.sh: only DLLs that are part of Windows.
    mingw-w64's default g++ link needs libstdc++-6.dll and libgcc_s_seh-1.dll
    (absent on an agent); -static does not."""

    PROGRAM = "#include <string>\n#include <iostream>\nint main(){std::string s(\"x\"); std::cout << s; return 0;}\n"

    def build(self, *flags):
        tmp = TempDir()
        self.addCleanup(tmp.cleanup)
        exe = tmp.path / "cargo-authenticate.exe"
        compiled = subprocess.run(["x86_64-w64-mingw32-g++-posix", "-x", "c++", "-o", str(exe), *flags, "-"],
                                  input=self.PROGRAM, text=True, capture_output=True)
        self.assertEqual(compiled.returncode, 0, compiled.stderr)
        return exe

    def check(self, exe):
        return run(["bash", str(SOURCE_DIR / "scripts" / "check-portable-windows.sh"), str(exe)])

    def test_a_dynamically_linked_exe_is_refused_naming_the_dll(self):
        result = self.check(self.build())
        self.assertEqual(result.returncode, 1)
        self.assertIn("imports libstdc++-6.dll, which is not part of Windows", result.stderr)

    def test_a_static_exe_passes(self):
        result = self.check(self.build("-static"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("portable (imports ", result.stdout)
        self.assertNotIn("libstdc++", result.stdout)

    def test_a_linux_binary_is_not_a_windows_exe(self):
        result = self.check(BINARY)
        self.assertEqual(result.returncode, 1)
        self.assertIn("not a PE32+ x86-64 executable", result.stderr)

if __name__ == "__main__":
    unittest.main(verbosity=2)
