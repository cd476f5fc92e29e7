#pragma once
// Keeps secrets out of core dumps: the process holds tokens in memory from
// start to end, and a crash (or a gcore/ptrace by another process of the same
// user) would copy them to disk. On Linux: RLIMIT_CORE 0 and PR_SET_DUMPABLE 0;
// elsewhere RLIMIT_CORE 0 where it exists. Best effort, never throws.
namespace ca {

void disable_core_dumps();

}  // namespace ca
