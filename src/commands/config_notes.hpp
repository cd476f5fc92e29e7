#pragma once
// What a run says about the configuration itself, beside the credentials:
// warnings found while reading it (a source cargo cannot authenticate, both
// `config` and `config.toml` present, a replace-with naming nothing), that a
// registry replacing crates-io needs its credential for every build, and where
// the exported CREDENTIAL_PROVIDER=cargo:token overrides a configured provider.
#include <vector>

#include "config/registry.hpp"
#include "credentials/resolver.hpp"
#include "hosts/host.hpp"

namespace ca {

void report_config_notes(Host& host, const CargoConfig& config, const std::vector<Resolution>& resolutions);

// "registry X replaces crates-io: ..." for the summary and `list`.
std::string replaces_crates_io_note(const Registry& registry);

}  // namespace ca
