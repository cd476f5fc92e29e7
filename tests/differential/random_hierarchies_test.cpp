// At least 200 random configuration hierarchies per run (DIFFERENTIAL_CASES to
// change), compared with real cargo; the seed is printed and DIFFERENTIAL_SEED
// replays a run. Cases run on several threads (DIFFERENTIAL_JOBS, default 4):
// each one spends most of its time waiting for cargo.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

#include "differential.hpp"
#include "random_hierarchy.hpp"

namespace ca::test {
namespace {

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  return text != nullptr && *text != '\0' ? std::stoull(text) : fallback;
}

TEST(RandomHierarchies, ToolAndCargoAgree) {
  const std::uint64_t seed =
      env_number("DIFFERENTIAL_SEED",
                 static_cast<std::uint64_t>(std::random_device{}()) ^
                     static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  const std::uint64_t cases = env_number("DIFFERENTIAL_CASES", 200);
  const unsigned jobs = static_cast<unsigned>(env_number("DIFFERENTIAL_JOBS", 4));
  std::cout << "differential: " << cases << " random hierarchies, DIFFERENTIAL_SEED=" << seed << std::endl;
  RecordProperty("seed", std::to_string(seed));
  auto& differential = Differential::instance();

  std::atomic<std::uint64_t> next{0};
  std::mutex mutex;
  std::vector<std::string> disagreements;
  std::vector<std::string> tool_refusals;
  std::atomic<int> probes{0};
  const auto started = std::chrono::steady_clock::now();
  auto worker = [&] {
    for (std::uint64_t i = next++; i < cases; i = next++) {
      // Each case has its own generator, so one case replays alone from (seed, index).
      std::mt19937_64 rng(seed * 1000003ULL + i);
      const Scenario scenario = random_hierarchy(rng, "s" + std::to_string(i), differential);
      const Comparison c = differential.run(scenario);
      probes += static_cast<int>(c.cargo.size());
      std::lock_guard<std::mutex> lock(mutex);
      if (c.tool.exit_code != 0) tool_refusals.push_back(scenario.id);
      for (const auto& d : c.disagreements) {
        std::string files;
        for (const auto& [path, text] : scenario.files) files += "--- " + path + "\n" + text;
        for (const auto& [k, v] : scenario.env) files += "env " + k + "=" + v + "\n";
        disagreements.push_back(d + "\n  cwd " + scenario.cwd + ", CARGO_HOME " + scenario.cargo_home + "\n" +
                                files);
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned j = 0; j < std::max(1U, jobs); ++j) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "differential: " << cases << " hierarchies, " << probes << " cargo runs, " << seconds << " s, "
            << tool_refusals.size() << " refused by the tool, " << disagreements.size()
            << " disagreements (DIFFERENTIAL_SEED=" << seed << ")" << std::endl;
  for (const auto& d : disagreements) ADD_FAILURE() << d;
  // Random hierarchies are all valid for cargo: a refusal is a disagreement already
  // reported above when cargo used every registry.
}

}  // namespace
}  // namespace ca::test
