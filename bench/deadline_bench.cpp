// Benchmark of deadline computation (core/calendar/deadline.hpp) on the built-in national
// calendar: ComputeDue calls per second on one core, for working days, working hours, calendar
// days and paused dossiers, with ExplainDue for contrast. Reception instants are drawn once, with
// a fixed seed, over 2024-01-01 … 2027-12-31, one in eight of them in the three weeks around Tết,
// so the holiday, swap and cut-off paths are all taken.
//
// Extra flag: --write_sample=PATH writes the inputs and motcua's answers (working days 1, 5, 15,
// 30; online and paper) as TSV, for the date-holidays peer in bench/peer/ to time the same inputs
// and count how many deadlines it agrees on. Run both with bench/run_deadline_bench.sh.
#include <array>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "core/calendar/builtin_calendar.hpp"
#include "core/calendar/civil_time.hpp"
#include "core/calendar/deadline.hpp"
#include "core/calendar/lunar_calendar.hpp"
#include "core/calendar/working_calendar.hpp"

namespace motcua::bench {
namespace {

namespace cal = core::calendar;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

// A power of two, so the benchmark loops wrap with a mask.
constexpr std::size_t kReceptionCount = 4096;
constexpr std::uint32_t kSeed = 20260213;
constexpr int kFirstYear = 2024;
constexpr int kLastYear = 2027;
constexpr std::array<int, 4> kWorkingDays = {1, 5, 15, 30};

// The benchmark inputs, built once before timing.
struct Inputs {
    cal::WorkingCalendar calendar;
    std::vector<cal::LocalDateTime> received;
    // Two pauses per reception, for the paused case.
    std::vector<std::array<cal::Pause, 2>> pauses;
};

std::string_view ChannelName(cal::Channel channel) {
    return channel == cal::Channel::kPaper ? "paper" : "online";
}

// Reception instants: the day uniform over the years, or (one in eight) within 14 days before
// and 7 days after Tết; the time within office hours three times in four, else any minute.
Result<Inputs> MakeInputs() {
    MOTCUA_ASSIGN_OR_RETURN(cal::WorkingCalendar calendar, cal::BuiltinNationalCalendar());
    std::vector<cal::LocalDate> tet_days;
    for (int year = kFirstYear; year <= kLastYear; ++year) {
        MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDate tet, cal::FromLunar({1, 1, year, false}));
        tet_days.push_back(tet);
    }
    MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDate first, cal::MakeDate(kFirstYear, 1, 1));
    MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDate last, cal::MakeDate(kLastYear, 12, 31));

    std::mt19937 rng(kSeed);
    std::uniform_int_distribution<int> day_in_range(0, static_cast<int>((last - first).count()));
    std::uniform_int_distribution<std::size_t> which_tet(0, tet_days.size() - 1);
    std::uniform_int_distribution<int> around_tet(-14, 7);
    std::uniform_int_distribution<int> one_in(0, 7);
    std::uniform_int_distribution<int> office_minute(7 * 60, 17 * 60 - 1);
    std::uniform_int_distribution<int> any_minute(0, 24 * 60 - 1);

    Inputs inputs{std::move(calendar), {}, {}};
    inputs.received.reserve(kReceptionCount);
    inputs.pauses.reserve(kReceptionCount);
    for (std::size_t i = 0; i < kReceptionCount; ++i) {
        const cal::LocalDate day = one_in(rng) == 0
                                       ? tet_days[which_tet(rng)] + days{around_tet(rng)}
                                       : first + days{day_in_range(rng)};
        const int minute = one_in(rng) < 6 ? office_minute(rng) : any_minute(rng);
        const cal::LocalDateTime received = cal::LocalDateTime{day} + minutes{minute};
        inputs.received.push_back(received);
        // Waiting for the citizen twice: days 2–4 and 9–12 after reception.
        inputs.pauses.push_back({{
            {cal::LocalDateTime{day + days{2}} + hours{8},
             cal::LocalDateTime{day + days{4}} + hours{10}},
            {cal::LocalDateTime{day + days{9}} + hours{14},
             cal::LocalDateTime{day + days{12}} + hours{9}},
        }});
    }
    return inputs;
}

// Times ComputeDue (or ExplainDue with `explain`) on `prototype`, cycling through the
// receptions; with `paused`, each reception brings its two pauses.
void RunDue(benchmark::State& state,
            const Inputs& inputs,
            cal::DueRequest prototype,
            bool paused,
            bool explain) {
    std::size_t i = 0;
    for (auto _ : state) {
        cal::DueRequest request = prototype;
        request.received = inputs.received[i];
        if (paused) {
            request.pauses = inputs.pauses[i];
        }
        if (explain) {
            auto due = cal::ExplainDue(inputs.calendar, request);
            if (!due) {
                state.SkipWithError(due.error().message.c_str());
                break;
            }
            benchmark::DoNotOptimize(due);
        } else {
            auto due = cal::ComputeDue(inputs.calendar, request);
            if (!due) {
                state.SkipWithError(due.error().message.c_str());
                break;
            }
            benchmark::DoNotOptimize(due);
        }
        i = (i + 1) & (kReceptionCount - 1);
    }
    state.SetItemsProcessed(state.iterations());
}

