#include "hosts/azure/azure_host.hpp"

#include <cstdlib>
#include <fstream>

#include "core/secret_registry.hpp"
#include "hosts/azure/azure_commands.hpp"
#include "platform/files.hpp"
#include "util/utf8_path.hpp"

namespace ca {
namespace {
std::string redacted(std::string_view text) { return SecretRegistry::instance().redact(std::string(text)); }
SourceLocation redacted(const SourceLocation& where) {
  return SourceLocation{redacted(where.file), where.line, where.column, redacted(where.origin)};
}
}  // namespace

AzureHost::AzureHost(std::ostream& out, const Environment& env, bool debug_enabled)
    : out_(out), env_(env), debug_enabled_(debug_enabled), secret_names_(env) {}

// Lines are flushed at most every 50 ms (a flush per line cost a write syscall
// each: 40,000 for 10,000 registries), so a long publish still streams;
// complete() and finish() flush, and child_process flushes before a child
// writes to the same stream.
void AzureHost::line(const std::string& text) {
  out_ << text << '\n';
  const auto now = std::chrono::steady_clock::now();
  if (now - last_flush_ >= std::chrono::milliseconds(50)) {
    out_.flush();
    last_flush_ = now;
  }
}

bool AzureHost::finish() {
  out_.flush();
  return static_cast<bool>(out_);
}

void AzureHost::mask(const Secret& secret) {
  for (const auto& form : SecretRegistry::instance().adopt(secret)) line(azure::set_secret(form));
}

bool AzureHost::export_variable(const std::string& name, const std::string& value) {
  line(azure::set_variable(name, redacted(value), false));
  return true;
}

bool AzureHost::export_secret(const std::string& name, const Secret& value) {
  mask(value);
  line(azure::set_variable(name, value.reveal(), false));
  return true;
}

void AzureHost::set_output(const std::string& name, const std::string& value) {
  line(azure::set_variable(name, redacted(value), false, true));
}

void AzureHost::info(std::string_view message) { line(azure::plain_line(redacted(message))); }

void AzureHost::warning(std::string_view message, const SourceLocation& where) {
  line(azure::log_issue("warning", redacted(message), redacted(where)));
}

void AzureHost::error(std::string_view message, const SourceLocation& where) {
  line(azure::log_issue("error", redacted(message), redacted(where)));
}

void AzureHost::debug(std::string_view message) {
  if (debug_enabled_) line(azure::debug(redacted(message)));
}

void AzureHost::begin_group(std::string_view title) {
  line("##[group]" + azure::plain_line(redacted(title)));
}
void AzureHost::end_group() { line("##[endgroup]"); }

void AzureHost::summary(const std::string& markdown) {
  // The agent uploads the file as a tab on the run's summary page. A private
  // directory (owner-only) and an exclusive create that follows no link:
  // nothing planted in the shared temp directory is written through.
  const std::string dir = env_.get_or("AGENT_TEMPDIRECTORY", "");
  if (dir.empty()) return;
  const auto private_dir = make_private_directory(utf8_path(dir), "cargo-authenticate-");
  if (!private_dir) {
    warning("could not create a directory for the run summary in AGENT_TEMPDIRECTORY; no summary tab", {});
    return;
  }
  const std::string path = path_text(*private_dir / "summary.md");
  if (!create_new_private_file(utf8_path(path), redacted(markdown))) return;
  line(azure::upload_summary(path));
}

void AzureHost::complete(Outcome outcome, std::string_view message) {
  const char* result = outcome == Outcome::kSucceeded             ? "Succeeded"
                       : outcome == Outcome::kSucceededWithIssues ? "SucceededWithIssues"
                                                                  : "Failed";
  line(azure::complete(result, redacted(message)));
  out_.flush();
}

}  // namespace ca
