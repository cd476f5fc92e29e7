#pragma once
// Parses what the agent would parse from a task's output: every line holding
// "##vso[area.action k=v;...]data" becomes a command with its properties and
// data unescaped the agent's way. Tests assert on these, never on raw text.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ca::test {

struct AzureCommand {
  std::string name;  // "task.setvariable"
  std::map<std::string, std::string> properties;
  std::string data;
};

struct AzureLog {
  std::vector<AzureCommand> commands;
  std::vector<std::string> plain_lines;  // lines that are not commands

  static AzureLog parse(const std::string& output);
  [[nodiscard]] std::vector<AzureCommand> all(const std::string& name) const;
  // task.setvariable: name -> value (last wins).
  [[nodiscard]] std::map<std::string, std::string> variables() const;
  // task.setvariable with isoutput=true: name -> value.
  [[nodiscard]] std::map<std::string, std::string> outputs() const;
  [[nodiscard]] std::vector<std::string> secrets() const;  // task.setsecret data
  [[nodiscard]] std::vector<AzureCommand> issues(const std::string& type) const;
  [[nodiscard]] std::optional<std::string> result() const;  // task.complete result
  // Index of the first command matching name (and, when given, data); -1 if none.
  [[nodiscard]] int index_of(const std::string& name, const std::optional<std::string>& data = {}) const;
};

}  // namespace ca::test
