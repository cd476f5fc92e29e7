#pragma once
// Dispatches a parsed run to its command.
#include "commands/run_context.hpp"
#include "core/exit_code.hpp"

namespace ca {

ExitCode run_command(const RunContext& context);

}  // namespace ca
