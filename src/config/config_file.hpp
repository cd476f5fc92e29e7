#pragma once
// Reads one cargo configuration file into the registry model.
//
// Both TOML forms are accepted: `[registries] name = { index = "..." }` and
// `[registries.name] index = "..."`. Throws ca::Error (exit code "bad input")
// with file:line:column for: a missing or unreadable file, malformed TOML, an
// invalid registry name, a registry without `index`, an invalid index URL, and
// two names that map to one environment variable.
#include <filesystem>
#include <string>

#include <toml++/toml.h>

#include "config/registry.hpp"

namespace ca {

// Parses the file; throws ca::Error with file:line:column on failure.
toml::table parse_toml_file(const std::filesystem::path& path);

// Adds the registries, registry.default and credential providers found in one
// parsed table to `config` (later definitions of the same name replace earlier
// ones: callers pass files lowest precedence first).
void collect_registries(const toml::table& table, const std::string& file, CargoConfig& config);

// Checks what cargo would reject across the whole set (variable collisions).
void validate_registries(const CargoConfig& config);

// One file, as CargoAuthenticate@0 reads it (configFile input, --config).
CargoConfig load_config_file(const std::filesystem::path& path);

}  // namespace ca
