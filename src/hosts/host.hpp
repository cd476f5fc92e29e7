#pragma once
// The door out: how a run's results and messages reach one CI host.
//
// Adapters write each host's own protocol (Azure logging commands, GitHub
// workflow commands and env files, plain text for CNB and shells). Escaping,
// masking and neutralising of user-derived text happen here and nowhere else;
// every message passes through SecretRegistry::redact() before it is written.
#include <string>
#include <string_view>

#include "core/options.hpp"
#include "core/secret.hpp"
#include "core/source_location.hpp"

namespace ca {

enum class Outcome { kSucceeded, kSucceededWithIssues, kFailed };

class Host {
 public:
  virtual ~Host() = default;
  [[nodiscard]] virtual HostKind kind() const = 0;

  // Registers every form of the secret with the host's log masker (and with
  // SecretRegistry); must come before the value is written anywhere.
  virtual void mask(const Secret& secret) = 0;
  // Makes NAME=value visible to the job's later steps. Returns false when this
  // host cannot hand variables to later steps (then `login` or `exec` is the way).
  virtual bool export_variable(const std::string& name, const std::string& value) = 0;
  virtual bool export_secret(const std::string& name, const Secret& value) = 0;
  // False when the host would not hand a variable of this name to later steps
  // even after export_variable() (Azure: a secret of that name exists). Checked
  // before anything is exported, so a run never reports what the host undoes.
  [[nodiscard]] virtual bool later_steps_see(const std::string& name) const {
    (void)name;
    return true;
  }
  // A step output (non-secret): Azure output variable, GitHub $GITHUB_OUTPUT, CNB set-output.
  virtual void set_output(const std::string& name, const std::string& value) { (void)name, (void)value; }

  virtual void info(std::string_view message) = 0;
  virtual void warning(std::string_view message, const SourceLocation& where = {}) = 0;
  virtual void error(std::string_view message, const SourceLocation& where = {}) = 0;
  virtual void debug(std::string_view message) = 0;
  virtual void begin_group(std::string_view title) = 0;
  virtual void end_group() = 0;
  // A Markdown report for the run's summary page, where the host has one.
  virtual void summary(const std::string& markdown) { (void)markdown; }
  // The step's final result (Azure task.complete); called once per run.
  virtual void complete(Outcome outcome, std::string_view message) = 0;
  // Flushes whatever was collected (local --emit formats). Returns false on failure.
  virtual bool finish() { return true; }
};

}  // namespace ca
