#include "hosts/cnb/cnb_settings.hpp"

#include <filesystem>
#include <system_error>

#include "core/error.hpp"
#include "util/strings.hpp"
#include "util/utf8_path.hpp"

namespace ca {
namespace {

std::string setting(const Environment& env, std::string_view key) {
  return trim(env.get_or("PLUGIN_" + to_upper(key), ""));
}

bool bool_setting(const Environment& env, std::string_view key, bool fallback) {
  const std::string value = to_lower(setting(env, key));
  if (value.empty()) return fallback;
  if (value == "true" || value == "1" || value == "yes" || value == "on") return true;
  if (value == "false" || value == "0" || value == "no" || value == "off") return false;
  throw Error("settings." + std::string(key) + ": '" + value + "' is not a boolean; write true or false.");
}

// Arrays arrive comma-joined; a plain string may also list names on lines.
std::vector<std::string> list_setting(const Environment& env, std::string_view key) {
  return split_list(setting(env, key), ",\n");
}

std::filesystem::path under(const std::filesystem::path& base, const std::string& relative) {
  const std::filesystem::path p = utf8_path(relative);
  return p.is_absolute() ? p : base / p;
}

Command parse_command(const std::string& text) {
  const std::string command = to_lower(text);
  if (command.empty() || command == "publish") return Command::kPublish;
  if (command == "auth" || command == "authenticate") return Command::kAuth;
  if (command == "login") return Command::kLogin;
  if (command == "check") return Command::kCheck;
  if (command == "list") return Command::kList;
  throw Error("settings.command: '" + text +
              "' is not a command of this plugin; use publish (default), login, auth, check or list.");
}

}  // namespace

Options options_from_cnb_settings(const Environment& env) {
  Options options;
  options.host = HostKind::kCnb;
  options.command = parse_command(setting(env, "command"));
  options.debug = bool_setting(env, "debug", false);

  std::error_code ec;
  const auto workspace_text = env.non_empty("CNB_BUILD_WORKSPACE");
  const std::filesystem::path workspace =
      workspace_text ? utf8_path(*workspace_text) : std::filesystem::current_path(ec);
  const std::string dir = setting(env, "working_directory");
  options.working_directory = dir.empty() ? workspace : under(workspace, dir);

  for (const auto& file : list_setting(env, "config")) {
    options.config_files.push_back(under(options.working_directory, file));
  }
  options.discover = bool_setting(env, "discover", options.config_files.empty());
  options.registry_names = list_setting(env, "registries");
  if (env.non_empty(kCnbTokenSetting)) options.token_setting_variable = kCnbTokenSetting;
  options.token_setting_registries = list_setting(env, "token_registries");
  options.verify = bool_setting(env, "verify", false);

  PublishSettings& publish = options.publish;
  publish.working_directory = options.working_directory;
  if (auto registry = setting(env, "registry"); !registry.empty()) publish.registry = registry;
  publish.packages = list_setting(env, "packages");
  publish.dry_run = bool_setting(env, "dry_run", false);
  publish.allow_dirty = bool_setting(env, "allow_dirty", true);
  publish.no_verify = bool_setting(env, "no_verify", false);
  publish.extra_args = split_list(setting(env, "args"), " \n");
  return options;
}

}  // namespace ca
