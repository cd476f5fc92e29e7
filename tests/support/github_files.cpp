#include "support/github_files.hpp"

#include <sstream>

#include "hosts/github/github_commands.hpp"
#include "support/dotnet_text.hpp"
#include "support/temp_dir.hpp"
#include "support/text_lines.hpp"

namespace ca::test {

GitHubFile GitHubFile::parse(const std::string& text) {
  GitHubFile file;
  const auto lines = lines_of(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty()) continue;
    const auto heredoc = line.find("<<");
    const auto equals = line.find('=');
    if (heredoc != std::string::npos && (equals == std::string::npos || heredoc < equals)) {
      const std::string name = line.substr(0, heredoc);
      const std::string delimiter = line.substr(heredoc + 2);
      if (name.empty() || delimiter.empty()) {
        file.error = "line " + std::to_string(i + 1) + ": heredoc without name or delimiter";
        return file;
      }
      std::string value;
      bool closed = false;
      bool first = true;
      for (++i; i < lines.size(); ++i) {
        if (lines[i] == delimiter) {
          closed = true;
          break;
        }
        value += (first ? "" : "\n") + lines[i];
        first = false;
      }
      if (!closed) {
        file.error = "heredoc for " + name + " is never closed by " + delimiter;
        return file;
      }
      file.delimiters.push_back(delimiter);
      file.entries.emplace_back(name, value);
    } else if (equals != std::string::npos) {
      file.entries.emplace_back(line.substr(0, equals), line.substr(equals + 1));
    } else {
      file.error = "line " + std::to_string(i + 1) + " is neither NAME=value nor NAME<<DELIMITER";
      return file;
    }
  }
  return file;
}

GitHubFile GitHubFile::read(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return {};
  return parse(read_file(path));
}

std::map<std::string, std::string> GitHubFile::values() const {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : entries) out[name] = value;
  return out;
}

GitHubLog GitHubLog::parse(const std::string& output) {
  GitHubLog log;
  for (const auto& line : lines_of(output)) {
    const auto start = line.find_first_not_of(" \t\v\f");
    if (start == std::string::npos || line.compare(start, 2, "::") != 0) {
      // Not a command to a plain reading; the runner's (TrimStart() over every
      // .NET white space, culture-sensitive "::" and "##[" that skip zero-width
      // characters) may still run it.
      if (dotnet::github_runner_sees_command(line)) {
        log.commands.push_back(GitHubCommand{"(hidden)", {}, line});
      } else {
        log.plain_lines.push_back(line);
      }
      continue;
    }
    const auto end = line.find("::", start + 2);
    if (end == std::string::npos) {
      log.plain_lines.push_back(line);
      continue;
    }
    const std::string head = line.substr(start + 2, end - start - 2);
    GitHubCommand command;
    const auto space = head.find(' ');
    command.name = head.substr(0, space);
    if (space != std::string::npos) {
      std::istringstream props(head.substr(space + 1));
      std::string pair;
      while (std::getline(props, pair, ',')) {
        const auto eq = pair.find('=');
        if (eq == std::string::npos) continue;
        command.properties[pair.substr(0, eq)] = github::unescape_property(pair.substr(eq + 1));
      }
    }
    command.data = github::unescape_data(line.substr(end + 2));
    log.commands.push_back(std::move(command));
  }
  return log;
}

std::vector<GitHubCommand> GitHubLog::all(const std::string& name) const {
  std::vector<GitHubCommand> out;
  for (const auto& c : commands) {
    if (c.name == name) out.push_back(c);
  }
  return out;
}

std::vector<std::string> GitHubLog::masks() const {
  std::vector<std::string> out;
  for (const auto& c : all("add-mask")) out.push_back(c.data);
  return out;
}

int GitHubLog::index_of(const std::string& name, const std::string& data) const {
  for (std::size_t i = 0; i < commands.size(); ++i) {
    if (commands[i].name == name && commands[i].data == data) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace ca::test
