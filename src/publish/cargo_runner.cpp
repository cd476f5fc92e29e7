#include "publish/cargo_runner.hpp"

#include <optional>
#include <system_error>

#include <regex>

#include "core/error.hpp"
#include "core/secret_registry.hpp"
#include "platform/files.hpp"
#include "platform/process.hpp"
#include "util/sha256.hpp"
#include "util/strings.hpp"
#include "util/utf8_path.hpp"

namespace ca {

std::optional<CargoVersion> parse_cargo_version(std::string_view text) {
  static const std::regex pattern(R"(^\s*cargo\s+(\d+)\.(\d+)\.(\d+))");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_search(text.begin(), text.end(), match, pattern)) return std::nullopt;
  return CargoVersion{std::stoi(match[1].str()), std::stoi(match[2].str()), std::stoi(match[3].str())};
}

bool supports_multi_package_publish(const CargoVersion& version) { return version.at_least(1, 90); }

std::vector<std::string> cargo_publish_arguments(const PublishSettings& settings, const std::string& registry,
                                                 const std::vector<std::string>& packages) {
  std::vector<std::string> args = {"publish", "--registry", registry};
  if (settings.allow_dirty) args.emplace_back("--allow-dirty");
  if (settings.dry_run) args.emplace_back("--dry-run");
  if (settings.no_verify) args.emplace_back("--no-verify");
  for (const auto& name : packages) {
    args.emplace_back("--package");
    args.push_back(name);
  }
  args.insert(args.end(), settings.extra_args.begin(), settings.extra_args.end());
  return args;
}

std::string cargo_error_message(std::string_view output) {
  const std::string text(output);
  std::size_t start = std::string::npos;
  if (text.rfind("error:", 0) == 0)
    start = 0;
  else if (auto pos = text.find("\nerror:"); pos != std::string::npos)
    start = pos + 1;
  if (start == std::string::npos) return trim(text);
  // One line: "failed to publish a v1 to registry at URL: the remote server responded ...".
  std::vector<std::string> parts;
  for (auto line : split_list(text.substr(start), "\n")) {
    if (line == "Caused by:") continue;
    if (line.rfind("error:", 0) == 0) line = trim(line.substr(6));
    if (!line.empty()) parts.push_back(line);
  }
  return join(parts, ": ");
}

std::vector<std::string> uploading_packages(std::string_view output) {
  static const std::regex pattern(R"(^\s*Uploading\s+(\S+)\s+v\S+)");
  std::vector<std::string> names;
  for (const auto& line : split_list(output, "\n")) {
    std::smatch match;
    if (std::regex_search(line, match, pattern)) names.push_back(match[1].str());
  }
  return names;
}

CargoVersion CargoRunner::version() const {
  ChildSpec spec{{"cargo", "--version"}, env_, directory_};
  std::string out;
  std::string err;
  const ChildResult result = run_child_lines(spec, [&](ChildStream stream, std::string_view line) {
    (stream == ChildStream::kStdout ? out : err).append(line).push_back('\n');
  });
  if (!result.started()) {
    throw Error("cannot run cargo: " + result.spawn_error + ". Install Rust (rustup) or put cargo on PATH.",
                ExitCode::kFailed);
  }
  const auto version = parse_cargo_version(out);
  if (result.status != 0 || !version) {
    throw Error("`cargo --version` failed or printed something unexpected: " + trim(out + err),
                ExitCode::kFailed);
  }
  return *version;
}

CargoRun CargoRunner::publish(const PublishSettings& settings, const std::string& registry,
                              const std::vector<std::string>& packages) const {
  ChildSpec spec;
  spec.argv = {"cargo"};
  const auto args = cargo_publish_arguments(settings, registry, packages);
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.env = env_;
  spec.directory = directory_;
  host_.info("$ " + join(spec.argv, " "));
  CargoRun run;
  const SecretRegistry& secrets = SecretRegistry::instance();
  const ChildResult result = run_child_lines(spec, [&](ChildStream /*stream*/, std::string_view line) {
    // Cargo never prints the token; redact anyway, before it is kept or shown.
    std::string safe = secrets.redact(std::string(line));
    host_.info(safe);
    run.output += safe;
    run.output += '\n';
  });
  run.status = result.status;
  run.spawn_error = result.spawn_error;
  return run;
}

PackageChecksums CargoRunner::package_checksums(
    const PublishSettings& settings, const std::string& registry,
    const std::vector<std::pair<std::string, std::string>>& packages) const {
  PackageChecksums checksums;
  if (packages.empty()) return checksums;
  std::error_code ec;
  const auto temp = std::filesystem::temp_directory_path(ec);
  const auto made = ec ? std::nullopt : make_private_directory(temp, "cargo-authenticate-package-");
  if (!made) {
    checksums.error = "could not create a temporary directory to package into";
    return checksums;
  }
  const std::filesystem::path target_dir = *made;
  ChildSpec spec;
  spec.argv = {"cargo",       "package", "--registry",   registry,
               "--no-verify", "--quiet", "--target-dir", path_text(target_dir)};
  if (settings.allow_dirty) spec.argv.emplace_back("--allow-dirty");
  for (const auto& [name, version] : packages) {
    spec.argv.emplace_back("--package");
    spec.argv.push_back(name);
  }
  spec.env = env_;
  spec.directory = directory_;
  host_.info("$ " + join(spec.argv, " ") + "   (the checksum of what would be uploaded)");
  std::string output;
  const SecretRegistry& secrets = SecretRegistry::instance();
  const ChildResult result = run_child_lines(spec, [&](ChildStream /*stream*/, std::string_view line) {
    output += secrets.redact(std::string(line));
    output += '\n';
  });
  if (!result.spawn_error.empty() || result.status != 0) {
    checksums.error = "`cargo package` failed: " +
                      (result.spawn_error.empty() ? cargo_error_message(output) : result.spawn_error);
  }
  for (const auto& [name, version] : packages) {
    const auto crate = target_dir / "package" / (name + "-" + version + ".crate");
    if (auto digest = sha256_file_hex(crate)) checksums.sha256[name] = *digest;
  }
  std::error_code ignored;
  std::filesystem::remove_all(target_dir, ignored);
  return checksums;
}

}  // namespace ca