cal::DueRequest Request(int amount, cal::DurationUnit unit, cal::Channel channel) {
    cal::DueRequest request;
    request.amount = amount;
    request.unit = unit;
    request.channel = channel;
    return request;
}

void Register(const std::string& name,
              const Inputs& inputs,
              const cal::DueRequest& prototype,
              bool paused = false,
              bool explain = false) {
    benchmark::RegisterBenchmark(name.c_str(),
                                 [&inputs, prototype, paused, explain](benchmark::State& state) {
                                     RunDue(state, inputs, prototype, paused, explain);
                                 });
}

void RegisterAll(const Inputs& inputs) {
    using cal::Channel;
    using cal::DurationUnit;
    for (const Channel channel : {Channel::kOnline, Channel::kPaper}) {
        for (const int n : kWorkingDays) {
            Register(fmt::format("ComputeDue/working_days:{}/{}", n, ChannelName(channel)),
                     inputs,
                     Request(n, DurationUnit::kWorkingDays, channel));
        }
    }
    for (const int n : {4, 40}) {
        Register(fmt::format("ComputeDue/working_hours:{}/online", n),
                 inputs,
                 Request(n, DurationUnit::kWorkingHours, Channel::kOnline));
    }
    Register("ComputeDue/calendar_days:30/online",
             inputs,
             Request(30, DurationUnit::kCalendarDays, Channel::kOnline));
    Register("ComputeDue/working_days:15/online/two_pauses",
             inputs,
             Request(15, DurationUnit::kWorkingDays, Channel::kOnline),
             /*paused=*/true);
    Register("ExplainDue/working_days:15/online",
             inputs,
             Request(15, DurationUnit::kWorkingDays, Channel::kOnline),
             /*paused=*/false,
             /*explain=*/true);
}

// Writes "received, channel, working_days, due" rows for every reception, channel and
// kWorkingDays value.
Result<void> WriteSample(const Inputs& inputs, const std::string& path) {
    std::string text = "received\tchannel\tworking_days\tdue\n";
    for (const cal::Channel channel : {cal::Channel::kOnline, cal::Channel::kPaper}) {
        for (const int n : kWorkingDays) {
            for (const cal::LocalDateTime received : inputs.received) {
                cal::DueRequest request = Request(n, cal::DurationUnit::kWorkingDays, channel);
                request.received = received;
                MOTCUA_ASSIGN_OR_RETURN(const cal::LocalDateTime due,
                                        cal::ComputeDue(inputs.calendar, request));
                text += fmt::format("{}\t{}\t{}\t{}\n",
                                    cal::FormatDateTime(received),
                                    ChannelName(channel),
                                    n,
                                    cal::FormatDateTime(due));
            }
        }
    }
    std::FILE* file = std::fopen(path.c_str(), "w");
    if (file == nullptr) {
        return Fail(ErrorCode::kUnavailable, fmt::format("cannot open {} for writing", path));
    }
    const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
    if (std::fclose(file) != 0 || !written) {
        return Fail(ErrorCode::kUnavailable, fmt::format("cannot write {}", path));
    }
    return {};
}

int Main(int argc, char** argv) {
    constexpr std::string_view kSampleFlag = "--write_sample=";
    std::string sample_path;
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg.starts_with(kSampleFlag)) {
            sample_path = std::string(arg.substr(kSampleFlag.size()));
        } else {
            args.push_back(argv[i]);
        }
    }
    int bench_argc = static_cast<int>(args.size());
    benchmark::Initialize(&bench_argc, args.data());
    if (benchmark::ReportUnrecognizedArguments(bench_argc, args.data())) {
        return 2;
    }
    const Result<Inputs> inputs = MakeInputs();
    if (!inputs) {
        fmt::print(stderr, "motcua_bench_deadline: {}\n", inputs.error().message);
        return 1;
    }
    if (!sample_path.empty()) {
        const Result<void> written = WriteSample(*inputs, sample_path);
        if (!written) {
            fmt::print(stderr, "motcua_bench_deadline: {}\n", written.error().message);
            return 1;
        }
    }
    RegisterAll(*inputs);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

}  // namespace
}  // namespace motcua::bench

int main(int argc, char** argv) {
    return motcua::bench::Main(argc, argv);
}
