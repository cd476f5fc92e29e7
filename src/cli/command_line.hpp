#pragma once
// The command-line front door (CLI11): subcommands auth (default), exec,
// publish, login, check, list, each with the common options. Also accepts
// being run as `cargo authenticate ...` (cargo passes "authenticate" first).
#include <optional>

#include "core/environment.hpp"
#include "core/options.hpp"

namespace ca {

struct CommandLine {
  Options options;
  std::optional<int> exit_now;  // --help, --version, or a usage error already printed
};

CommandLine parse_command_line(int argc, const char* const* argv, const Environment& env);

}  // namespace ca
