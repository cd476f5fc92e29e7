#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace local_registry {

// One injected misbehaviour, as posted to /_control/faults or listed in --faults-file:
//   {"method":"PUT","path_prefix":"/api/v1/crates/new","status":429,"retry_after":1,
//    "times":1,"delay_ms":0,"drop":false,"body":"...","content_type":"..."}
// Every field is optional. An empty method or path_prefix matches everything.
struct FaultRule {
  std::string method;
  std::string path_prefix;
  int status = 0;                   // 0: no status override (delay-only or drop-only rule)
  std::optional<int> retry_after;   // seconds, sent as Retry-After with the status
  int times = 1;                    // remaining uses; -1 = forever
  int delay_ms = 0;                 // applied before anything else
  bool drop = false;                // close the connection without any response
  std::optional<std::string> body;  // raw body for the status response
  std::optional<std::string> content_type;

  nlohmann::json to_json() const;
};

// Throws std::invalid_argument with a readable message for malformed rules.
FaultRule fault_rule_from_json(const nlohmann::json& j);
// Accepts an array of rules or a single rule object.
std::vector<FaultRule> fault_rules_from_json(const nlohmann::json& j);

// Thread-safe rule list. Rules are consulted in insertion order; the first matching rule with
// uses left fires and consumes one use, so tests can script "fail once, then succeed".
class FaultTable {
 public:
  void add(std::vector<FaultRule> rules);
  void clear();
  nlohmann::json to_json() const;
  // Returns a copy of the fired rule (with its pre-consumption settings) if one matched.
  std::optional<FaultRule> take(const std::string& method, const std::string& path);

 private:
  mutable std::mutex mutex_;
  std::vector<FaultRule> rules_;
};

}  // namespace local_registry
