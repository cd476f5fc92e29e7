#include "hosts/github/github_inputs.hpp"

#include <filesystem>
#include <system_error>

#include "core/error.hpp"
#include "hosts/azure/azure_inputs.hpp"
#include "util/strings.hpp"
#include "util/utf8_path.hpp"

namespace ca {
namespace {

std::optional<std::string> input_variable(const Environment& env, std::string_view name) {
  const std::string upper = to_upper(name);
  for (const std::string& candidate :
       {"INPUT_" + replace_all(upper, "-", "_"), "INPUT_" + replace_all(upper, " ", "_")}) {
    if (env.non_empty(candidate)) return candidate;
  }
  return std::nullopt;
}

std::string input(const Environment& env, std::string_view name) {
  const auto variable = input_variable(env, name);
  return variable ? trim(env.get_or(*variable, "")) : std::string();
}

bool bool_input(const Environment& env, std::string_view name, bool fallback) {
  const std::string value = to_lower(input(env, name));
  if (value.empty()) return fallback;
  if (value == "true" || value == "1" || value == "yes" || value == "on") return true;
  if (value == "false" || value == "0" || value == "no" || value == "off") return false;
  throw Error("input " + std::string(name) + ": '" + value + "' is not a boolean; write true or false.");
}

Command parse_command(const std::string& text) {
  const std::string command = to_lower(text);
  if (command.empty() || command == "auth" || command == "authenticate") return Command::kAuth;
  if (command == "publish") return Command::kPublish;
  if (command == "login") return Command::kLogin;
  if (command == "check") return Command::kCheck;
  if (command == "list") return Command::kList;
  if (command == "revoke") return Command::kRevoke;
  throw Error(
      "input command: '" + text +
      "' is not a command of this action; use auth (default), publish, login, check, list or revoke.");
}

}  // namespace

Options options_from_github_inputs(const Environment& env) {
  Options options;
  options.host = HostKind::kGitHub;
  options.command = parse_command(input(env, "command"));
  options.debug = bool_input(env, "debug", false) || env.get_or("RUNNER_DEBUG", "") == "1";

  std::error_code ec;
  const std::filesystem::path cwd = std::filesystem::current_path(ec);
  const std::string dir = input(env, "working-directory");
  options.working_directory = dir.empty() ? cwd : utf8_path(dir);
  if (options.working_directory.is_relative()) options.working_directory = cwd / options.working_directory;

  for (const auto& file : split_list(input(env, "config-file"), ",\n")) {
    const std::filesystem::path p = utf8_path(file);
    options.config_files.push_back(p.is_absolute() ? p : options.working_directory / p);
  }
  options.discover = bool_input(env, "discover", options.config_files.empty());
  options.registry_names = split_list(input(env, "registries"), ",\n ");
  options.token_mappings = parse_token_mappings(input(env, "token-variables"), "token-variables");
  if (auto variable = input_variable(env, "token")) options.token_setting_variable = *variable;
  options.token_setting_registries = split_list(input(env, "token-registries"), ",\n ");
  options.verify = bool_input(env, "verify", false);
  options.trusted_publishing = bool_input(env, "trusted-publishing", false);
  options.provider_mode = bool_input(env, "credential-provider", false);

  PublishSettings& publish = options.publish;
  publish.working_directory = options.working_directory;
  if (auto registry = input(env, "registry"); !registry.empty()) publish.registry = registry;
  publish.packages = split_list(input(env, "packages"), ",\n ");
  publish.dry_run = bool_input(env, "dry-run", false);
  publish.allow_dirty = bool_input(env, "allow-dirty", true);
  publish.no_verify = bool_input(env, "no-verify", false);
  publish.extra_args = split_list(input(env, "args"), " \n");
  return options;
}

}  // namespace ca
