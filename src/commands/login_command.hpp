#pragma once
// `cargo-authenticate login`: what `cargo login` does, for every selected
// registry at once, so later steps (CNB script tasks, a developer's shell) run
// a plain `cargo publish` with no further setup:
//   - $CARGO_HOME/credentials.toml gets each registry's token (atomic replace,
//     mode 0600, every other entry and key kept);
//   - $CARGO_HOME/config.toml gets `credential-provider = "cargo:token"` for
//     registries that have no provider configured (cargo refuses authenticated
//     registries without one), the rest of the file kept.
// Refuses (bad input) when $CARGO_HOME lies inside the working directory's
// repository, where a token could be committed. Concurrent runs serialise on a
// lock file, so none loses another's entries. Writes nothing when any
// required registry has no credential.
#include "commands/run_context.hpp"
#include "core/exit_code.hpp"

namespace ca {

ExitCode run_login(const RunContext& context);

}  // namespace ca
