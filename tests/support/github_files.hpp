#pragma once
// Reads what the GitHub runner reads after a step: the $GITHUB_ENV /
// $GITHUB_OUTPUT files (NAME=value lines and NAME<<DELIM heredocs, parsed the
// runner's way: a heredoc ends at the first line equal to its delimiter) and
// the workflow commands on stdout (::name k=v,k=v::data, unescaped). Malformed
// files are reported through `error` so tests fail with the reason.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ca::test {

struct GitHubFile {
  std::vector<std::pair<std::string, std::string>> entries;  // in file order
  std::vector<std::string> delimiters;                       // heredoc delimiters used
  std::string error;                                         // empty when well formed

  static GitHubFile parse(const std::string& text);
  static GitHubFile read(const std::string& path);                  // empty when the file is missing
  [[nodiscard]] std::map<std::string, std::string> values() const;  // last wins
};

struct GitHubCommand {
  std::string name;
  std::map<std::string, std::string> properties;
  std::string data;
};

struct GitHubLog {
  std::vector<GitHubCommand> commands;
  std::vector<std::string> plain_lines;

  static GitHubLog parse(const std::string& output);
  [[nodiscard]] std::vector<GitHubCommand> all(const std::string& name) const;
  [[nodiscard]] std::vector<std::string> masks() const;
  // Index of the first command with this name and data; -1 if none.
  [[nodiscard]] int index_of(const std::string& name, const std::string& data) const;
};

}  // namespace ca::test
