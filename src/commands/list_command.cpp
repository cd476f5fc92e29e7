#include "commands/list_command.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "check/probe_report.hpp"
#include "commands/authenticate.hpp"
#include "commands/config_notes.hpp"
#include "commands/exchanged_tokens.hpp"
#include "config/config_loader.hpp"
#include "config/credential_provider_analysis.hpp"
#include "util/strings.hpp"

namespace ca {
namespace {

using nlohmann::json;

std::string location_text(const SourceLocation& where) { return where.empty() ? "" : where.str(); }

std::string verdict_text(const Resolution& r) {
  switch (r.verdict) {
    case Resolution::Verdict::kAuthenticated:
      return "found";
    case Resolution::Verdict::kWarning:
      return "missing";
    case Resolution::Verdict::kError:
      return "missing (required)";
  }
  return "missing";
}

json registry_json(const Resolution& r, const CargoConfig& config) {
  const Registry& registry = r.registry;
  const ProviderSetting provider = provider_in_effect(registry, config);
  return {{"name", registry.name},
          {"defined_at", location_text(registry.defined_at)},
          {"index", registry.index.original},
          {"sparse", registry.index.sparse},
          {"token_variable", registry.token_variable()},
          {"credential_provider_variable", registry.credential_provider_variable()},
          {"replaces_crates_io", registry.replaces_crates_io},
          {"is_default", config.default_registry && *config.default_registry == registry.name},
          {"credential_provider",
           {{"providers", provider.providers},
            {"origin", provider.origin},
            {"defined_at", location_text(provider.where)},
            {"reads_token_variable", provider.reads_token_variable}}},
          {"credential_source", r.credential ? json(r.credential->source) : json()},
          {"credential", verdict_text(r)}};
}

json config_json(const CargoConfig& config, const std::vector<Resolution>& resolutions) {
  json registries = json::array();
  for (const auto& r : resolutions) registries.push_back(registry_json(r, config));
  json sources = json::array();
  for (const auto& s : config.sources) {
    sources.push_back({{"name", s.name},
                       {"registry", s.registry ? json(*s.registry) : json()},
                       {"replace_with", s.replace_with ? json(*s.replace_with) : json()},
                       {"declared_as", s.matched_registry ? json(*s.matched_registry) : json()},
                       {"defined_at", location_text(s.defined_at)}});
  }
  json warnings = json::array();
  for (const auto& w : config.warnings)
    warnings.push_back({{"message", w.message}, {"where", location_text(w.where)}});
  return {{"files", config.files},
          {"default_registry", config.default_registry ? json(*config.default_registry) : json()},
          {"registries", registries},
          {"sources", sources},
          {"warnings", warnings}};
}

void print_table(Host& host, const CargoConfig& config, const std::vector<Resolution>& resolutions) {
  const std::vector<std::string> header = {"Registry",         "Defined at",         "Index",
                                           "Token variable",   "Replaces crates-io", "Provider in effect",
                                           "Credential source"};
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : resolutions) {
    const ProviderSetting provider = provider_in_effect(r.registry, config);
    rows.push_back({r.registry.name, location_text(r.registry.defined_at), r.registry.index.original,
                    r.registry.token_variable(), r.registry.replaces_crates_io ? "yes" : "no",
                    join(provider.providers, ", ") + (provider.configured ? "" : " (default)"),
                    r.credential ? r.credential->source : verdict_text(r)});
  }
  std::vector<std::size_t> widths(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    widths[c] = header[c].size();
    for (const auto& row : rows) widths[c] = std::max(widths[c], row[c].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      std::string cell = cells[c];
      if (c + 1 < cells.size()) cell.append(widths[c] - std::min(widths[c], cell.size()), ' ');
      text += (c ? "  " : "") + cell;
    }
    return text;
  };
  host.begin_group("Registries cargo sees");
  host.info(line(header));
  for (const auto& row : rows) host.info(line(row));
  host.end_group();
  host.info("configuration read from: " +
            (config.files.empty() ? std::string("no file") : join(config.files, ", ")));
}

}  // namespace

ExitCode run_list(const RunContext& context) {
  Authentication auth;
  auth.config = load_cargo_config(context.options, context.env);
  // authenticate() insists on at least one registry; an empty list is a fine answer here.
  if (!auth.config.registries.empty() || !context.options.registry_names.empty())
    auth = authenticate(context);
  ExchangedTokens exchanged(context.host, auth);
  if (context.options.json_output) {
    write_json_stdout(config_json(auth.config, auth.resolutions));
  } else {
    print_table(context.host, auth.config, auth.resolutions);
  }
  for (const auto& warning : auth.config.warnings) context.host.warning(warning.message, warning.where);
  for (const auto& r : auth.resolutions) {
    if (r.registry.replaces_crates_io) context.host.info(replaces_crates_io_note(r.registry));
  }
  // A registry named with --registry must get a credential (as in every command).
  for (const auto& r : auth.resolutions) {
    if (r.verdict == Resolution::Verdict::kError) context.host.error(r.message, r.registry.defined_at);
  }
  const bool ok = auth.ok();
  exchanged.revoke();  // before the result: its messages belong to this step
  context.host.complete(ok ? Outcome::kSucceeded : Outcome::kFailed,
                        std::to_string(auth.resolutions.size()) + " registries");
  if (!context.host.finish()) return ExitCode::kOutputError;
  return ok ? ExitCode::kSuccess : auth.failure_exit_code();
}

}  // namespace ca
