#include "commands/revoke_command.hpp"

#include "config/config_loader.hpp"
#include "config/registry_name.hpp"
#include "core/error.hpp"
#include "credentials/revocation.hpp"
#include "credentials/trusted_publishing_source.hpp"
#include "util/strings.hpp"

namespace ca {

ExitCode run_revoke(const RunContext& context) {
  Host& host = context.host;
  std::vector<std::string> names = context.options.registry_names;
  if (names.empty()) names.emplace_back(kCratesIoName);
  CargoConfig config;
  const bool needs_config =
      std::any_of(names.begin(), names.end(), [](const std::string& n) { return n != kCratesIoName; });
  if (needs_config) config = load_cargo_config(context.options, context.env);
  bool ok = true;
  int revoked = 0;
  for (const auto& name : names) {
    Registry registry;
    if (name == kCratesIoName) {
      registry.name = name;
      registry.index = parse_index_url("sparse+https://index.crates.io/");
    } else if (const Registry* found = config.find(name)) {
      registry = *found;
    } else {
      throw Error("revoke: registry '" + name + "' is not defined in " + join(config.files, ", ") +
                  "; pass the same --config/--registry as the auth step.");
    }
    const auto token = context.env.non_empty(registry.token_variable());
    if (!token) {
      host.info("registry " + name + ": " + registry.token_variable() + " is not set; nothing to revoke.");
      continue;
    }
    const Secret secret(trim(*token));
    host.mask(secret);
    std::string problem;
    const auto api = registry_api_url(registry, problem);
    if (!api) {
      host.error(problem);
      ok = false;
      continue;
    }
    const RevocationResult result = revoke_token(Revocation{*api + kTrustedPublishingPath, secret});
    if (result.ok) {
      host.info("registry " + name + ": " + result.message);
      ++revoked;
    } else {
      host.error("registry " + name + ": " + result.message);
      ok = false;
    }
  }
  host.complete(ok ? Outcome::kSucceeded : Outcome::kFailed,
                ok ? std::to_string(revoked) + " token(s) revoked" : "a token could not be revoked");
  if (!host.finish()) return ExitCode::kOutputError;
  return ok ? ExitCode::kSuccess : ExitCode::kFailed;
}

}  // namespace ca
