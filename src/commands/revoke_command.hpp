#pragma once
// `revoke`: gives back trusted-publishing tokens that an earlier `auth` step handed to
// the job (CARGO_REGISTRY_TOKEN / CARGO_REGISTRIES_<NAME>_TOKEN), for pipelines that
// authenticate once and run cargo in later steps. Registries: --registry, else crates-io.
// Exit 0 when every token is revoked or already gone; 1 when a revocation failed.
#include "commands/run_context.hpp"
#include "core/exit_code.hpp"

namespace ca {

ExitCode run_revoke(const RunContext& context);

}  // namespace ca
