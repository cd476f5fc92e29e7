#pragma once
// Random cargo configuration hierarchies for the differential suite: 1-3
// directory levels below a root, each with `.cargo/config.toml`, legacy
// `.cargo/config` or both; $CARGO_HOME outside or at an ancestor's `.cargo`;
// includes (plain, table form, optional and missing); registries written as
// [registries.x] tables, inline tables, dotted keys, quoted keys, with Unicode
// names, the same name defined in several places; CARGO_REGISTRIES_*_INDEX
// variables re-pointing a registry, defining a new one, or in a case cargo
// ignores. Every index URL is distinct, so cargo's log says which one it used.
#include <random>
#include <string>

#include "differential.hpp"

namespace ca::test {

// `id` names the scenario (and prefixes its index labels).
Scenario random_hierarchy(std::mt19937_64& rng, const std::string& id, const Differential& differential);

}  // namespace ca::test
