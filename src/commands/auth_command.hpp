#pragma once
// `cargo-authenticate auth` (the default): hand every selected registry's token
// and credential-provider setting to the job's later steps, the host's way.
#include "commands/run_context.hpp"
#include "core/exit_code.hpp"

namespace ca {

ExitCode run_auth(const RunContext& context);

}  // namespace ca
