"""samples/: every pipeline sample parses as YAML and has the structure its host
requires, with the names this project really has (the Azure task's name, version and
inputs from task.json; the GitHub action's inputs from action.yml; the CNB plugin's
settings from src/hosts/cnb/cnb_settings.cpp). Jobs that publish never run in parallel.
Each checker returns the problems it finds; the Broken cases prove each can fail."""
import copy
import os
import re
import sys
import unittest

import yaml

sys.path.insert(0, os.path.dirname(__file__))
from support import SOURCE_DIR, VERSION  # noqa: E402

SAMPLES = SOURCE_DIR / "samples"
TASK = yaml.safe_load((SOURCE_DIR / "task.json").read_text())  # JSON is YAML
TASK_REF = f"{TASK['name']}@{TASK['version']['Major']}"
TASK_INPUTS = {i["name"]: i for i in TASK["inputs"]}
TASK_ALIASES = {a for i in TASK["inputs"] for a in i.get("aliases", [])}
ACTION_INPUTS = set(yaml.safe_load((SOURCE_DIR / "action.yml").read_text())["inputs"])
CNB_SETTINGS = set(re.findall(r'setting\(env, "([a-z_]+)"',
                              (SOURCE_DIR / "src" / "hosts" / "cnb" / "cnb_settings.cpp").read_text())) | {"token"}


SCRIPT_STEPS = ("script", "bash", "pwsh", "powershell")


def publishes(steps):
    """Whether a list of Azure steps publishes (the task's publish command or a cargo publish script,
    in any shell)."""
    for step in steps or []:
        if step.get("task") == TASK_REF and (step.get("inputs") or {}).get("command") == "publish":
            return True
        for kind in SCRIPT_STEPS:
            text = str(step.get(kind, ""))
            if "cargo publish" in text and "--dry-run" not in text:
                return True
    return False


def azure_jobs(doc):
    """(pool, steps) of each job of an Azure pipeline; a steps-only pipeline is one job."""
    if "jobs" not in doc:
        return [(doc.get("pool") or {}, doc.get("steps") or [])]
    return [(job.get("pool") or doc.get("pool") or {}, job.get("steps") or []) for job in doc["jobs"]]


def depends_on(job):
    value = job.get("dependsOn", [])
    return [value] if isinstance(value, str) else list(value)


def check_azure_steps(steps, where):
    problems = []
    if not isinstance(steps, list) or not steps:
        return [f"{where}: steps is not a non-empty list"]
    for n, step in enumerate(steps):
        kinds = [k for k in ("task", "script", "bash", "pwsh", "powershell", "checkout") if k in step]
        if len(kinds) != 1:
            problems.append(f"{where}: step {n} is not exactly one of task/script/bash/pwsh/checkout: {sorted(step)}")
            continue
        if kinds[0] != "task":
            continue
        if step["task"] != TASK_REF:
            problems.append(f"{where}: step {n} runs task '{step['task']}', this task is {TASK_REF}")
            continue
        for name, value in (step.get("inputs") or {}).items():
            if name not in TASK_INPUTS and name not in TASK_ALIASES:
                problems.append(f"{where}: step {n}: input '{name}' is not in task.json")
            elif name in TASK_INPUTS and TASK_INPUTS[name]["type"] == "pickList" and \
                    str(value) not in TASK_INPUTS[name]["options"]:
                problems.append(f"{where}: step {n}: {name}: '{value}' is not one of {sorted(TASK_INPUTS[name]['options'])}")
    return problems


def check_azure(doc):
    if not isinstance(doc, dict):
        return ["not a mapping"]
    if ("steps" in doc) == ("jobs" in doc):
        return ["needs exactly one of steps: or jobs:"]
    if "steps" in doc:
        return check_azure_steps(doc["steps"], "steps")
    problems = []
    jobs = doc["jobs"]
    names = [j.get("job") for j in jobs]
    for job in jobs:
        if not job.get("job"):
            problems.append(f"a job without a `job:` name: {sorted(job)}")
            continue
        if "pool" not in job and "pool" not in doc:
            problems.append(f"job {job['job']}: no pool")
        problems += check_azure_steps(job.get("steps"), f"job {job['job']}")
        for dep in depends_on(job):
            if dep not in names:
                problems.append(f"job {job['job']}: dependsOn '{dep}', which is not a job")
    # Jobs without dependsOn between them run at the same time: two that publish
    # would race for the same versions.
    before = {j.get("job"): set(depends_on(j)) for j in jobs}

    def ancestors(name, seen=()):
        found = set()
        for dep in before.get(name, ()):
            if dep not in seen:
                found |= {dep} | ancestors(dep, seen + (name,))
        return found

    publishing = [j["job"] for j in jobs if j.get("job") and publishes(j.get("steps"))]
    for a in publishing:
        for b in publishing:
            if a < b and a not in ancestors(b) and b not in ancestors(a):
                problems.append(f"jobs {a} and {b} both publish and may run in parallel: add dependsOn")
    return problems


