#pragma once
// Finds and merges the cargo configuration a run uses.
//   - Files given explicitly (configFile input, --config): read in the order
//     given, later files overriding earlier ones.
//   - Otherwise (or with --discover): what cargo itself reads, from the working
//     directory up to the root (.cargo/config.toml or legacy .cargo/config),
//     then $CARGO_HOME/config.toml; deeper directories win.
// Throws ca::Error on invalid input.
#include <filesystem>
#include <vector>

#include "config/registry.hpp"
#include "core/environment.hpp"
#include "core/options.hpp"

namespace ca {

// The files cargo would read from `start`, lowest precedence first.
std::vector<std::filesystem::path> discover_config_files(const std::filesystem::path& start,
                                                         const Environment& env);

CargoConfig load_cargo_config(const Options& options, const Environment& env);

}  // namespace ca
