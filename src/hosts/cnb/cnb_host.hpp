#pragma once
// Cloud Native Build (plugin and script tasks): plain text on stdout. CNB does
// not mask secrets in logs, so this host never prints one: every message is
// redacted, mask() only registers the forms for redaction, and set_output
// refuses any value that holds a secret form. A plugin runs in its own
// container and cannot hand environment variables to later jobs, so
// export_* return false: `login`, `exec` and `publish` are the ways there.
#include <ostream>
#include <string>

#include "core/environment.hpp"
#include "hosts/host.hpp"

namespace ca {

class CnbHost : public Host {
 public:
  CnbHost(std::ostream& out, bool debug_enabled);
  [[nodiscard]] HostKind kind() const override { return HostKind::kCnb; }
  void mask(const Secret& secret) override;
  bool export_variable(const std::string& name, const std::string& value) override;
  bool export_secret(const std::string& name, const Secret& value) override;
  void set_output(const std::string& name, const std::string& value) override;
  void info(std::string_view message) override;
  void warning(std::string_view message, const SourceLocation& where) override;
  void error(std::string_view message, const SourceLocation& where) override;
  void debug(std::string_view message) override;
  void begin_group(std::string_view title) override;
  void end_group() override;
  void complete(Outcome outcome, std::string_view message) override;

 private:
  void line(const std::string& text);
  std::ostream& out_;
  bool debug_enabled_;
  std::string last_error_;  // complete() does not repeat it
};

}  // namespace ca