def check_github(doc):
    if not isinstance(doc, dict):
        return ["not a mapping"]
    problems = []
    # PyYAML reads the bare key `on` as the boolean true (YAML 1.1), as GitHub does not.
    if "on" not in doc and True not in doc:
        problems.append("no `on:` trigger")
    jobs = doc.get("jobs")
    if not isinstance(jobs, dict) or not jobs:
        return problems + ["no jobs"]
    for name, job in jobs.items():
        if "runs-on" not in job:
            problems.append(f"job {name}: no runs-on")
        steps = job.get("steps")
        if not isinstance(steps, list) or not steps:
            problems.append(f"job {name}: no steps")
            continue
        for n, step in enumerate(steps):
            if ("uses" in step) == ("run" in step):
                problems.append(f"job {name}: step {n} needs exactly one of uses:/run:")
                continue
            uses = step.get("uses", "")
            if "cargo-authenticate" not in uses and not uses.startswith("./"):
                continue  # another action (actions/checkout...)
            if uses != f"<owner>/cargo-authenticate@v{VERSION}":
                problems.append(f"job {name}: step {n} uses '{uses}', want <owner>/cargo-authenticate@v{VERSION} "
                                "(a release tag; ./task/github exists only in this repository)")
            for key in step.get("with") or {}:
                if key not in ACTION_INPUTS:
                    problems.append(f"job {name}: step {n}: '{key}' is not an input of action.yml")
            if (step.get("with") or {}).get("trusted-publishing") in (True, "true") and \
                    (job.get("permissions") or {}).get("id-token") != "write":
                problems.append(f"job {name}: trusted publishing needs permissions: id-token: write")
    return problems


def check_gitlab(doc):
    if not isinstance(doc, dict):
        return ["not a mapping"]
    jobs = {k: v for k, v in doc.items() if isinstance(v, dict) and not k.startswith(".")}
    if not jobs:
        return ["no jobs"]
    return [f"job {k}: no script" for k, v in jobs.items() if not isinstance(v.get("script"), list)]


def check_cnb(doc):
    if not isinstance(doc, dict) or not doc:
        return ["not a mapping of branches"]
    problems = []
    for branch, events in doc.items():
        if not isinstance(events, dict) or not events:
            problems.append(f"{branch}: no events")
            continue
        for event, pipelines in events.items():
            if not isinstance(pipelines, list) or not pipelines:
                problems.append(f"{branch}.{event}: not a list of pipelines")
                continue
            for p, pipeline in enumerate(pipelines):
                stages = pipeline.get("stages")
                where = f"{branch}.{event}[{p}]"
                if not isinstance(stages, list) or not stages:
                    problems.append(f"{where}: no stages")
                    continue
                for s, stage in enumerate(stages):
                    if not stage.get("name"):
                        problems.append(f"{where}.stages[{s}]: no name")
                    if ("script" in stage) == ("image" in stage):
                        problems.append(f"{where}.stages[{s}]: needs exactly one of script:/image:")
                    if "cargo-authenticate" in str(stage.get("image", "")):
                        for key in stage.get("settings") or {}:
                            if key not in CNB_SETTINGS:
                                problems.append(f"{where}.stages[{s}]: setting '{key}' is not read by the plugin")
    return problems


def host_of(path):
    name = path.name
    if name == ".cnb.yml":
        return check_cnb
    for prefix, checker in (("azure-", check_azure), ("github-", check_github), ("gitlab-", check_gitlab)):
        if name.startswith(prefix):
            return checker
    return None


def sample_files():
    return sorted(list(SAMPLES.glob("*.yml")) + list(SAMPLES.glob(".*.yml")))


class Samples(unittest.TestCase):
    def test_every_sample_parses_and_has_its_hosts_structure(self):
        files = sample_files()
        self.assertGreaterEqual(len(files), 5, files)
        for path in files:
            with self.subTest(sample=path.name):
                checker = host_of(path)
                self.assertIsNotNone(checker, f"{path.name}: no host known for this file name")
                doc = yaml.safe_load(path.read_text())
                self.assertEqual(checker(doc), [])

    def test_a_windows_job_authenticates_then_publishes_from_powershell(self):
        # Microsoft's guide publishes from a PowerShell step on a Windows agent (issue 14).
        found = []
        for path in sample_files():
            if host_of(path) is not check_azure:
                continue
            for pool, steps in azure_jobs(yaml.safe_load(path.read_text())):
                if not str(pool.get("vmImage", "")).startswith("windows"):
                    continue
                kinds = [next((k for k in ("task",) + SCRIPT_STEPS if k in step), None) for step in steps]
                task_at = [n for n, step in enumerate(steps) if step.get("task") == TASK_REF]
                shell_publish_at = [n for n, step in enumerate(steps) if kinds[n] in ("powershell", "pwsh")
                                    and publishes([step])]
                if task_at and shell_publish_at and task_at[0] < shell_publish_at[0]:
                    found.append(path.name)
        self.assertTrue(found, "no Azure sample has a windows job whose PowerShell step publishes after the task")

    def test_every_host_has_a_sample(self):
        hosts = {host_of(p) for p in sample_files()}
        self.assertEqual(hosts, {check_azure, check_github, check_gitlab, check_cnb})


