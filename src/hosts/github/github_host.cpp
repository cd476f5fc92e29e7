#include "hosts/github/github_host.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/secret_registry.hpp"
#include "hosts/github/github_commands.hpp"

namespace ca {
namespace {
std::string redacted(std::string_view text) { return SecretRegistry::instance().redact(std::string(text)); }
SourceLocation redacted(const SourceLocation& where) {
  return SourceLocation{redacted(where.file), where.line, where.column, redacted(where.origin)};
}

// O_APPEND: the runner and other tools of the same step may append too.
bool append_to(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return ::close(fd) == 0;
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
  if (!append_to(*path, text)) {
    line(github::annotation("error", "could not append to $" + std::string(variable) + " (" +
                                         redacted(*path) + "): " + std::strerror(errno)));
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

void GitHubHost::complete(Outcome outcome, std::string_view message) {
  // The step's result is the exit code; errors were already annotated.
  if (outcome != Outcome::kFailed) line(github::plain_line(redacted(message)));
}

}  // namespace ca
