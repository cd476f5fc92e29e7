#pragma once
// `cargo-authenticate exec [options] -- CMD ARGS...`: authenticate exactly as
// `auth` does, then run CMD with the token and credential-provider variables in
// its environment only (never its arguments, never printed). Returns CMD's exit
// status (128 + N when signal N killed it; SIGINT/SIGTERM are forwarded); when
// authentication fails CMD does not run and the result is auth's failure.
#include "commands/run_context.hpp"
#include "core/exit_code.hpp"

namespace ca {

ExitCode run_exec(const RunContext& context);

}  // namespace ca
