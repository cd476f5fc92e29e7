#pragma once
// Runs the real cargo-authenticate binary as the agent would run the task:
// no arguments, TF_BUILD=True, inputs as INPUT_*, and nothing else of this
// process's environment unless the test adds it.
#include <string>
#include <vector>

#include "support/azure_log.hpp"
#include "support/process.hpp"

namespace ca::test {

struct TaskRun {
  ProcessResult process;
  AzureLog log;
};

// An agent-like environment for organization `contoso` on the cloud.
Env azure_agent_env();
TaskRun run_task(const Env& env, const std::vector<std::string>& args = {}, const std::string& cwd = "");
// Runs the binary with arguments (CLI front door) and the given environment.
ProcessResult run_cli(const std::vector<std::string>& args, const Env& env, const std::string& cwd = "");

}  // namespace ca::test
