#pragma once
// Finds and merges the cargo configuration a run uses, the way cargo does.
//   - Discovery (no file given, or --discover): from the working directory up
//     to the root, .cargo/config.toml (or legacy .cargo/config; cargo uses
//     `config` when both exist and warns), then $CARGO_HOME/config.toml. A
//     deeper directory wins for single values; arrays are concatenated,
//     deeper first; tables merge key by key. Each file's `include`s load first.
//   - Files given explicitly (configFile input, --config): merged after the
//     discovered ones, later files overriding earlier ones.
//   - Then the environment: CARGO_REGISTRIES_<NAME>_INDEX/_CREDENTIAL_PROVIDER,
//     CARGO_REGISTRY_DEFAULT, CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS (env beats files).
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
