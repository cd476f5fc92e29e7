#include "hosts/local/local_host.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/secret_registry.hpp"
#include "platform/files.hpp"
#include "platform/traits.hpp"
#include "util/strings.hpp"
#include "util/utf8_path.hpp"

namespace ca {
namespace {
std::string redacted(std::string_view text) { return SecretRegistry::instance().redact(std::string(text)); }
// Messages may carry user-derived text; keep each on one terminal line.
std::string one_line(std::string_view text) {
  return replace_all(replace_all(redacted(text), "\r", "\\r"), "\n", "\\n");
}
}  // namespace

std::string shell_quote(std::string_view value) {
  return "'" + replace_all(std::string(value), "'", "'\\''") + "'";
}

std::optional<std::string> dotenv_quote(std::string_view value) {
  // Single quotes: no $ expansion in node's dotenv 16 or python-dotenv. But
  // python-dotenv reads \\ and \' inside them as escapes and node does not, and
  // in double quotes python expands ${VAR} and escapes while node expands only
  // \n: a value holding ' or \ (or a line break) reads back differently, so it
  // is refused rather than written wrong.
  if (value.find_first_of("'\\\r\n") != std::string_view::npos) return std::nullopt;
  // python-dotenv expands ${NAME} even inside single quotes; node does not.
  if (value.find("${") != std::string_view::npos) return std::nullopt;
  return "'" + std::string(value) + "'";
}

LocalHost::LocalHost(std::ostream& out, std::ostream& log, const Options& options)
    : out_(out), log_(log), options_(options) {}

void LocalHost::mask(const Secret& secret) { SecretRegistry::instance().adopt(secret); }

bool LocalHost::export_variable(const std::string& name, const std::string& value) {
  if (options_.emit == EmitFormat::kHuman) return false;
  exports_.push_back({name, Secret(value), false});
  return true;
}

bool LocalHost::export_secret(const std::string& name, const Secret& value) {
  mask(value);
  if (options_.emit == EmitFormat::kHuman) return false;
  exports_.push_back({name, value, true});
  return true;
}

void LocalHost::info(std::string_view message) { log_ << one_line(message) << '\n' << std::flush; }

void LocalHost::warning(std::string_view message, const SourceLocation& where) {
  log_ << "warning: " << (where.empty() ? "" : one_line(where.str()) + ": ") << one_line(message) << '\n'
       << std::flush;
}

void LocalHost::error(std::string_view message, const SourceLocation& where) {
  last_error_ = std::string(message);
  log_ << "error: " << (where.empty() ? "" : one_line(where.str()) + ": ") << one_line(message) << '\n'
       << std::flush;
}

void LocalHost::debug(std::string_view message) {
  if (options_.debug) log_ << "debug: " << one_line(message) << '\n' << std::flush;
}

void LocalHost::begin_group(std::string_view title) { log_ << "== " << one_line(title) << " ==\n"; }
void LocalHost::end_group() {}

void LocalHost::complete(Outcome outcome, std::string_view message) {
  if (outcome == Outcome::kFailed) failed_ = true;  // a failed run writes no variable anywhere
  // The error that caused the failure is already on screen: say it once.
  if (outcome == Outcome::kFailed && !message.empty() && message != last_error_)
    log_ << "failed: " << one_line(message) << '\n';
  log_ << std::flush;
}

bool LocalHost::finish() { return write_exports(); }

bool is_shell_variable_name(std::string_view name) {
  if (name.empty() || (name.front() >= '0' && name.front() <= '9')) return false;
  for (char c : name) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  }
  return true;
}

bool LocalHost::write_exports() {
  if (failed_) return true;
  switch (options_.emit) {
    case EmitFormat::kHuman:
      return true;
    case EmitFormat::kShell:
      for (const auto& e : exports_) {
        // A Unicode registry name gives a variable sh cannot name; one bad
        // `export` line makes the whole `eval "$(...)"` fail, so it is left out.
        if (!is_shell_variable_name(e.name)) {
          log_ << "warning: " << one_line(e.name)
               << " is not a valid shell variable name (registry name outside [A-Za-z0-9_-]); use "
                  "`cargo-authenticate exec -- cargo ...` or `login` for this registry\n";
          continue;
        }
        out_ << "export " << e.name << "=" << shell_quote(e.value.reveal()) << '\n';
      }
      out_ << std::flush;
      return static_cast<bool>(out_);
    case EmitFormat::kDotenv: {
      // Everything checked before anything is written.
      std::string content;
      for (const auto& e : exports_) {
        const auto quoted = dotenv_quote(e.value.reveal());
        if (!quoted) {
          // The message first: clearing the exports frees the name it quotes.
          std::string message =
              "the value of " + e.name +
              " holds a quote (') or a backslash, which dotenv readers (node dotenv, python-dotenv) "
              "read back differently; nothing was written. Use --emit shell or --emit json.";
          exports_.clear();
          throw Error(std::move(message), ExitCode::kBadInput);
        }
        content += e.name + "=" + *quoted + "\n";
      }
      if (options_.emit_file.empty()) {
        out_ << content << std::flush;
      } else {
        const std::size_t count = exports_.size();
        exports_.clear();  // written once, even if this fails and the caller finishes again
        try {
          write_file_atomically(options_.emit_file, content, kOwnerOnlyFile);
        } catch (const Error& e) {
          log_ << "error: " << one_line(e.what()) << '\n' << std::flush;
          return false;
        }
        log_ << "wrote " << count << " variables to " << one_line(path_text(options_.emit_file))
             << " (" << platform::kOwnerOnlyWords << ")\n";
      }
      return static_cast<bool>(out_);
    }
    case EmitFormat::kJson: {
      nlohmann::json variables = nlohmann::json::array();
      for (const auto& e : exports_) {
        nlohmann::json item{{"name", e.name}, {"secret", e.secret}};
        // Without --show-secrets a secret's value is left out, not replaced by a look-alike.
        if (!e.secret || options_.show_secrets) item["value"] = e.value.reveal();
        variables.push_back(std::move(item));
      }
      // Pure ASCII (no zero-width character can hide a marker) and no "##": this
      // output may be printed inside a CI log. Values are unchanged for a JSON reader.
      const std::string text = nlohmann::json{{"variables", variables}}.dump(
          2, ' ', true, nlohmann::json::error_handler_t::strict);
      out_ << replace_all(text, "##", "#\\u0023") << '\n' << std::flush;
      return true;
    }
  }
  return true;
}

}  // namespace ca
