#pragma once
// `cargo-authenticate publish [options] [-- extra cargo args]`: authenticate,
// then publish the workspace's publishable packages (or those given with -p)
// to one registry, skipping versions the registry already has and retrying
// rate limits and server errors within bounds. Ends with a per-package table
// (published / skipped / failed); exit 0 when nothing failed, 1 otherwise.
#include "commands/run_context.hpp"
#include "core/exit_code.hpp"

namespace ca {

ExitCode run_publish(const RunContext& context);

}  // namespace ca
