#pragma once
// The one exception type of the tool: a message a user can act on, the exit
// code it maps to, and optionally where in which file the problem is.
// Thrown by parsing and resolution code; caught once in main(), which reports it
// through the host adapter and exits. Never carries a secret value.
#include <stdexcept>
#include <string>

#include "core/exit_code.hpp"
#include "core/source_location.hpp"

namespace ca {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ExitCode code = ExitCode::kBadInput, SourceLocation where = {})
      : std::runtime_error(message), code_(code), where_(std::move(where)) {}

  [[nodiscard]] ExitCode code() const { return code_; }
  [[nodiscard]] const SourceLocation& where() const { return where_; }

 private:
  ExitCode code_;
  SourceLocation where_;
};

}  // namespace ca
