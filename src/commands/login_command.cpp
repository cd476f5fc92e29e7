#include "commands/login_command.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "commands/authenticate.hpp"
#include "commands/outcome.hpp"
#include "config/registry_name.hpp"
#include "core/error.hpp"
#include "login/cargo_home_files.hpp"
#include "login/repository_root.hpp"
#include "util/atomic_file.hpp"
#include "util/file_lock.hpp"
#include "util/strings.hpp"

namespace ca {
namespace {

constexpr std::string_view kCargoTokenProvider = "cargo:token";

std::filesystem::path cargo_home_of(const Environment& env) {
  if (auto home = env.non_empty("CARGO_HOME")) return std::filesystem::absolute(*home);
  if (auto home = env.non_empty("HOME")) return std::filesystem::path(*home) / ".cargo";
  throw Error("neither CARGO_HOME nor HOME is set, so there is no cargo home to log in to; set CARGO_HOME.");
}

void refuse_inside_repository(const std::filesystem::path& cargo_home, const Options& options) {
  const auto root = repository_root(options.working_directory);
  if (root && is_within(cargo_home, *root)) {
    throw Error(
        "refusing to write registry tokens to " + cargo_home.string() + ": it is inside the repository at " +
        root->string() +
        ", where a token could be committed, archived or baked into an image. Point CARGO_HOME at a "
        "directory outside the repository (for example $HOME/.cargo), or use `cargo-authenticate exec "
        "-- cargo publish`, which writes no file.");
  }
}

std::string read_text(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return {};
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof())
    throw Error("cannot read " + path.string() + "; check its permissions.", ExitCode::kOutputError);
  return text.str();
}

mode_t existing_mode_or(const std::filesystem::path& path, mode_t fallback) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? (info.st_mode & 07777) : fallback;
}

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

}  // namespace

ExitCode run_login(const RunContext& context) {
  Host& host = context.host;
  const std::filesystem::path cargo_home = cargo_home_of(context.env);
  refuse_inside_repository(cargo_home, context.options);

  Authentication auth = authenticate(context);
  report_authentication(context, auth);
  if (!auth.ok()) {
    host.complete(Outcome::kFailed,
                  "cargo-authenticate login wrote nothing: not every required registry has a credential");
    host.finish();
    return ExitCode::kFailed;
  }
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
  if (ec) throw Error("cannot create " + cargo_home.string() + ": " + ec.message(), ExitCode::kOutputError);
  {
    // One lock around both read-modify-writes: concurrent logins keep each other's entries.
    FileLock lock(cargo_home / ".cargo-authenticate.lock");
    const auto credentials = credentials_file(cargo_home);
    write_file_atomically(credentials,
                          merge_credentials(read_text(credentials), credentials.string(), tokens), 0600);
    host.info("wrote tokens for " + join(names, ", ") + " to " + credentials.string() + " (mode 0600)");

    const auto entries = registries_needing_provider(context, auth);
    if (!entries.empty()) {
      const auto config = cargo_home_config_file(cargo_home);
      const ProviderMerge merge = merge_credential_providers(read_text(config), config.string(), entries);
      if (!merge.added.empty()) {
        write_file_atomically(config, merge.text, existing_mode_or(config, 0644));
        host.info("added credential-provider = \"cargo:token\" for " + join(merge.added, ", ") + " to " +
                  config.string() +
                  " (cargo refuses authenticated registries without a credential provider; the rest of the "
                  "file was kept)");
      }
    }
  }
  host.complete(outcome_of(auth), "logged in to " + std::to_string(tokens.size()) +
                                      (tokens.size() == 1 ? " registry" : " registries"));
  return host.finish() ? ExitCode::kSuccess : ExitCode::kOutputError;
}

}  // namespace ca
