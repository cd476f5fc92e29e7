#pragma once
// `cargo-authenticate list [--json]`: the registries cargo would see here
// (files, includes, environment), where each was defined, its index and
// variables, whether it replaces crates-io, the credential provider cargo
// would use, and which source would supply its credential (by name, never
// the value). Informational: exit 0 unless the configuration is invalid (2)
// or a registry named with --registry has no usable credential (1).
#include "commands/run_context.hpp"
#include "core/exit_code.hpp"

namespace ca {

ExitCode run_list(const RunContext& context);

}  // namespace ca
