#include "commands/publish_command.hpp"

#include <algorithm>

#include "commands/authenticate.hpp"
#include "commands/cargo_environment.hpp"
#include "commands/check_command.hpp"
#include "commands/exchanged_tokens.hpp"
#include "commands/summary_capture.hpp"
#include "core/error.hpp"
#include "hosts/markdown_cell.hpp"
#include "publish/cargo_runner.hpp"
#include "publish/publish_plan.hpp"
#include "publish/publisher.hpp"
#include "publish/workspace.hpp"
#include "util/strings.hpp"
#include "util/suggest.hpp"
#include "util/utf8_path.hpp"

namespace ca {
namespace {

std::filesystem::path workspace_directory(const Options& options) {
  const auto& wanted = options.publish.working_directory;
  if (wanted.empty()) return options.working_directory;
  return wanted.is_absolute() ? wanted : options.working_directory / wanted;
}

const Resolution& publish_credential(const Authentication& auth, const std::string& registry) {
  for (const auto& r : auth.resolutions) {
    if (r.registry.name != registry) continue;
    if (!r.credential) {
      throw Error("cannot publish to '" + registry + "' without a credential: " + r.message,
                  ExitCode::kFailed);
    }
    return r;
  }
  if (auth.config.find(registry) == nullptr) {
    throw Error(
        "registry '" + registry + "' (the publish registry) is not defined in " +
        (auth.config.files.empty() ? std::string("any cargo config") : join(auth.config.files, ", ")) + "." +
        did_you_mean(registry,
                     [&] {
                       std::vector<std::string> known;
                       for (const auto& r : auth.config.registries) known.push_back(r.name);
                       return known;
                     }()) +
        " Add [registries." + registry + "] index = \"sparse+https://...\" or pass another --registry.");
  }
  throw Error("registry '" + registry +
              "' was not selected for authentication; add it to --registry (registryNames).");
}

std::optional<std::string> sparse_index_base(const Registry& registry) {
  const IndexUrl& index = registry.index;
  if (!index.sparse || (index.scheme != "http" && index.scheme != "https")) return std::nullopt;
  std::string base = index.fetch_base();
  if (base.empty() || base.back() != '/') base += '/';
  return base;
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string report_results(Host& host, const std::string& registry, const PublishReport& report,
                           bool dry_run) {
  std::size_t name_width = 7;
  std::size_t version_width = 7;
  for (const auto& p : report.packages) {
    name_width = std::max(name_width, p.name.size());
    version_width = std::max(version_width, p.version.size());
  }
  host.begin_group("Publish results");
  host.info(pad("Package", name_width) + "  " + pad("Version", version_width) + "  Result");
  std::string markdown = "\n### cargo publish to " + markdown_cell(registry) + (dry_run ? " (dry run)" : "") +
                         "\n\n| Package | Version | Result |\n|---|---|---|\n";
  for (const auto& p : report.packages) {
    const std::string label = outcome_label(p.outcome, dry_run);
    host.info(pad(p.name, name_width) + "  " + pad(p.version, version_width) + "  " + label);
    // cargo's words: the first line only (the whole message is in the log).
    const std::string note(p.note.substr(0, p.note.find('\n')));
    markdown += "| " + markdown_cell(p.name) + " | " + markdown_cell(p.version) + " | " + label +
                (note.empty() ? std::string() : ": " + markdown_cell(note)) + " |\n";
  }
  host.end_group();
  for (const auto& p : report.packages) {
    if (p.outcome == PackageOutcome::kFailed) host.error(p.name + " " + p.version + ": " + p.note);
  }
  return markdown;
}

std::string count_text(const PublishReport& report, PackageOutcome outcome, const char* label) {
  const auto n = std::count_if(report.packages.begin(), report.packages.end(),
                               [&](const PackageResult& p) { return p.outcome == outcome; });
  return std::to_string(n) + " " + label;
}

}  // namespace

ExitCode run_publish(const RunContext& context) {
  const PublishSettings& settings = context.options.publish;
  Options auth_options = context.options;
  auto& names = auth_options.registry_names;
  if (settings.registry && !names.empty() &&
      std::find(names.begin(), names.end(), *settings.registry) == names.end()) {
    names.push_back(*settings.registry);
  }
  SummaryCapture host(context.host);
  const RunContext auth_context{auth_options, context.env, host};
  const Authentication auth = authenticate(auth_context);
  // Revoked when publishing ends: success, failure or an exception on the way.
  ExchangedTokens exchanged(context.host, auth);
  report_authentication(auth_context, auth);
  if (!auth.ok()) {
    context.host.summary(host.captured());
    exchanged.revoke();  // before the result: its messages belong to this step
    host.complete(Outcome::kFailed, "cargo-authenticate could not authenticate every required registry");
    host.finish();
    return auth.failure_exit_code();
  }
  // --verify: a rejected token fails before any cargo run, with the registry's answer.
  if (context.options.verify && !verify_authentication(auth_context, auth)) {
    context.host.summary(host.captured());
    exchanged.revoke();  // before the result: its messages belong to this step
    host.complete(Outcome::kFailed, "a registry rejected its credential (--verify); nothing was published");
    host.finish();
    return ExitCode::kFailed;
  }

  const EnvMap env = authenticated_environment(context.env, auth);
  const std::filesystem::path directory = workspace_directory(context.options);
  const Workspace workspace = load_workspace(directory, env);
  const std::string registry =
      choose_publish_registry(settings.registry, auth.config.default_registry, workspace, settings.packages);
  const Resolution& resolution = publish_credential(auth, registry);
  const std::vector<std::string> selected = select_packages(workspace, settings.packages, registry);
  if (selected.empty()) {
    throw Error("nothing to publish: no member of the workspace in " + path_text(directory) +
                    " may be published to '" + registry + "' (see `publish` in each Cargo.toml)",
                ExitCode::kFailed);
  }
  const std::vector<std::string> order = publish_order(workspace, selected);

  const CargoRunner cargo(env, directory, host);
  const bool multi_package = !settings.one_at_a_time && supports_multi_package_publish(cargo.version());
  PublishTarget target{registry, sparse_index_base(resolution.registry), resolution.credential->token};
  if (!target.sparse_index) {
    host.info("Registry `" + registry +
              "` has a git index, which cannot be asked over HTTP: publishing one package at a time; "
              "cargo's `already exists` cannot be confirmed there, so it counts as a failure.");
  }
  host.begin_group("cargo publish (" + registry + ")");
  Publisher publisher(workspace, order, target, settings, cargo, multi_package, host);
  const PublishReport report = publisher.run();
  host.end_group();

  const std::string markdown = report_results(host, registry, report, settings.dry_run);
  context.host.summary(host.captured() + markdown);
  const std::string message =
      count_text(report, PackageOutcome::kPublished, settings.dry_run ? "verified" : "published") + ", " +
      count_text(report, PackageOutcome::kSkipped, "skipped") + ", " +
      count_text(report, PackageOutcome::kFailed, "failed") + " (registry " + registry + ")";
  const bool ok = report.ok();
  exchanged.revoke();  // before the result: its messages belong to this step
  host.complete(ok ? Outcome::kSucceeded : Outcome::kFailed, message);
  if (!host.finish()) return ExitCode::kOutputError;
  return ok ? ExitCode::kSuccess : ExitCode::kFailed;
}

}  // namespace ca
