#include "hosts/github/github_host.hpp"

#include <memory>

#include "core/secret_registry.hpp"
#include "hosts/github/github_commands.hpp"
#include "platform/files.hpp"
#include "util/utf8_path.hpp"

namespace ca {
namespace {
std::string redacted(std::string_view text) { return SecretRegistry::instance().redact(std::string(text)); }
SourceLocation redacted(const SourceLocation& where) {
  return SourceLocation{redacted(where.file), where.line, where.column, redacted(where.origin)};
}

}  // namespace

GitHubHost::GitHubHost(std::ostream& out, const Environment& env, bool debug_enabled)
    : out_(out), env_(env), debug_enabled_(debug_enabled) {}

void GitHubHost::line(const std::string& text) { out_ << text << '\n' << std::flush; }

bool GitHubHost::append(const char* variable, const std::string& text) {
  const auto path = env_.non_empty(variable);
  if (!path) {
    write_failed_ = true;
    if (!warned_.insert(variable).second) return false;  // say it once per file
    line(github::annotation("warning", std::string("$") + variable +
                                           " is not set, so nothing was written for later steps. Run "
                                           "cargo-authenticate as a step of a GitHub Actions job."));
    return false;
  }
  if (std::string(variable) != "GITHUB_STEP_SUMMARY") {
    pending_.emplace_back(variable, text);  // written by finish(), only after a run that did not fail
    return true;
  }
  AppendFile file(utf8_path(*path));
  const bool written = file.write(text);
  if (!file.close() || !written) {
    line(github::annotation("error", "could not append to $" + std::string(variable) + " (" +
                                         redacted(*path) + "): " + file.error()));
    write_failed_ = true;
    return false;
  }
  return true;
}

void GitHubHost::mask(const Secret& secret) {
  for (const auto& form : SecretRegistry::instance().adopt(secret)) line(github::add_mask(form));
}

bool GitHubHost::export_variable(const std::string& name, const std::string& value) {
  return append("GITHUB_ENV", github::file_entry(name, redacted(value)));
}

bool GitHubHost::export_secret(const std::string& name, const Secret& value) {
  mask(value);
  return append("GITHUB_ENV", github::file_entry(name, value.reveal()));
}

void GitHubHost::set_output(const std::string& name, const std::string& value) {
  append("GITHUB_OUTPUT", github::file_entry(name, redacted(value)));
}

void GitHubHost::info(std::string_view message) { line(github::plain_line(redacted(message))); }

void GitHubHost::warning(std::string_view message, const SourceLocation& where) {
  line(github::annotation("warning", redacted(message), redacted(where)));
}

void GitHubHost::error(std::string_view message, const SourceLocation& where) {
  line(github::annotation("error", redacted(message), redacted(where)));
}

void GitHubHost::debug(std::string_view message) {
  if (debug_enabled_) line(github::debug(redacted(message)));
}

void GitHubHost::begin_group(std::string_view title) { line(github::group(redacted(title))); }
void GitHubHost::end_group() { line(github::end_group()); }

void GitHubHost::summary(const std::string& markdown) {
  if (!env_.non_empty("GITHUB_STEP_SUMMARY")) return;  // not every runner has one (e.g. act)
  append("GITHUB_STEP_SUMMARY", redacted(markdown) + "\n");
}

bool GitHubHost::finish() {
  std::vector<std::pair<const char*, std::string>> pending;
  pending.swap(pending_);  // once: a second finish() writes nothing again
  if (failed_ || write_failed_) return !write_failed_;
  // Open every file first: a file that cannot be opened leaves the others untouched too.
  std::vector<std::pair<const char*, std::unique_ptr<AppendFile>>> files;
  bool opened = true;
  for (const auto& [variable, text] : pending) {
    bool known = false;
    for (const auto& f : files) known = known || std::string(f.first) == variable;
    if (known) continue;
    auto file = std::make_unique<AppendFile>(utf8_path(*env_.non_empty(variable)));
    if (!file->is_open()) {
      line(github::annotation(
          "error", "could not open $" + std::string(variable) + " (" + redacted(*env_.non_empty(variable)) +
                       "): " + file->error() + "; nothing was written for later steps"));
      opened = false;
      break;
    }
    files.emplace_back(variable, std::move(file));
  }
  bool written = opened;
  if (opened) {
    for (const auto& [variable, text] : pending) {
      for (const auto& [file_variable, file] : files) {
        if (std::string(file_variable) == variable) written = file->write(text) && written;
      }
    }
  }
  for (const auto& file : files) written = file.second->close() && written;
  if (opened && !written) line(github::annotation("error", "could not write the environment files"));
  write_failed_ = write_failed_ || !written;
  return !write_failed_;
}

void GitHubHost::complete(Outcome outcome, std::string_view message) {
  if (outcome == Outcome::kFailed) failed_ = true;
  // The step's result is the exit code; errors were already annotated.
  if (outcome != Outcome::kFailed) line(github::plain_line(redacted(message)));
}

}  // namespace ca
