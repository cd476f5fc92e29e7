#pragma once
// Finds and merges the cargo configuration a run uses, the way cargo does.
//   - Discovery (no file given, or --discover): from the working directory up
//     to the root, .cargo/config.toml (or legacy .cargo/config; cargo uses
//     `config` when both exist and warns; a directory named `config` is an
//     error), then $CARGO_HOME/config.toml (read where the walk meets it when
//     CARGO_HOME is an ancestor's .cargo, else last). A
//     deeper directory wins for single values; arrays are concatenated,
//     deeper first; tables merge key by key. Each file's `include`s load first.
//   - Then the environment: CARGO_REGISTRIES_<NAME>_INDEX/_CREDENTIAL_PROVIDER,
//     CARGO_REGISTRY_DEFAULT, CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS (env beats files).
//   - Files given explicitly (configFile input, --config) act as cargo's
//     `--config FILE`: they beat the environment, later files overriding earlier ones.
//   - Two registries with the same index URL (after the environment) are an
//     error: cargo refuses file-defined duplicates ("multiple registries are
//     configured with the same index url") and, for an env-made duplicate, hands
//     one registry's token to the other; the tool refuses both.
//   - Then source replacement (see source_replacement.hpp).
// Throws ca::Error on invalid input, with file:line:column.
#include <filesystem>
#include <vector>

#include "config/registry.hpp"
#include "core/environment.hpp"
#include "core/options.hpp"

namespace ca {

// The files cargo would read from `start`, lowest precedence first
// ($CARGO_HOME/config.toml first, the working directory's last). `warnings`
// gets a note for each directory holding both `config` and `config.toml`.
std::vector<std::filesystem::path> discover_config_files(const std::filesystem::path& start,
                                                         const Environment& env,
                                                         std::vector<ConfigWarning>* warnings = nullptr);

CargoConfig load_cargo_config(const Options& options, const Environment& env);

}  // namespace ca
