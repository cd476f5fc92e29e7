#!/usr/bin/env python3
"""Finer figures than bench/auth_bench.sh (whose /usr/bin/time has 10 ms
resolution): runs `auth` as the Azure task (the same environment and config
shape) many times per binary, interleaved, and prints the minimum and median
wall time (perf_counter) and user+system CPU time (getrusage) of each.
Usage: bench/auth_repeat_bench.py REGISTRIES RUNS BINARY [BINARY...]
e.g.   bench/auth_repeat_bench.py 1 200 build/portable/linux-x64/cargo-authenticate build/src/cargo-authenticate
"""
import os
import resource
import subprocess
import sys
import tempfile
import time


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    registries, runs, binaries = int(sys.argv[1]), int(sys.argv[2]), [os.path.abspath(b) for b in sys.argv[3:]]
    with tempfile.TemporaryDirectory() as work:
        config = os.path.join(work, "config.toml")
        with open(config, "w", encoding="utf-8") as f:
            f.write("[registries]\n")
            for i in range(registries):
                f.write(f'feed-{i} = {{ index = "sparse+https://pkgs.dev.azure.com/contoso/project/_packaging/feed-{i}/Cargo/index/" }}\n')
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TF_BUILD": "True",
               "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI": "https://dev.azure.com/contoso/",
               "SECRET_SYSTEM_ACCESSTOKEN": "tkn-bench-access-token", "INPUT_CONFIGFILE": config}
        results = {b: ([], []) for b in binaries}
        for _ in range(runs):
            for b in binaries:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                done = subprocess.run([b], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                      timeout=60, check=False)
                wall = time.perf_counter() - started
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if done.returncode != 0:
                    sys.exit(f"{b} exited {done.returncode}")
                results[b][0].append(wall)
                results[b][1].append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    print(f"{registries} registries, {runs} runs each; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for b, (walls, cpus) in results.items():
        walls.sort()
        cpus.sort()
        print(f"{b}\n  wall min {walls[0] * 1000:.1f} ms, median {walls[len(walls) // 2] * 1000:.1f} ms; "
              f"CPU min {cpus[0] * 1000:.1f} ms, median {cpus[len(cpus) // 2] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
