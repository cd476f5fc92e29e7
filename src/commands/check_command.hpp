#pragma once
// `cargo-authenticate check`: resolve a credential for every selected registry
// as `auth` would, then ask each registry (all at once) for its config.json
// with that credential and print one row per registry: index, credential
// source, HTTP status, auth-required, latency and verdict. Exit 1 when any
// registry fails, so a bad or missing token shows up here and not as a 401
// several steps later. `--json` prints the rows as JSON on stdout.
//
// verify_authentication() is the same check for `auth --verify` and
// `publish --verify`: only registries that got a credential are asked.
#include "commands/authenticate.hpp"
#include "commands/run_context.hpp"
#include "core/exit_code.hpp"

namespace ca {

ExitCode run_check(const RunContext& context);

// Probes every authenticated registry; reports a table and, for each registry
// that rejects its credential, an error with the registry's own answer.
// Returns false when any registry failed (the caller then exports nothing).
bool verify_authentication(const RunContext& context, const Authentication& auth);

}  // namespace ca
