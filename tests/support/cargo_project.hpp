#pragma once
// Real cargo projects for scenario tests: crates and workspaces written to a
// temp dir, and cargo run with an isolated CARGO_HOME (so no user config or
// credentials leak in) and a shared target dir (so repeated builds are fast).
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace ca::test {

struct CrateSpec {
  std::string name;
  std::string version = "0.1.0";
  // "name = { version = \"0.1\", registry = \"local\" }" lines for [dependencies]
  std::vector<std::string> dependencies;
  std::string publish;  // e.g. "[\"local\"]"; empty: not set
};

// Writes one crate under dir/relative (Cargo.toml with description and license,
// so cargo publish does not warn, and src/lib.rs).
void write_crate(const TempDir& dir, const std::string& relative, const CrateSpec& spec);
// Writes a workspace whose members are the given crates under crates/<name>.
void write_workspace(const TempDir& dir, const std::vector<CrateSpec>& crates);
// `[registries.<name>] index = "<index>"` in dir/.cargo/config.toml.
std::string registry_config(const std::string& name, const std::string& index);

// An environment for cargo: base_env() plus CARGO_HOME=<home> and a shared
// CARGO_TARGET_DIR under the build directory.
Env cargo_env(const std::string& cargo_home);

}  // namespace ca::test
