#include "random_hierarchy.hpp"

#include <algorithm>
#include <vector>

namespace ca::test {
namespace {

// Names cargo accepts, none folding onto another ('-'/'_' or case), some needing
// Unicode upper-casing (straße -> STRASSE, ǆ -> Ǆ) or quoting as TOML keys.
const std::vector<std::string> kNames = {"alpha", "beta-feed", "gamma_feed", "straße", "café",
                                         "Ωmega", "x-",        "_priv",      "Feed2",  "ǆz"};

bool bare_key(const std::string& name) {
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

struct Entry {
  std::string name;
  std::string url;
};

class Builder {
 public:
  Builder(std::mt19937_64& rng, const std::string& id, const Differential& d) : rng_(rng), id_(id), d_(d) {}

  bool chance(int percent) { return std::uniform_int_distribution<int>(0, 99)(rng_) < percent; }
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  std::string new_url() { return d_.index_url(id_, "u" + std::to_string(next_label_++)); }

  std::string key(const std::string& name) {
    if (!bare_key(name) || chance(30)) return "\"" + name + "\"";
    return name;
  }

  // One file's text holding `entries` in one of the three table forms, after `include`.
  std::string file_text(const std::vector<Entry>& entries, const std::string& include_line) {
    std::string text = include_line;
    const int form = pick(3);
    if (form == 0) {
      for (const auto& e : entries) text += "[registries." + key(e.name) + "]\nindex = \"" + e.url + "\"\n";
    } else if (form == 1) {
      text += "[registries]\n";
      for (const auto& e : entries) {
        if (chance(50))
          text += key(e.name) + " = { index = \"" + e.url + "\" }\n";
        else
          text += key(e.name) + ".index = \"" + e.url + "\"\n";
      }
    } else {
      for (const auto& e : entries) text += "registries." + key(e.name) + ".index = \"" + e.url + "\"\n";
    }
    if (chance(20)) text += "[net]\nretry = 0\n";
    return text;
  }

 private:
  std::mt19937_64& rng_;
  const std::string& id_;
  const Differential& d_;
  int next_label_ = 0;
};

}  // namespace

Scenario random_hierarchy(std::mt19937_64& rng, const std::string& id, const Differential& differential) {
  Builder b(rng, id, differential);
  Scenario s;
  s.id = id;
  const int depth = 1 + b.pick(3);
  std::vector<std::string> levels = {"root"};
  for (int i = 1; i <= depth; ++i) levels.push_back(levels.back() + "/l" + std::to_string(i));
  s.cwd = levels.back();
  // $CARGO_HOME: its own directory, or an ancestor's .cargo (read where the walk meets it).
  const bool home_in_walk = b.chance(30);
  const int home_level = b.pick(static_cast<int>(levels.size()));
  s.cargo_home = home_in_walk ? levels[home_level] + "/.cargo" : "home";
  std::vector<std::string> dirs;  // .cargo directories that may hold a config
  for (const auto& level : levels) dirs.push_back(level + "/.cargo");
  if (!home_in_walk) dirs.push_back("home");

  // Which names appear, and in how many places each.
  std::vector<std::string> names = kNames;
  std::shuffle(names.begin(), names.end(), rng);
  names.resize(1 + b.pick(4));
  std::map<std::string, std::vector<Entry>> per_dir;
  for (const auto& name : names) {
    const int places = 1 + (b.chance(35) ? 1 : 0) + (b.chance(10) ? 1 : 0);
    for (int i = 0; i < places; ++i)
      per_dir[dirs[b.pick(static_cast<int>(dirs.size()))]].push_back({name, b.new_url()});
  }
  int include_count = 0;
  for (auto& [dir, entries] : per_dir) {
    // A name defined twice in one file is invalid TOML for both; keep the first.
    std::vector<Entry> unique;
    for (const auto& e : entries) {
      if (std::none_of(unique.begin(), unique.end(), [&](const Entry& u) { return u.name == e.name; }))
        unique.push_back(e);
    }
    std::vector<Entry> own = unique;
    std::string include_line;
    if (b.chance(30) && !own.empty()) {
      // Some entries move to an included file; the including file still wins for its own.
      const std::string inc = "inc" + std::to_string(include_count++) + ".toml";
      std::vector<Entry> moved;
      const std::size_t keep = static_cast<std::size_t>(b.pick(static_cast<int>(own.size())));
      moved.assign(own.begin() + static_cast<long>(keep), own.end());
      own.resize(keep);
      if (b.chance(30)) moved.push_back({moved.front().name, b.new_url()});  // included and including
      std::vector<Entry> inc_entries;
      for (const auto& e : moved) {
        if (std::none_of(inc_entries.begin(), inc_entries.end(),
                         [&](const Entry& u) { return u.name == e.name; }))
          inc_entries.push_back(e);
        else
          own.push_back(e);  // the second definition stays in the including file
      }
      s.files[dir + "/" + inc] = b.file_text(inc_entries, "");
      const std::string optional_missing =
          b.chance(30) ? ", { path = \"missing.toml\", optional = true }" : "";
      include_line = b.chance(50) ? "include = [\"" + inc + "\"" + optional_missing + "]\n"
                                  : "include = [{ path = \"" + inc + "\" }" + optional_missing + "]\n";
    }
    const std::string text = b.file_text(own, include_line);
    const int naming = b.pick(10);
    if (naming < 7) {
      s.files[dir + "/config.toml"] = text;
    } else if (naming < 9) {
      s.files[dir + "/config"] = text;  // legacy name
    } else {
      // Both: cargo reads `config` and ignores config.toml (with a warning).
      s.files[dir + "/config"] = text;
      s.files[dir + "/config.toml"] = b.file_text({{names.front(), b.new_url()}}, "");
    }
  }

  // The environment.
  auto stem = [](const std::string& name) {
    std::string out;
    for (char c : name) out += c == '-' ? '_' : (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    return out;
  };
  const std::string some = names[static_cast<std::size_t>(b.pick(static_cast<int>(names.size())))];
  const bool ascii = bare_key(some);
  if (b.chance(30) && ascii) s.env["CARGO_REGISTRIES_" + stem(some) + "_INDEX"] = b.new_url();
  if (b.chance(15) && ascii) {
    // A lower-case variable: cargo warns that it is ignored.
    std::string lower = "CARGO_REGISTRIES_" + some + "_INDEX";
    std::replace(lower.begin(), lower.end(), '-', '_');
    if (lower != "CARGO_REGISTRIES_" + stem(some) + "_INDEX") s.env[lower] = b.new_url();
  }
  if (b.chance(20)) {
    s.env["CARGO_REGISTRIES_ENV_ONLY_INDEX"] = b.new_url();
    s.probe.push_back("env_only");  // cargo also answers to "env-only": same variables
  }
  s.probe.insert(s.probe.end(), names.begin(), names.end());
  return s;
}

}  // namespace ca::test
