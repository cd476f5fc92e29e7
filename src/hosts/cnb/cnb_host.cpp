#include "hosts/cnb/cnb_host.hpp"

#include "core/secret_registry.hpp"
#include "hosts/cnb/cnb_commands.hpp"

namespace ca {
namespace {
std::string redacted(std::string_view text) { return SecretRegistry::instance().redact(std::string(text)); }
std::string prefix(const SourceLocation& where) {
  return where.empty() ? std::string() : redacted(where.str()) + ": ";
}
}  // namespace

CnbHost::CnbHost(std::ostream& out, bool debug_enabled) : out_(out), debug_enabled_(debug_enabled) {}

void CnbHost::line(const std::string& text) { out_ << cnb::plain_line(text) << '\n' << std::flush; }

void CnbHost::mask(const Secret& secret) { SecretRegistry::instance().adopt(secret); }

bool CnbHost::export_variable(const std::string& /*name*/, const std::string& /*value*/) { return false; }

bool CnbHost::export_secret(const std::string& /*name*/, const Secret& value) {
  mask(value);
  return false;
}

void CnbHost::set_output(const std::string& name, const std::string& value) {
  if (redacted(value) != value) {
    // The set-output line is in the visible log and CNB masks nothing.
    line("warning: output '" + redacted(name) + "' holds a secret and was not set");
    return;
  }
  if (auto command = cnb::set_output(name, value)) {
    out_ << *command << '\n' << std::flush;
  } else {
    line("warning: output name '" + name + "' is not valid for CNB (letters, digits, _ and - only); not set");
  }
}

void CnbHost::info(std::string_view message) { line(redacted(message)); }

void CnbHost::warning(std::string_view message, const SourceLocation& where) {
  line("warning: " + prefix(where) + redacted(message));
}

void CnbHost::error(std::string_view message, const SourceLocation& where) {
  last_error_ = std::string(message);
  line("error: " + prefix(where) + redacted(message));
}

void CnbHost::debug(std::string_view message) {
  if (debug_enabled_) line("debug: " + redacted(message));
}

void CnbHost::begin_group(std::string_view title) { line("== " + redacted(title) + " =="); }
void CnbHost::end_group() {}

void CnbHost::complete(Outcome outcome, std::string_view message) {
  if (message.empty() || (outcome == Outcome::kFailed && message == last_error_)) return;  // said once
  line((outcome == Outcome::kFailed ? "failed: " : "") + redacted(message));
}

}  // namespace ca
