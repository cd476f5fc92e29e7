#include "commands/authenticate.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "commands/config_notes.hpp"
#include "config/cargo_home.hpp"
#include "config/config_loader.hpp"
#include "config/registry_name.hpp"
#include "core/error.hpp"
#include "credentials/azure_pat.hpp"
#include "credentials/loopback_proxy.hpp"
#include "credentials/source_factory.hpp"
#include "hosts/markdown_cell.hpp"
#include "util/strings.hpp"
#include "util/suggest.hpp"
#include "util/utf8_path.hpp"

namespace ca {
namespace {

constexpr std::string_view kCargoTokenProvider = "cargo:token";

Registry crates_io_registry() {
  Registry registry;
  registry.name = std::string(kCratesIoName);
  registry.index = parse_index_url("sparse+https://index.crates.io/");
  registry.defined_at.origin = "crates.io (service connection or trusted publishing)";
  return registry;
}

std::string available_names(const CargoConfig& config) {
  std::vector<std::string> names;
  for (const auto& r : config.registries) names.push_back(r.name);
  return names.empty() ? "none" : join(names, ", ");
}

// The input naming the registries to authenticate, in the host's words.
std::string registry_names_input(HostKind host) {
  switch (host) {
    case HostKind::kAzure:
      return "the registryNames input";
    case HostKind::kGitHub:
      return "the registries input";
    case HostKind::kCnb:
      return "settings.registries (or --registry)";
    default:
      return "--registry";
  }
}

// The input a host's users wrote a name in, in that host's words.
std::string mapping_input_name(HostKind host) {
  switch (host) {
    case HostKind::kAzure:
      return "tokenVariables";
    case HostKind::kGitHub:
      return "token-variables";
    case HostKind::kCnb:
      return "--token (script task)";
    default:
      return "--token";
  }
}

std::string token_registries_input_name(HostKind host, bool plugin) {
  switch (host) {
    case HostKind::kCnb:
      return plugin ? "settings.token_registries" : "--token-registry";
    case HostKind::kGitHub:
      return "token-registries";
    default:
      return "--token-registry";
  }
}

// A mapping or a token_registries entry naming no registry would be ignored in
// silence: refuse it, with the nearest name and the list of those that exist.
void check_named_registries(const Options& options, const CargoConfig& config) {
  std::vector<std::string> known;
  for (const auto& r : config.registries) known.push_back(r.name);
  auto exists = [&](const std::string& name) {
    return name == kCratesIoName || std::find(known.begin(), known.end(), name) != known.end();
  };
  auto refuse = [&](const std::string& input, const std::string& name) {
    throw Error(input + " names registry '" + name + "', which is not defined in " +
                (config.files.empty() ? std::string("any cargo config") : join(config.files, ", ")) + "." +
                did_you_mean(name, known) + " Registries defined there: " + available_names(config) + ".");
  };
  for (const auto& mapping : options.token_mappings) {
    if (!exists(mapping.registry)) refuse(mapping_input_name(options.host), mapping.registry);
  }
  for (const auto& name : options.token_setting_registries) {
    if (!exists(name))
      refuse(token_registries_input_name(options.host, options.token_setting_variable == "PLUGIN_TOKEN"),
             name);
  }
}

// Where cargo (and so this tool) looks for configuration, said when nothing was found.
std::string places_searched(const Options& options, const Environment& env) {
  if (!options.config_files.empty() && !options.discover) {
    std::vector<std::string> files;
    for (const auto& f : options.config_files) files.push_back(path_text(f));
    return join(files, ", ");
  }
  return ".cargo/config.toml (or .cargo/config) in " + path_text(options.working_directory) +
         " and each parent directory, and " + path_text(cargo_home_dir(env) / "config.toml");
}

std::vector<Registry> select_registries(const Options& options, const CargoConfig& config,
                                        bool crates_io_connection, const Environment& env) {
  std::vector<Registry> selection;
  const bool want_crates_io =
      crates_io_connection && (options.registry_names.empty() ||
                               std::find(options.registry_names.begin(), options.registry_names.end(),
                                         kCratesIoName) != options.registry_names.end());
  if (options.registry_names.empty()) {
    selection = config.registries;
  } else {
    for (const auto& name : options.registry_names) {
      if (const Registry* registry = config.find(name)) {
        selection.push_back(*registry);
      } else if (name != kCratesIoName || !crates_io_connection) {
        std::vector<std::string> known;
        for (const auto& r : config.registries) known.push_back(r.name);
        throw Error("registry '" + name + "' is not defined in " + join(config.files, ", ") + "." +
                    did_you_mean(name, known) + " Defined there: " + available_names(config) + ". Fix " +
                    registry_names_input(options.host) + " or add the registry to the config.");
      }
    }
  }
  if (want_crates_io && !config.find(kCratesIoName)) selection.push_back(crates_io_registry());
  if (selection.empty()) {
    std::string message =
        "no registries found in " +
        (config.files.empty() ? "any cargo config (looked for " + places_searched(options, env) + ")"
                              : join(config.files, ", ")) +
        ". Add one to .cargo/config.toml in the repository, for example a line `my-feed = { index = "
        "\"sparse+https://host/path/index/\" }` under a `[registries]` line.";
    if (!config.warnings.empty()) {
      // An entry cargo cannot use (an invalid name) is skipped with a warning: say so here, at its line.
      message += "\n" + config.warnings.front().message;
      throw Error(message, ExitCode::kBadInput, config.warnings.front().where);
    }
    throw Error(message);
  }
  return selection;
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

}  // namespace

bool Authentication::ok() const {
  return std::none_of(resolutions.begin(), resolutions.end(),
                      [](const Resolution& r) { return r.verdict == Resolution::Verdict::kError; });
}

ExitCode Authentication::failure_exit_code() const {
  const bool bad_token = std::any_of(resolutions.begin(), resolutions.end(),
                                     [](const Resolution& r) { return r.invalid_token; });
  return bad_token ? ExitCode::kBadInput : ExitCode::kFailed;
}

bool Authentication::has_warnings() const {
  return std::any_of(resolutions.begin(), resolutions.end(),
                     [](const Resolution& r) { return r.verdict == Resolution::Verdict::kWarning; });
}

int Authentication::authenticated_count() const {
  return static_cast<int>(std::count_if(resolutions.begin(), resolutions.end(), [](const Resolution& r) {
    return r.verdict == Resolution::Verdict::kAuthenticated;
  }));
}

std::vector<CargoVariable> Authentication::variables() const {
  std::vector<CargoVariable> out;
  for (const auto& r : resolutions) {
    if (!r.credential || r.verdict != Resolution::Verdict::kAuthenticated) continue;
    out.push_back({r.registry.token_variable(), r.credential->token, true});
    // cargo 1.95 refuses auth-required registries unless a provider is configured,
    // even with the token variable set; cargo:token makes it read that variable.
    out.push_back(
        {r.registry.credential_provider_variable(), Secret(std::string(kCargoTokenProvider)), false});
  }
  return out;
}

// cargo reads one variable for names that fold together (my-feed, my_feed): it
// can carry one token only, so two different credentials for it are refused
// before anything is written. The same token for both is fine.
static void refuse_different_tokens_for_one_variable(const std::vector<Resolution>& resolutions) {
  std::map<std::string, const Resolution*> by_variable;
  for (const auto& r : resolutions) {
    if (!r.credential) continue;
    auto [it, inserted] = by_variable.emplace(r.registry.token_variable(), &r);
    if (inserted || it->second->credential->token.reveal() == r.credential->token.reveal()) continue;
    throw Error("registries '" + it->second->registry.name + "' (credential from " +
                    it->second->credential->source + ") and '" + r.registry.name + "' (from " +
                    r.credential->source + ") both read " + r.registry.token_variable() +
                    ", which can carry one token only; cargo would send the same one to both. Give them one "
                    "token, or rename one so its variable differs.",
                ExitCode::kBadInput, r.registry.defined_at);
  }
}

Authentication authenticate(const RunContext& context) {
  Authentication auth;
  auth.config = load_cargo_config(context.options, context.env);
  spdlog::debug("read cargo configuration from: {}", join(auth.config.files, ", "));
  check_named_registries(context.options, auth.config);
  CredentialSetup setup = build_credential_sources(context);
  std::vector<Registry> selection =
      select_registries(context.options, auth.config, setup.crates_io_wanted, context.env);
  if (setup.connections != nullptr) {
    std::vector<Registry> known = auth.config.registries;
    for (const auto& r : selection) {
      if (r.is_crates_io() && !auth.config.find(r.name)) known.push_back(r);
    }
    auth.notes = setup.connections->unmatched(known);
  }
  std::set<std::string> required(context.options.registry_names.begin(),
                                 context.options.registry_names.end());
  auth.resolutions = resolve_credentials(std::move(selection), setup.sources, required, setup.how_to_supply);
  for (auto& r : auth.resolutions) {
    if (r.credential) {
      context.host.mask(r.credential->token);  // the bare value too: it may appear anywhere
      if (auto wrapped = wrap_bare_azure_pat(r.registry, r.credential->token)) {
        r.credential->token = std::move(*wrapped);
        r.credential->source += " (bare PAT, sent as Basic)";
        context.host.mask(r.credential->token);
      }
      // cargo would send the token in clear text to a remote plain-http index:
      // hand it to no one (the same rule our own HTTP client enforces).
      if (r.registry.index.scheme == "http" && !r.registry.index.is_loopback()) {
        r.message = "refusing to hand the credential for registry '" + r.registry.name + "' (from " +
                    r.credential->source + ") to cargo: its index " + r.registry.index.original +
                    " is plain http on a remote host, so the token would cross the network unencrypted. "
                    "Use the registry's https:// URL.";
        // Kept (masked) so `check` shows the refusal; an error verdict exports nothing.
        r.verdict = Resolution::Verdict::kError;
      } else if (r.registry.index.scheme == "http" && context.options.command == Command::kAuth) {
        // Loopback over plain http: cargo in a later step would still send the token
        // through a proxy named in the environment (exec and publish add no_proxy).
        // cargo's own http.proxy (config or CARGO_HTTP_PROXY) counts too: seen with
        // cargo 1.95, it takes a loopback token to the proxy unless no_proxy names the host.
        auto proxy = proxy_variable_in_effect(context.env);
        if (!proxy && auth.config.http_proxy)
          proxy = "cargo's http.proxy (" + auth.config.http_proxy_at.str() + ")";
        if (proxy && !proxy_bypassed_for(context.env, no_proxy_entry(r.registry.index))) {
          r.message = "refusing to hand the credential for registry '" + r.registry.name + "' (from " +
                      r.credential->source + ") to cargo: its index " + r.registry.index.original +
                      " is plain http, and with " + *proxy +
                      " set cargo would send the token to that proxy in clear text. Add " +
                      no_proxy_entry(r.registry.index) + " to no_proxy, or use https.";
          r.verdict = Resolution::Verdict::kError;
        }
      }
    }
    spdlog::debug("registry {} at {} (defined at {}): {}", r.registry.name, r.registry.index.original,
                  r.registry.defined_at.str(),
                  r.credential ? r.credential->source : std::string("no credential"));
  }
  refuse_different_tokens_for_one_variable(auth.resolutions);
  return auth;
}

void report_authentication(const RunContext& context, const Authentication& auth) {
  Host& host = context.host;
  std::size_t name_width = 8;
  std::size_t variable_width = 8;
  std::vector<std::string> variables;  // computed once: configs may hold 10,000 registries
  variables.reserve(auth.resolutions.size());
  for (const auto& r : auth.resolutions) {
    variables.push_back(r.registry.token_variable());
    name_width = std::max(name_width, r.registry.name.size());
    variable_width = std::max(variable_width, variables.back().size());
  }
  host.begin_group("Registries");
  host.info(pad("Registry", name_width) + "  " + pad("Variable", variable_width) + "  Credential source");
  std::string markdown =
      "### cargo-authenticate\n\n| Registry | Variable | Credential source |\n|---|---|---|\n";
  for (std::size_t i = 0; i < auth.resolutions.size(); ++i) {
    const Resolution& r = auth.resolutions[i];
    const std::string_view source = r.credential ? std::string_view(r.credential->source)
                                    : r.verdict == Resolution::Verdict::kError ? "none (error)"
                                                                               : "none (warning)";
    std::string line = pad(r.registry.name, name_width);
    line += "  ";
    line += pad(variables[i], variable_width);
    line += "  ";
    line += source;
    host.info(line);
    markdown += "| ";
    markdown += markdown_cell(r.registry.name);
    markdown += " | `";
    markdown += markdown_cell(variables[i]);
    markdown += "` | ";
    markdown += markdown_cell(source);
    markdown += " |\n";
  }
  host.end_group();
  // Unauthenticatable sources, crates-io replacement, overridden credential providers.
  report_config_notes(host, auth.config, auth.resolutions);
  for (const auto& r : auth.resolutions) {
    if (r.registry.replaces_crates_io)
      markdown += "\n" + markdown_cell(replaces_crates_io_note(r.registry)) + ".\n";
  }
  for (const auto& note : auth.notes) host.warning(note);
  for (const auto& r : auth.resolutions) {
    if (r.verdict == Resolution::Verdict::kWarning) host.warning(r.message, r.registry.defined_at);
    if (r.verdict == Resolution::Verdict::kError) host.error(r.message, r.registry.defined_at);
  }
  host.summary(markdown);
}

}  // namespace ca
