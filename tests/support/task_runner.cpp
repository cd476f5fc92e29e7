#include "support/task_runner.hpp"

namespace ca::test {

Env azure_agent_env() {
  Env env = base_env();
  env["TF_BUILD"] = "True";
  env["SYSTEM_TEAMFOUNDATIONCOLLECTIONURI"] = "https://dev.azure.com/contoso/";
  env["SYSTEM_SERVERTYPE"] = "Hosted";
  env["VSTS_PUBLIC_VARIABLES"] = "[]";
  env["VSTS_SECRET_VARIABLES"] = "[]";
  return env;
}

TaskRun run_task(const Env& env, const std::vector<std::string>& args, const std::string& cwd) {
  std::vector<std::string> argv = {CA_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions options;
  options.cwd = cwd;
  options.timeout = std::chrono::seconds(60);
  TaskRun run;
  run.process = run_process(argv, env, options);
  run.log = AzureLog::parse(run.process.out + run.process.err);
  return run;
}

ProcessResult run_cli(const std::vector<std::string>& args, const Env& env, const std::string& cwd) {
  std::vector<std::string> argv = {CA_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions options;
  options.cwd = cwd;
  options.timeout = std::chrono::seconds(60);
  return run_process(argv, env, options);
}

}  // namespace ca::test
