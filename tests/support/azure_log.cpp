#include "support/azure_log.hpp"

#include <sstream>

#include "hosts/azure/azure_commands.hpp"
#include "support/dotnet_text.hpp"
#include "util/strings.hpp"

namespace ca::test {

AzureLog AzureLog::parse(const std::string& output) {
  AzureLog log;
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto start = to_lower(line).find("##vso[");
    if (start == std::string::npos) {
      // Not a command to an ordinal reading; the agent's culture-sensitive
      // search (zero-width characters skipped) or a "##[" marker still counts.
      // "##[group]" and the like at the very start are the host's own display markers.
      if (line.rfind("##[", 0) != 0 && dotnet::azure_agent_sees_command(line)) {
        log.commands.push_back(AzureCommand{"(hidden)", {}, line});
      } else {
        log.plain_lines.push_back(line);
      }
      continue;
    }
    const auto close = line.find(']', start);
    if (close == std::string::npos) {
      log.plain_lines.push_back(line);
      continue;
    }
    const std::string inside = line.substr(start + 6, close - start - 6);
    AzureCommand command;
    const auto space = inside.find(' ');
    command.name = inside.substr(0, space);
    if (space != std::string::npos) {
      // As the agent does: split on ';' (empty entries dropped) and at the first
      // '='; the value is NOT trimmed (spaces are part of a path or message).
      std::istringstream pairs(inside.substr(space + 1));
      std::string pair;
      while (std::getline(pairs, pair, ';')) {
        const auto eq = pair.find('=');
        if (eq == std::string::npos || eq == 0) continue;
        command.properties[trim(pair.substr(0, eq))] = azure::unescape_property(pair.substr(eq + 1));
      }
    }
    command.data = azure::unescape_data(line.substr(close + 1));
    log.commands.push_back(std::move(command));
  }
  return log;
}

std::vector<AzureCommand> AzureLog::all(const std::string& name) const {
  std::vector<AzureCommand> out;
  for (const auto& c : commands) {
    if (equals_ignore_case(c.name, name)) out.push_back(c);
  }
  return out;
}

std::map<std::string, std::string> AzureLog::variables() const {
  std::map<std::string, std::string> out;
  for (const auto& c : all("task.setvariable")) {
    if (c.properties.count("isoutput") == 0 || c.properties.at("isoutput") != "true") {
      out[c.properties.at("variable")] = c.data;
    }
  }
  return out;
}

std::map<std::string, std::string> AzureLog::outputs() const {
  std::map<std::string, std::string> out;
  for (const auto& c : all("task.setvariable")) {
    if (c.properties.count("isoutput") != 0 && c.properties.at("isoutput") == "true") {
      out[c.properties.at("variable")] = c.data;
    }
  }
  return out;
}

std::vector<std::string> AzureLog::secrets() const {
  std::vector<std::string> out;
  for (const auto& c : all("task.setsecret")) out.push_back(c.data);
  return out;
}

std::vector<AzureCommand> AzureLog::issues(const std::string& type) const {
  std::vector<AzureCommand> out;
  for (const auto& c : commands) {
    if ((equals_ignore_case(c.name, "task.logissue") || equals_ignore_case(c.name, "task.issue")) &&
        c.properties.count("type") && c.properties.at("type") == type) {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<std::string> AzureLog::result() const {
  auto completes = all("task.complete");
  if (completes.empty()) return std::nullopt;
  return completes.back().properties["result"];
}

int AzureLog::index_of(const std::string& name, const std::optional<std::string>& data) const {
  for (std::size_t i = 0; i < commands.size(); ++i) {
    if (equals_ignore_case(commands[i].name, name) && (!data || commands[i].data == *data)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace ca::test
