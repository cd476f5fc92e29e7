#pragma once
// GitHub Actions: workflow commands on stdout (::add-mask::, ::error file=..::,
// ::group::, ::debug::) and the environment files the runner reads after the
// step ($GITHUB_ENV for later steps' variables, $GITHUB_OUTPUT for step
// outputs, $GITHUB_STEP_SUMMARY for the run page). Every secret form is masked
// before the value is written anywhere. When an environment file variable is
// missing, export/set_output return false / do nothing and say so once.
// All or nothing: the runner applies $GITHUB_ENV / $GITHUB_OUTPUT even after a
// failed step, so entries are held until finish() and appended only when the
// run completed without failure (both files opened before either is written).
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/environment.hpp"
#include "hosts/host.hpp"

namespace ca {

class GitHubHost : public Host {
 public:
  GitHubHost(std::ostream& out, const Environment& env, bool debug_enabled);
  [[nodiscard]] HostKind kind() const override { return HostKind::kGitHub; }
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
  void summary(const std::string& markdown) override;
  void complete(Outcome outcome, std::string_view message) override;
  bool finish() override;

 private:
  void line(const std::string& text);
  // Appends to the file named by `variable`; false (and a warning) when unset or unwritable.
  bool append(const char* variable, const std::string& text);
  std::ostream& out_;
  const Environment& env_;
  bool debug_enabled_;
  bool write_failed_ = false;
  bool failed_ = false;                                       // complete(kFailed) was called
  std::vector<std::pair<const char*, std::string>> pending_;  // (file variable, entry) until finish()
  std::set<std::string> warned_;  // environment-file variables already reported missing
};

}  // namespace ca
