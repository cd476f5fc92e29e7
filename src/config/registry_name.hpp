#pragma once
// Cargo's rules for registry names and the environment variables derived
// from them (cargo: util/restricted_names.rs validate_registry_name, and
// config env-key mapping).
#include <optional>
#include <string>
#include <string_view>

namespace ca {

// nullopt when valid, else why the name is invalid (for the error message).
// Valid: not empty; first character XID_Start or '_'; the rest XID_Continue or
// '-' (Unicode tables: unicode_tables.hpp).
std::optional<std::string> registry_name_problem(std::string_view name);

// "my-reg" -> "MY_REG", "straße" -> "STRASSE": every '-' becomes '_', then
// upper-cased as Rust's str::to_uppercase does.
std::string registry_env_stem(std::string_view name);

// The variable cargo reads the token from: CARGO_REGISTRIES_<STEM>_TOKEN,
// or CARGO_REGISTRY_TOKEN for crates-io.
std::string token_variable_for(std::string_view name);
// CARGO_REGISTRIES_<STEM>_CREDENTIAL_PROVIDER, or CARGO_REGISTRY_CREDENTIAL_PROVIDER.
std::string credential_provider_variable_for(std::string_view name);

constexpr std::string_view kCratesIoName = "crates-io";

}  // namespace ca
