// cargo-authenticate: the entry point. Captures the environment once, picks
// the front door (Azure task inputs when run as the task, else the command
// line), builds the host adapter, runs the command, and turns every failure
// into a reported error and a documented exit code. No exception escapes.
#include <spdlog/spdlog.h>

#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command_line.hpp"
#include "commands/command_table.hpp"
#include "core/error.hpp"
#include "core/secret_registry.hpp"
#include "hosts/azure/azure_inputs.hpp"
#include "hosts/cnb/cnb_settings.hpp"
#include "hosts/github/github_inputs.hpp"
#include "hosts/host_detection.hpp"
#include "log/logging.hpp"
#include "provider/credential_provider.hpp"
#include "provider/provider_setting.hpp"
#include "platform/system.hpp"

namespace {

// Reports an error before any host could be built (bad task inputs).
int report_early_error(const ca::Environment& env, const ca::Error& e) {
  ca::Options fallback;
  fallback.host = ca::detect_host(env);
  auto host = ca::make_host(fallback, env, std::cout, std::cerr);
  host->error(e.what(), e.where());
  host->complete(ca::Outcome::kFailed, e.what());
  return ca::to_int(e.code());
}

int run(int argc, char** argv) {
  const ca::Environment env = ca::Environment::capture();
  // cargo starts us as its credential provider: stdout carries the protocol only,
  // so this door opens before any host adapter or logger could write to it.
  const bool cargo_plugin = argc == 2 && std::string_view(argv[1]) == "--cargo-plugin";
  if (cargo_plugin || (argc > 1 && argv[1] == ca::provider::kSubcommand)) {
    spdlog::set_level(spdlog::level::off);
    return ca::provider::run_credential_provider(
        std::vector<std::string>(argv + (cargo_plugin ? 1 : 2), argv + argc), env, std::cin, std::cout,
        std::cerr);
  }
  ca::Options options;
  try {
    // With no arguments the binary runs as a CI task: each host's own inputs.
    const ca::HostKind detected = ca::detect_host(env);
    if (argc <= 1 && detected == ca::HostKind::kAzure) {
      options = ca::options_from_azure_inputs(env);
    } else if (argc <= 1 && detected == ca::HostKind::kCnb) {
      options = ca::options_from_cnb_settings(env);  // the plugin's ENTRYPOINT
    } else if (argc <= 1 && detected == ca::HostKind::kGitHub) {
      options = ca::options_from_github_inputs(env);  // task/github/action.yml
    } else {
      auto parsed = ca::parse_command_line(argc, argv, env);
      if (parsed.exit_now) return *parsed.exit_now;
      options = std::move(parsed.options);
    }
  } catch (const ca::Error& e) {
    return report_early_error(env, e);
  }

  auto host = ca::make_host(options, env, std::cout, std::cerr);
  ca::install_host_logger(*host, options.debug);
  const ca::RunContext context{options, env, *host};
  try {
    return ca::to_int(ca::run_command(context));
  } catch (const ca::Error& e) {
    host->error(e.what(), e.where());
    host->complete(ca::Outcome::kFailed, e.what());
    try {
      host->finish();
    } catch (const ca::Error&) {
      // Already reported; the first error's exit code stands.
    }
    return ca::to_int(e.code());
  }
}

}  // namespace

int main(int argc, char** argv) {
  ca::disable_core_dumps();  // before any secret is read from the environment
  ca::set_standard_streams_binary();
  try {
    // UTF-8 on every system (Windows: from the UTF-16 command line).
    std::vector<std::string> arguments = ca::command_line_arguments(argc, argv);
    std::vector<char*> pointers;
    for (auto& argument : arguments) pointers.push_back(argument.data());
    pointers.push_back(nullptr);
    return run(static_cast<int>(arguments.size()), pointers.data());
  } catch (const std::exception& e) {
    // A bug, not bad input; still no stack trace and no secret in the message.
    std::cerr << "cargo-authenticate: internal error: " << ca::SecretRegistry::instance().redact(e.what())
              << "\n";
    return ca::to_int(ca::ExitCode::kFailed);
  } catch (...) {
    std::cerr << "cargo-authenticate: internal error\n";
    return ca::to_int(ca::ExitCode::kFailed);
  }
}
