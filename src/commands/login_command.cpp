#include "commands/login_command.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "commands/authenticate.hpp"
#include "commands/exchanged_tokens.hpp"
#include "commands/export_plan.hpp"
#include "commands/outcome.hpp"
#include "config/cargo_home.hpp"
#include "config/registry_name.hpp"
#include "core/error.hpp"
#include "login/cargo_home_files.hpp"
#include "login/repository_root.hpp"
#include "provider/provider_setting.hpp"
#include "platform/files.hpp"
#include "platform/file_lock.hpp"
#include "platform/system.hpp"
#include "platform/traits.hpp"
#include "util/strings.hpp"
#include "util/utf8_path.hpp"

namespace ca {
namespace {

constexpr std::string_view kCargoTokenProvider = "cargo:token";

std::filesystem::path cargo_home_of(const Environment& env) {
  const std::filesystem::path home = cargo_home_dir(env);
  if (!home.empty()) return std::filesystem::absolute(home);
  throw Error(std::string("neither CARGO_HOME nor ") + (platform::kWindows ? "USERPROFILE" : "HOME") +
              " is set, so there is no cargo home to log in to; set CARGO_HOME.");
}

void refuse_inside_repository(const std::filesystem::path& cargo_home, const Options& options) {
  const auto root = repository_root(options.working_directory);
  if (root && is_within(cargo_home, *root)) {
    throw Error(
        "refusing to write registry tokens to " + path_text(cargo_home) + ": it is inside the repository at " +
        root->string() +
        ", where a token could be committed, archived or baked into an image. Point CARGO_HOME at a "
        "directory outside the repository (for example $HOME/.cargo), or use `cargo-authenticate exec "
        "-- cargo publish`, which writes no file.");
  }
}

// A file's text; "" when it does not exist (platform/files.hpp refuses a
// FIFO or device planted at the path).
std::string read_text(const std::filesystem::path& path) { return read_regular_file(path).value_or(""); }

bool has_cargo_token(const std::optional<std::vector<std::string>>& providers) {
  return providers &&
         std::find(providers->begin(), providers->end(), kCargoTokenProvider) != providers->end();
}

// Registries whose token cargo will only read once cargo:token is configured for them.
std::vector<ProviderEntry> registries_needing_provider(const RunContext& context,
                                                       const Authentication& auth) {
  std::vector<ProviderEntry> entries;
  const bool global = has_cargo_token(auth.config.global_credential_providers);
  for (const auto& r : auth.resolutions) {
    if (!r.credential || r.credential->stored_by_cargo || r.registry.is_crates_io())
      continue;  // crates.io needs no provider
    if (r.registry.credential_provider) {
      if (!has_cargo_token(r.registry.credential_provider)) {
        context.host.warning(
            "registry '" + r.registry.name + "' uses credential-provider \"" +
                join(*r.registry.credential_provider, " ") +
                "\", which does not read credentials.toml: cargo will not use the token written "
                "for it. Add \"cargo:token\" to its credential-provider, or remove the setting.",
            r.registry.defined_at);
      }
      continue;
    }
    if (global) continue;
    entries.push_back({r.registry.name, r.registry.index.original});
  }
  return entries;
}

// login --provider: $CARGO_HOME/config.toml gets `credential-provider = "<this binary>
// credential-provider <words>"` per registry, and no token is written anywhere; cargo asks
// this binary, which re-resolves the credential then (export_plan.hpp).
ExitCode login_with_provider(const RunContext& context, const Authentication& auth,
                             ExchangedTokens& exchanged, const std::filesystem::path& cargo_home) {
  Host& host = context.host;
  const std::string self = self_executable_path();
  const ExportPlan plan = plan_provider_exports(auth, host, self);
  std::vector<std::string> errors = plan.errors;
  std::vector<ProviderEntry> entries;
  for (const auto& r : auth.resolutions) {
    if (std::find(plan.via_provider.begin(), plan.via_provider.end(), r.registry.name) ==
        plan.via_provider.end())
      continue;
    if (r.registry.is_crates_io()) {
      errors.push_back(
          "registry 'crates-io': login --provider writes [registries.<name>] tables only; for "
          "crates.io use `auth --provider` (CARGO_REGISTRY_CREDENTIAL_PROVIDER).");
      continue;
    }
    const auto setting = provider::provider_setting_with(self, r.credential->provider_args);
    entries.push_back({r.registry.name, r.registry.index.original, *setting.value});
  }
  if (!errors.empty()) {
    for (const auto& message : errors) host.error(message);
    exchanged.revoke();
    host.complete(Outcome::kFailed, "cargo-authenticate login --provider wrote nothing (see the errors)");
    host.finish();
    return ExitCode::kFailed;
  }
  if (entries.empty()) {
    exchanged.revoke();
    host.complete(outcome_of(auth), "no registry has a credential; nothing was written");
    return host.finish() ? ExitCode::kSuccess : ExitCode::kOutputError;
  }
  std::error_code ec;
  std::filesystem::create_directories(cargo_home, ec);
  if (ec) throw Error("cannot create " + path_text(cargo_home) + ": " + ec.message(), ExitCode::kOutputError);
  std::vector<std::string> added;
  {
    FileLock lock(cargo_home / ".cargo-authenticate.lock");
    const auto config = cargo_home_config_file(cargo_home);
    const ProviderMerge merge = merge_credential_providers(read_text(config), path_text(config), entries);
    for (const auto& entry : entries) {
      if (std::find(merge.added.begin(), merge.added.end(), entry.registry) == merge.added.end()) {
        host.warning("registry '" + entry.registry + "' already has a credential-provider in " +
                     path_text(config) +
                     "; it was left as it is. Remove it there to let login --provider set this one.");
      }
    }
    if (!merge.added.empty()) {
      write_file_atomically(config, merge.text, existing_mode_or(config, kSharedFile));
      host.info("set credential-provider (cargo-authenticate, no token stored) for " +
                join(merge.added, ", ") + " in " + path_text(config) +
                (merge.layout_kept ? ""
                                   : " (a registry defined inline or with dotted keys made it rewrite the "
                                     "file: its comments and layout were not kept)"));
    }
    added = merge.added;
  }
  // The tokens found now only proved the sources work: cargo's provider call gets its own.
  exchanged.revoke();
  host.complete(outcome_of(auth), "credential provider set for " + std::to_string(added.size()) +
                                      (added.size() == 1 ? " registry" : " registries"));
  return host.finish() ? ExitCode::kSuccess : ExitCode::kOutputError;
}

}  // namespace

ExitCode run_login(const RunContext& context) {
  Host& host = context.host;
  const std::filesystem::path cargo_home = cargo_home_of(context.env);
  refuse_inside_repository(cargo_home, context.options);
  if (context.options.provider_mode) {
    if (const std::string refusal = provider_mode_refusal(host.kind()); !refusal.empty()) {
      host.error(refusal);
      host.complete(Outcome::kFailed, "the credential-provider mode is not available here");
      host.finish();
      return ExitCode::kBadInput;
    }
  }

  Authentication auth = authenticate(context);
  ExchangedTokens exchanged(host, auth);  // kept once written to credentials.toml
  report_authentication(context, auth);
  if (!auth.ok()) {
    exchanged.revoke();  // before the result: its messages belong to this step
    host.complete(Outcome::kFailed,
                  "cargo-authenticate login wrote nothing: not every required registry has a credential");
    host.finish();
    return auth.failure_exit_code();
  }
  if (context.options.provider_mode) return login_with_provider(context, auth, exchanged, cargo_home);
  std::vector<RegistryToken> tokens;
  std::vector<std::string> names;
  for (const auto& r : auth.resolutions) {
    if (!r.credential || r.credential->stored_by_cargo) continue;  // already where cargo reads it
    tokens.push_back({r.registry.name, r.credential->token});
    names.push_back(r.registry.name);
  }
  if (tokens.empty()) {
    host.complete(outcome_of(auth), "no registry has a credential; nothing was written");
    return host.finish() ? ExitCode::kSuccess : ExitCode::kOutputError;
  }

  std::error_code ec;
  std::filesystem::create_directories(cargo_home, ec);
  if (ec) throw Error("cannot create " + path_text(cargo_home) + ": " + ec.message(), ExitCode::kOutputError);
  {
    // One lock around both read-modify-writes: concurrent logins keep each other's entries.
    FileLock lock(cargo_home / ".cargo-authenticate.lock");
    // All or nothing: both files read, validated and merged before either is written.
    const auto credentials = credentials_file(cargo_home);
    const std::string credentials_text =
        merge_credentials(read_text(credentials), path_text(credentials), tokens);
    const auto config = cargo_home_config_file(cargo_home);
    const ProviderMerge merge = merge_credential_providers(read_text(config), path_text(config),
                                                           registries_needing_provider(context, auth));

    write_file_atomically(credentials, credentials_text, kOwnerOnlyFile);
    host.info("wrote tokens for " + join(names, ", ") + " to " + path_text(credentials) + " (" + platform::kOwnerOnlyWords + ")");
    if (!merge.added.empty()) {
      write_file_atomically(config, merge.text, existing_mode_or(config, kSharedFile));
      host.info("added credential-provider = \"cargo:token\" for " + join(merge.added, ", ") + " to " +
                path_text(config) + " (cargo refuses authenticated registries without a credential provider; " +
                (merge.layout_kept
                     ? "the rest of the file was kept as it was)"
                     : "the file's values were kept, but a registry defined inline or with dotted "
                       "keys made it rewrite the file: its comments and layout were not kept)"));
    }
  }
  exchanged.keep();
  host.complete(outcome_of(auth), "logged in to " + std::to_string(tokens.size()) +
                                      (tokens.size() == 1 ? " registry" : " registries"));
  return host.finish() ? ExitCode::kSuccess : ExitCode::kOutputError;
}

}  // namespace ca
