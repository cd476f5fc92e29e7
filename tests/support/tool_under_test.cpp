#include "support/tool_under_test.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>

extern char** environ;

namespace ca::test {
namespace {

std::string variable(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

[[noreturn]] void unusable(const std::string& message) {
  std::fprintf(stderr, "tool under test: %s\n", message.c_str());
  std::exit(2);
}

// A bare program name is looked up on this process's PATH now: the runs'
// environments carry the PATH the tool should see, not necessarily the runner's.
std::string resolve_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  std::istringstream dirs(variable("PATH"));
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  unusable("CA_TEST_RUNNER program '" + name + "' is not on PATH");
}

bool ends_with_exe(const std::string& path) {
  if (path.size() < 4) return false;
  std::string tail = path.substr(path.size() - 4);
  for (auto& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return tail == ".exe";
}

ToolUnderTest read_configuration() {
  ToolUnderTest tool;
  tool.binary = variable("CA_TEST_BINARY");
  if (tool.binary.empty()) tool.binary = CA_BINARY;
  if (::access(tool.binary.c_str(), R_OK) != 0)
    unusable("CA_TEST_BINARY '" + tool.binary + "' does not exist");
  std::istringstream words(variable("CA_TEST_RUNNER"));
  for (std::string word; words >> word;)
    tool.runner.push_back(tool.runner.empty() ? resolve_program(word) : word);
  tool.windows = ends_with_exe(tool.binary);
  return tool;
}

bool runner_setting(const std::string& name) {
  const std::string listed = variable("CA_TEST_RUNNER_ENV");
  if (listed.empty()) return name.rfind("WINE", 0) == 0;
  std::istringstream names(listed);
  for (std::string wanted; std::getline(names, wanted, ',');) {
    if (wanted == name) return true;
  }
  return false;
}

}  // namespace

const ToolUnderTest& tool_under_test() {
  static const ToolUnderTest tool = read_configuration();
  return tool;
}

std::vector<std::string> tool_command(const std::vector<std::string>& logical_argv) {
  const ToolUnderTest& tool = tool_under_test();
  std::vector<std::string> argv = tool.runner;
  argv.push_back(tool.binary);
  if (!logical_argv.empty()) argv.insert(argv.end(), logical_argv.begin() + 1, logical_argv.end());
  return argv;
}

std::vector<std::string> runner_command(const std::string& program, const std::vector<std::string>& args) {
  std::vector<std::string> argv = tool_under_test().runner;
  argv.push_back(program);
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

Env tool_environment(const Env& env) {
  if (tool_under_test().runner.empty()) return env;
  Env with_runner = env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const auto eq = text.find('=');
    if (eq == std::string::npos || !runner_setting(text.substr(0, eq))) continue;
    with_runner.emplace(text.substr(0, eq), text.substr(eq + 1));  // the test's own value wins
  }
  return with_runner;
}

}  // namespace ca::test
