// agent-emulator: the test suite's emulation of the Azure Pipelines agent's
// variable rules (support/agent_emulator.hpp) as a small command, so
// scripts/demo.sh applies exactly the rules the scenario tests apply.
//   agent-emulator define STATE NAME [--secret]   value on stdin (never argv)
//   agent-emulator task-env STATE                 NUL-separated NAME=VALUE
//   agent-emulator run-commands STATE [STEP]      step output on stdin; prints
//                                                 the log as the agent shows it
//   agent-emulator script-env STATE               NUL-separated NAME=VALUE
// STATE is a JSON file holding the job's variables (secrets too: mode 0600).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "support/agent_emulator.hpp"

namespace {

using ca::test::AgentJob;

AgentJob load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.empty() ? AgentJob{} : AgentJob::from_json(text);
}

bool save(const std::string& path, const AgentJob& job) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return false;
  const std::string text = job.to_json();
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  return ::close(fd) == 0 && ok;
}

void print_env(const ca::test::Env& env) {
  for (const auto& [name, value] : env) std::cout << name << '=' << value << '\0';
}

int usage() {
  std::cerr << "usage: agent-emulator define|task-env|run-commands|script-env STATE ...\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  const std::string command = argv[1];
  const std::string state = argv[2];
  try {
    AgentJob job = load(state);
    if (command == "define" && argc >= 4) {
      std::string value((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
      while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
      job.define(argv[3], value, argc >= 5 && std::string(argv[4]) == "--secret");
      return save(state, job) ? 0 : 1;
    }
    if (command == "task-env") {
      print_env(job.task_env({}));
      return 0;
    }
    if (command == "script-env") {
      print_env(job.script_env({}));
      return 0;
    }
    if (command == "run-commands") {
      const std::string output((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
      const auto step = job.run_commands(output, argc >= 4 ? argv[3] : "task");
      for (const auto& line : step.log) std::cout << line << '\n';
      for (const auto& error : step.errors)
        std::cout << "##[error]agent rejected a command: " << error << '\n';
      return save(state, job) && step.errors.empty() ? 0 : 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "agent-emulator: " << e.what() << '\n';
    return 1;
  }
  return usage();
}
