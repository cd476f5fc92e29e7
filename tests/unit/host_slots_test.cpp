// The per-host cap of the thread-per-request engine (WinHTTP), run with real
// threads: more workers than the cap, and the cap still holds.
#include "net/host_slots.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

namespace ca::net_engine {
namespace {

TEST(HostSlots, HostKeyIsSchemeAndAuthority) {
  EXPECT_EQ(host_key("https://R.Example:8443/index/x?y#z"), "https://r.example:8443");
  EXPECT_EQ(host_key("http://user:pw@127.0.0.1:5/x"), "http://127.0.0.1:5");
  EXPECT_EQ(host_key("http://[::1]:5"), "http://[::1]:5");
  EXPECT_NE(host_key("http://a.example/"), host_key("https://a.example/"));
}

TEST(HostSlots, NoHostEverHasMoreThanItsCapInFlight) {
  std::vector<std::string> urls;
  for (int i = 0; i < 40; ++i) urls.push_back("https://busy.example/" + std::to_string(i));
  for (int i = 0; i < 6; ++i) urls.push_back("https://quiet.example/" + std::to_string(i));
  HostSlots slots(urls, 3);
  std::atomic<int> busy{0};
  std::atomic<int> busy_max{0};
  std::atomic<int> quiet_ran{0};
  std::atomic<int> ran{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 12; ++w) {
    workers.emplace_back([&] {
      while (const auto index = slots.next()) {
        const bool is_busy = urls[*index].find("busy") != std::string::npos;
        if (is_busy) {
          const int now = ++busy;
          int seen = busy_max.load();
          while (now > seen && !busy_max.compare_exchange_weak(seen, now)) {
          }
        } else {
          ++quiet_ran;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        if (is_busy) --busy;
        ++ran;
        slots.done(*index);
      }
    });
  }
  for (auto& worker : workers) worker.join();
  EXPECT_EQ(ran.load(), 46);
  EXPECT_EQ(quiet_ran.load(), 6);
  EXPECT_LE(busy_max.load(), 3);
  EXPECT_GE(busy_max.load(), 2);  // the workers did run in parallel
}

TEST(HostSlots, AnotherHostIsNotHeldUpByAFullOne) {
  HostSlots slots({"https://a.example/1", "https://a.example/2", "https://b.example/1"}, 1);
  EXPECT_EQ(slots.next(), 0U);
  EXPECT_EQ(slots.next(), 2U);  // a.example is full; b.example goes first
  slots.done(0);
  EXPECT_EQ(slots.next(), 1U);
  slots.done(1);
  slots.done(2);
  EXPECT_EQ(slots.next(), std::nullopt);
}

}  // namespace
}  // namespace ca::net_engine