class DocSnippets(unittest.TestCase):
    """The YAML blocks of README.md, docs/ and the CNB README parse; README keeps two set-up commands."""

    def test_every_yaml_block_in_the_docs_parses(self):
        docs = [SOURCE_DIR / "README.md", SOURCE_DIR / "task" / "cnb" / "README.md",
                *sorted((SOURCE_DIR / "docs").glob("*.md"))]
        blocks = 0
        for path in docs:
            for n, match in enumerate(re.finditer(r"```ya?ml\n(.*?)```", path.read_text(), re.S)):
                blocks += 1
                with self.subTest(doc=path.name, block=n):
                    self.assertIsNotNone(yaml.safe_load(match.group(1)))
        self.assertGreaterEqual(blocks, 5)

    def test_the_readme_set_up_is_two_commands(self):
        text = (SOURCE_DIR / "README.md").read_text()
        section = text.split("## Set-up on a fresh machine", 1)[1].split("\n## ", 1)[0]
        commands = [line.strip() for line in section.splitlines() if line.startswith("    ") and line.strip()]
        self.assertEqual(commands, ["bash scripts/demo.sh", "bash scripts/test.sh"])


class Broken(unittest.TestCase):
    """Each checker rejects a damaged copy of a real sample."""

    def load(self, name):
        return yaml.safe_load((SAMPLES / name).read_text())

    def test_parallel_publishing_jobs_are_refused(self):
        doc = self.load("azure-pipelines.yml")
        for job in doc["jobs"]:
            job.pop("dependsOn", None)
        self.assertTrue(any("may run in parallel" in p for p in check_azure(doc)), check_azure(doc))

    def test_a_powershell_publish_beside_another_publishing_job_is_refused(self):
        doc = self.load("azure-pipelines.yml")
        windows = next(j for j in doc["jobs"] if j["job"] == "build_on_windows")
        windows["steps"].append({"powershell": "cargo publish --registry my-feed --allow-dirty"})
        self.assertTrue(any("build_on_windows" in p and "may run in parallel" in p for p in check_azure(doc)),
                        check_azure(doc))

    def test_an_unknown_task_input_or_name_is_refused(self):
        doc = self.load("azure-pipelines.yml")
        bad = copy.deepcopy(doc)
        bad["jobs"][0]["steps"][1]["inputs"]["configfile"] = "x"
        self.assertTrue(any("'configfile' is not in task.json" in p for p in check_azure(bad)))
        bad = self.load("azure-pipelines-wif.yml")
        bad["steps"][0]["task"] = "CargoAuthenticate@0"
        self.assertTrue(any("runs task 'CargoAuthenticate@0'" in p for p in check_azure(bad)))
        bad = copy.deepcopy(doc)
        bad["jobs"][1]["steps"][1]["inputs"]["command"] = "Publish"
        self.assertTrue(any("'Publish' is not one of" in p for p in check_azure(bad)))

    def test_a_github_job_without_runs_on_or_with_a_local_action_is_refused(self):
        doc = self.load("github-trusted-publishing.yml")
        del doc["jobs"]["publish"]["runs-on"]
        doc["jobs"]["publish"]["steps"][1]["uses"] = "./task/github"
        problems = check_github(doc)
        self.assertTrue(any("no runs-on" in p for p in problems), problems)
        self.assertTrue(any("uses './task/github'" in p for p in problems), problems)
        doc = self.load("github-trusted-publishing.yml")
        del doc["jobs"]["publish"]["permissions"]
        self.assertTrue(any("id-token: write" in p for p in check_github(doc)))

    def test_a_cnb_stage_with_an_unknown_setting_is_refused(self):
        doc = self.load(".cnb.yml")
        doc["$"]["tag_push"][0]["stages"][0]["settings"]["registry_names"] = "x"
        self.assertTrue(any("'registry_names' is not read" in p for p in check_cnb(doc)), check_cnb(doc))
        doc = self.load(".cnb.yml")
        del doc["$"]["tag_push"][1]["stages"]
        self.assertTrue(any("no stages" in p for p in check_cnb(doc)))

    def test_a_gitlab_job_without_script_is_refused(self):
        doc = self.load("gitlab-trusted-publishing.yml")
        del doc["publish"]["script"]
        self.assertEqual(check_gitlab(doc), ["job publish: no script"])


if __name__ == "__main__":
    unittest.main()
