#pragma once
// A developer's shell (and the fallback for unknown CI): human messages on
// stderr, so stdout stays clean for `--emit shell` (eval "$(cargo-authenticate
// --emit shell)"), `--emit json`, or nothing at all in the default human mode,
// where a process cannot change its parent shell and `exec`/`login` are the way.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "hosts/host.hpp"

namespace ca {

class LocalHost : public Host {
 public:
  LocalHost(std::ostream& out, std::ostream& log, const Options& options);
  [[nodiscard]] HostKind kind() const override { return HostKind::kLocal; }
  void mask(const Secret& secret) override;
  bool export_variable(const std::string& name, const std::string& value) override;
  bool export_secret(const std::string& name, const Secret& value) override;
  void info(std::string_view message) override;
  void warning(std::string_view message, const SourceLocation& where) override;
  void error(std::string_view message, const SourceLocation& where) override;
  void debug(std::string_view message) override;
  void begin_group(std::string_view title) override;
  void end_group() override;
  void complete(Outcome outcome, std::string_view message) override;
  bool finish() override;

 private:
  struct Export {
    std::string name;
    Secret value;
    bool secret;
  };
  bool write_exports();
  std::ostream& out_;
  std::ostream& log_;
  const Options& options_;
  std::vector<Export> exports_;
  std::string last_error_;  // complete() does not repeat it
  bool failed_ = false;     // complete(kFailed): finish() writes nothing
};

// POSIX shell single-quoting: 'it'\''s'.
std::string shell_quote(std::string_view value);
// [A-Za-z_][A-Za-z0-9_]*: what `export NAME=...` accepts in every POSIX shell.
bool is_shell_variable_name(std::string_view name);
// nullopt for a value dotenv readers would not read back verbatim.
std::optional<std::string> dotenv_quote(std::string_view value);

}  // namespace ca
