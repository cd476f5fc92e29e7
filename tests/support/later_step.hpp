#pragma once
// What a later `script:` step of the same job gets after a task run, under the
// agent's real rules (support/agent_emulator.hpp), and the credential cargo
// would send from that environment. Azure tests assert on these instead of on
// the raw task.setvariable lines, which the agent may undo.
#include <optional>
#include <string>

#include "support/agent_emulator.hpp"
#include "support/task_runner.hpp"

namespace ca::test {

// The job's variables as the agent handed them to the task (VSTS_SECRET_VARIABLES
// with SECRET_*, VSTS_PUBLIC_VARIABLES; a SECRET_X not listed counts as secret X).
AgentJob job_from_task_env(const Env& task_env);
// The environment (variables only) of a later script step after this task run.
Env later_script_env(const Env& task_env, const TaskRun& run);
// The Authorization value cargo would use for a registry in a step environment:
// prefix "CARGO_REGISTRIES_<NAME>" (or "CARGO_REGISTRY" for crates.io). With
// `cargo:token` it is the token variable; with this binary as provider it is what
// the provider answers, asked through the real protocol. nullopt when none.
std::optional<std::string> cargo_credential(const Env& step_env, const std::string& prefix,
                                            const std::string& index_url);

}  // namespace ca::test

namespace ca::test {

// The credential a later script step's cargo would use for the registry whose
// variables start with prefix, after this task run under the agent's rules;
// "<none>" when it would have none. The provider is asked with index_url (it is
// only ever asked for the registry whose setting names it).
std::string seen_later(const Env& task_env, const TaskRun& run, const std::string& prefix,
                       const std::string& index_url = "sparse+https://registry.example.com/index/");

}  // namespace ca::test
