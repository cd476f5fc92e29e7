#pragma once
// Where the env_probe child (env_probe.c) is, for the build under test: the
// native program for the Linux binary, env_probe.exe for a Windows build.
// CA_TEST_ENV_PROBE overrides both.
#include <cstdlib>
#include <string>

#include "support/tool_under_test.hpp"

namespace ca::test {

inline std::string env_probe_program() {
  if (const char* chosen = std::getenv("CA_TEST_ENV_PROBE"); chosen != nullptr && *chosen != '\0')
    return chosen;
  return tool_under_test().windows ? CA_ENV_PROBE_EXE : CA_ENV_PROBE;
}

}  // namespace ca::test
