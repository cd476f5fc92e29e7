#include "support/cargo_project.hpp"

namespace ca::test {

void write_crate(const TempDir& dir, const std::string& relative, const CrateSpec& spec) {
  std::string manifest = "[package]\nname = \"" + spec.name + "\"\nversion = \"" + spec.version +
                         "\"\nedition = \"2021\"\ndescription = \"test crate " + spec.name +
                         "\"\nlicense = \"MIT\"\n";
  if (!spec.publish.empty()) manifest += "publish = " + spec.publish + "\n";
  manifest += "\n[dependencies]\n";
  for (const auto& dep : spec.dependencies) manifest += dep + "\n";
  const std::string prefix = relative.empty() ? "" : relative + "/";
  dir.write(prefix + "Cargo.toml", manifest);
  dir.write(prefix + "src/lib.rs", "pub fn version() -> &'static str { \"" + spec.version + "\" }\n");
}

void write_workspace(const TempDir& dir, const std::vector<CrateSpec>& crates) {
  std::string members;
  for (const auto& c : crates) members += "\"crates/" + c.name + "\", ";
  dir.write("Cargo.toml", "[workspace]\nresolver = \"2\"\nmembers = [" + members + "]\n");
  for (const auto& c : crates) write_crate(dir, "crates/" + c.name, c);
}

std::string registry_config(const std::string& name, const std::string& index) {
  return "[registries." + name + "]\nindex = \"" + index + "\"\n";
}

Env cargo_env(const std::string& cargo_home) {
  Env env = base_env();
  env["CARGO_HOME"] = cargo_home;
  env["CARGO_TARGET_DIR"] = std::string(CA_BUILD_DIR) + "/cargo-target";
  env["CARGO_TERM_COLOR"] = "never";
  env["CARGO_NET_RETRY"] = "0";
  return env;
}

}  // namespace ca::test
