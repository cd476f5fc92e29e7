#include "commands/config_notes.hpp"

#include "config/credential_provider_analysis.hpp"

namespace ca {

std::string replaces_crates_io_note(const Registry& registry) {
  return "registry " + registry.name +
         " replaces crates-io ([source.crates-io] replace-with): every cargo build, fetch and test needs its "
         "credential (" +
         registry.token_variable() + "), not only publish";
}

void report_config_notes(Host& host, const CargoConfig& config, const std::vector<Resolution>& resolutions) {
  for (const auto& warning : config.warnings) host.warning(warning.message, warning.where);
  for (const auto& r : resolutions) {
    if (r.registry.replaces_crates_io) host.info(replaces_crates_io_note(r.registry));
    if (!r.credential) continue;
    if (auto note = provider_override_note(r.registry, config)) host.info(*note);
  }
}

}  // namespace ca
