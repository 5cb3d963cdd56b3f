// Clock: the only source of "now" (STYLE.md §6). Production code receives a Clock& and never
// calls system_clock::now() itself; tests use FakeClock to make time explicit.
#pragma once

#include <atomic>
#include <chrono>

namespace motcua {

// UTC instant with microsecond precision; civil (Vietnam) time is derived from it by the calendar.
using Instant = std::chrono::sys_time<std::chrono::microseconds>;

class Clock {
public:
    virtual ~Clock() = default;
    // Current UTC instant. Thread-safe.
    virtual Instant Now() const = 0;
};

// Reads the system clock.
class SystemClock final : public Clock {
public:
    Instant Now() const override {
        return std::chrono::time_point_cast<std::chrono::microseconds>(
            std::chrono::system_clock::now());
    }
};

// A clock that moves only when told to. Thread-safe.
class FakeClock final : public Clock {
public:
    explicit FakeClock(Instant start) : now_(start.time_since_epoch().count()) {}

    Instant Now() const override { return Instant{std::chrono::microseconds{now_.load()}}; }

    void Set(Instant t) { now_.store(t.time_since_epoch().count()); }

    void Advance(std::chrono::microseconds d) { now_.fetch_add(d.count()); }

private:
    std::atomic<std::chrono::microseconds::rep> now_;
};

}  // namespace motcua
