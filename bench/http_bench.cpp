// HTTP load generator for the motcua API (docs/PERFORMANCE.md, "HTTP API"), on Boost.Beast:
// many keep-alive connections spread over a few client threads, each thread its own io_context.
//
//   closed loop (--rate=0): every connection sends its next request as soon as the previous
//     answer arrived — the throughput the server sustains with that many clients;
//   open loop (--rate=R): R requests per second in total on a fixed schedule; each connection
//     keeps its own slots (wrk2-style) and a request's latency counts from its scheduled
//     instant, so queueing in the server (or a backlog behind a slow answer) is measured, not
//     hidden.
//
// Requests completed in the measured window (after --warmup) count; latency percentiles come
// from every one of their timings. With --pid, the server's CPU time and memory (VmRSS sampled
// every 100 ms, VmHWM) over the window are read from /proc, and so is the CPU every other
// process used meanwhile (other_cores: the noise of the figures). Prints one line of key=value
// figures on stdout (bench/run_http_bench.sh reads it); diagnostics on stderr. Not a test.
//
// Usage: motcua_bench_http --port=N [--target=/healthz | --targets=FILE] [options]; --help.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
// GCC 12 at -O3 sees a "potential null pointer dereference" in Asio's scheduler when it
// inlines the reactor's completion into this file (a false positive: the thread is always
// registered there).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#pragma GCC diagnostic pop
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench/bench_support.hpp"

namespace motcua::bench {
namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Steady = std::chrono::steady_clock;

struct Config {
    std::string label = "run";
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    int connections = 64;
    int threads = 1;
    double duration_s = 10;
    double warmup_s = 2;
    double rate = 0;  // requests/s in total; 0: closed loop
    std::string method = "GET";
    std::string target = "/healthz";
    std::string targets_file;  // one target per line, cycled over
    std::string body_file;     // request body (sent as application/json)
    std::vector<std::string> headers;
    std::string idempotency_prefix;  // non-empty: a unique Idempotency-Key per request
    int expect = 200;
    int pid = 0;  // server process, for CPU and memory
};

// What every connection shares (read-only while running).
struct Plan {
    Config config;
    std::vector<std::string> targets;
    std::string fixed_headers;  // "Host: …\r\n" and the --header lines
    std::string body;
    tcp::endpoint endpoint;
    Steady::time_point start;    // first request (warm-up begins)
    Steady::time_point measure;  // window begins
    Steady::time_point end;      // window ends; no request is sent after it
};

// Figures of one client thread, merged at the end.
struct Tally {
    std::vector<std::uint32_t> latency_us;
    std::uint64_t ok = 0;
    std::uint64_t errors = 0;     // unexpected status, in the window
    std::uint64_t transport = 0;  // connect/read/write failures and server closes
    std::uint64_t behind = 0;     // open loop: sent more than 1 ms after the slot
    std::map<int, std::uint64_t> statuses;
    std::string first_error;
};

class Worker;

class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(Worker& worker, const Plan& plan, Tally& tally, int index);

    // Called once the plan's times are set.
    void Start() {
        if (plan_.config.rate > 0) {
            // Connection i owns slots i, i + N, i + 2N, … of the global schedule.
            const double slot_s = 1.0 / plan_.config.rate;
            period_ = std::chrono::duration_cast<Steady::duration>(
                std::chrono::duration<double>(slot_s * plan_.config.connections));
            scheduled_ = plan_.start + std::chrono::duration_cast<Steady::duration>(
                                           std::chrono::duration<double>(slot_s * index_));
        }
        Connect();
    }

    void Abort() {
        done_ = true;
        beast::error_code ec;
        socket_.close(ec);
        timer_.cancel();
    }

private:
    void Connect() {
        if (Steady::now() >= plan_.end) {
            Finish();
            return;
        }
        beast::error_code ec;
        socket_.close(ec);
        socket_ = tcp::socket(timer_.get_executor());
        socket_.async_connect(plan_.endpoint, [self = shared_from_this()](beast::error_code e) {
            if (e) {
                self->TransportError(e, "connect");
                return;
            }
            beast::error_code ignored;
            self->socket_.set_option(tcp::no_delay(true), ignored);
            self->buffer_.clear();
            self->Next();
        });
    }

    // Sends now (closed loop, or open loop behind schedule) or waits for the next slot.
    void Next() {
        if (done_) {
            return;
        }
        if (plan_.config.rate <= 0) {
            scheduled_ = Steady::now();
            if (scheduled_ >= plan_.end) {
                Finish();
                return;
            }
            Send();
            return;
        }
        if (scheduled_ >= plan_.end) {
            Finish();
            return;
        }
        const auto now = Steady::now();
        if (scheduled_ > now) {
            timer_.expires_at(scheduled_);
            timer_.async_wait([self = shared_from_this()](beast::error_code e) {
                if (!e) {
                    self->Send();
                }
            });
            return;
        }
        if (now - scheduled_ > std::chrono::milliseconds(1)) {
            ++tally_.behind;
        }
        Send();
    }

    void Send() {
        if (done_) {
            return;
        }
        const Config& c = plan_.config;
        const std::string& target =
            plan_.targets[(static_cast<std::size_t>(index_) +
                           sent_ * static_cast<std::size_t>(c.connections)) %
                          plan_.targets.size()];
        out_.clear();
        out_ += c.method;
        out_ += ' ';
        out_ += target;
        out_ += " HTTP/1.1\r\n";
        out_ += plan_.fixed_headers;
        if (!c.idempotency_prefix.empty()) {
            out_ +=
                fmt::format("Idempotency-Key: {}-{}-{}\r\n", c.idempotency_prefix, index_, sent_);
        }
        if (!plan_.body.empty()) {
            out_ += fmt::format("Content-Type: application/json\r\nContent-Length: {}\r\n",
                                plan_.body.size());
        }
        out_ += "\r\n";
        out_ += plan_.body;
        ++sent_;
        in_flight_ = true;
        net::async_write(socket_,
                         net::buffer(out_),
                         [self = shared_from_this()](beast::error_code e, std::size_t) {
                             if (e) {
                                 self->TransportError(e, "write");
                                 return;
                             }
                             self->Read();
                         });
    }

    void Read() {
        parser_.emplace();
        parser_->body_limit(64 * 1024 * 1024);
        bhttp::async_read(
            socket_,
            buffer_,
            *parser_,
            [self = shared_from_this()](beast::error_code e, std::size_t) { self->OnResponse(e); });
    }

    void OnResponse(beast::error_code ec) {
        if (ec) {
            TransportError(ec, "read");
            return;
        }
        in_flight_ = false;
        const auto now = Steady::now();
        const auto& response = parser_->get();
        const int status = static_cast<int>(response.result_int());
        if (scheduled_ >= plan_.measure && now <= plan_.end) {
            const auto us =
                std::chrono::duration_cast<std::chrono::microseconds>(now - scheduled_).count();
            tally_.latency_us.push_back(static_cast<std::uint32_t>(std::max<std::int64_t>(us, 0)));
            ++tally_.statuses[status];
            if (status == plan_.config.expect) {
                ++tally_.ok;
            } else {
                ++tally_.errors;
            }
        }
        if (status != plan_.config.expect && tally_.first_error.empty()) {
            tally_.first_error = fmt::format("HTTP {}: {}", status, response.body().substr(0, 300));
        }
        const bool keep = response.keep_alive();
        parser_.reset();
        if (plan_.config.rate > 0) {
            scheduled_ += period_;
        }
        if (!keep) {
            ++tally_.transport;
            Connect();
            return;
        }
        Next();
    }

    void TransportError(beast::error_code ec, std::string_view what) {
        if (done_) {
            return;
        }
        ++tally_.transport;
        if (tally_.first_error.empty()) {
            tally_.first_error = fmt::format("{}: {}", what, ec.message());
        }
        if (in_flight_ && plan_.config.rate > 0) {
            scheduled_ += period_;  // that slot is lost
        }
        in_flight_ = false;
        // Back off a little so a refused connection does not spin.
        timer_.expires_after(std::chrono::milliseconds(10));
        timer_.async_wait([self = shared_from_this()](beast::error_code e) {
            if (!e) {
                self->Connect();
            }
        });
    }

    void Finish();

    Worker& worker_;
    const Plan& plan_;
    Tally& tally_;
    int index_;
    tcp::socket socket_;
    net::steady_timer timer_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
    std::string out_;
    std::size_t sent_ = 0;
    Steady::time_point scheduled_;
    Steady::duration period_{};
    bool in_flight_ = false;
    bool done_ = false;
};

class Worker {
public:
    explicit Worker(const Plan& plan) : plan_(plan), drain_timer_(ioc_) {}

    void Add(int index) {
        connections_.push_back(std::make_shared<Connection>(*this, plan_, tally_, index));
    }

    void Run() {
        for (const auto& c : connections_) {
            c->Start();
        }
        // Answers still missing 5 s after the window are abandoned.
        drain_timer_.expires_at(plan_.end + std::chrono::seconds(5));
        drain_timer_.async_wait([this](beast::error_code e) {
            if (!e) {
                for (const auto& c : connections_) {
                    c->Abort();
                }
            }
        });
        ioc_.run();
    }

    void Finished() {
        if (++finished_ == connections_.size()) {
            drain_timer_.cancel();
        }
    }

    net::io_context& ioc() { return ioc_; }

    Tally& tally() { return tally_; }

private:
    const Plan& plan_;
    net::io_context ioc_;
    net::steady_timer drain_timer_;
    std::vector<std::shared_ptr<Connection>> connections_;
    std::size_t finished_ = 0;
    Tally tally_;
};

Connection::Connection(Worker& worker, const Plan& plan, Tally& tally, int index)
    : worker_(worker),
      plan_(plan),
      tally_(tally),
      index_(index),
      socket_(worker.ioc()),
      timer_(worker.ioc()) {}

void Connection::Finish() {
    if (done_) {
        return;
    }
    done_ = true;
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    worker_.Finished();
}

// CPU seconds (user + system) of a process from /proc/PID/stat; 0 when unreadable.
double ProcessCpuSeconds(int pid) {
    std::ifstream in(fmt::format("/proc/{}/stat", pid));
    std::string line;
    if (!std::getline(in, line)) {
        return 0;
    }
    // Fields after the parenthesised command: state is field 3, utime 14, stime 15.
    const auto close = line.rfind(')');
    if (close == std::string::npos) {
        return 0;
    }
    std::vector<std::string> fields;
    std::string field;
    for (std::size_t i = close + 2; i <= line.size(); ++i) {
        if (i == line.size() || line[i] == ' ') {
            fields.push_back(field);
            field.clear();
        } else {
            field += line[i];
        }
    }
    if (fields.size() < 13) {
        return 0;
    }
    const double ticks = static_cast<double>(std::stoull(fields[11]) + std::stoull(fields[12]));
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// A "VmRSS"-style field of /proc/PID/status in MiB; 0 when unreadable.
double StatusMiB(int pid, std::string_view key) {
    std::ifstream in(fmt::format("/proc/{}/status", pid));
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with(key) && line.size() > key.size() && line[key.size()] == ':') {
            return std::stod(line.substr(key.size() + 1)) / 1024.0;
        }
    }
    return 0;
}

double SelfCpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU seconds spent by the whole machine (every core, every process) since boot.
double MachineBusySeconds() {
    std::ifstream in("/proc/stat");
    std::string cpu;
    double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
    return (user + nice + system + irq + softirq + steal) /
           static_cast<double>(sysconf(_SC_CLK_TCK));
}

double LoadAverage1() {
    std::ifstream in("/proc/loadavg");
    double load = 0;
    in >> load;
    return load;
}

int Run(Plan& plan) {
    const Config& c = plan.config;
    if (!c.targets_file.empty()) {
        std::ifstream in(c.targets_file);
        std::string line;
        while (std::getline(in, line)) {
            if (!line.empty()) {
                plan.targets.push_back(line);
            }
        }
    } else {
        plan.targets.push_back(c.target);
    }
    if (plan.targets.empty()) {
        fmt::print(stderr, "no targets\n");
        return 2;
    }
    if (!c.body_file.empty()) {
        std::ifstream in(c.body_file, std::ios::binary);
        std::ostringstream body;
        body << in.rdbuf();
        plan.body = std::move(body).str();
    }
    plan.fixed_headers = fmt::format("Host: {}:{}\r\n", c.host, c.port);
    for (const std::string& h : c.headers) {
        plan.fixed_headers += h + "\r\n";
    }
    boost::system::error_code ec;
    plan.endpoint = tcp::endpoint(net::ip::make_address(c.host, ec), c.port);
    if (ec) {
        fmt::print(stderr, "bad host {}: {}\n", c.host, ec.message());
        return 2;
    }

    const int threads = std::max(1, c.threads);
    std::vector<std::unique_ptr<Worker>> workers;
    for (int t = 0; t < threads; ++t) {
        workers.push_back(std::make_unique<Worker>(plan));
    }
    for (int i = 0; i < c.connections; ++i) {
        workers[static_cast<std::size_t>(i % threads)]->Add(i);
    }
    const auto to_duration = [](double s) {
        return std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(s));
    };
    plan.start = Steady::now() + std::chrono::milliseconds(50);
    plan.measure = plan.start + to_duration(c.warmup_s);
    plan.end = plan.measure + to_duration(c.duration_s);

    std::vector<std::thread> running;
    for (auto& w : workers) {
        running.emplace_back([&w] { w->Run(); });
    }

    // Sample the server over the window.
    std::this_thread::sleep_until(plan.measure);
    const double machine0 = MachineBusySeconds();
    const double client_cpu0 = SelfCpuSeconds();
    const double server_cpu0 = c.pid > 0 ? ProcessCpuSeconds(c.pid) : 0;
    double rss_max = 0;
    while (Steady::now() < plan.end) {
        if (c.pid > 0) {
            rss_max = std::max(rss_max, StatusMiB(c.pid, "VmRSS"));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const double machine1 = MachineBusySeconds();
    const double client_cpu1 = SelfCpuSeconds();
    const double server_cpu1 = c.pid > 0 ? ProcessCpuSeconds(c.pid) : 0;
    const double hwm = c.pid > 0 ? StatusMiB(c.pid, "VmHWM") : 0;
    const double load = LoadAverage1();
    for (std::thread& t : running) {
        t.join();
    }

    Tally all;
    for (auto& w : workers) {
        Tally& t = w->tally();
        all.latency_us.insert(all.latency_us.end(), t.latency_us.begin(), t.latency_us.end());
        all.ok += t.ok;
        all.errors += t.errors;
        all.transport += t.transport;
        all.behind += t.behind;
        for (const auto& [status, n] : t.statuses) {
            all.statuses[status] += n;
        }
        if (all.first_error.empty()) {
            all.first_error = t.first_error;
        }
    }
    std::vector<double> ms;
    ms.reserve(all.latency_us.size());
    for (const std::uint32_t us : all.latency_us) {
        ms.push_back(static_cast<double>(us) / 1000.0);
    }
    const double max_ms = ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end());
    const double p50 = Percentile(ms, 0.50);
    const double p90 = Percentile(ms, 0.90);
    const double p99 = Percentile(ms, 0.99);
    const double p999 = Percentile(ms, 0.999);
    const double completed = static_cast<double>(all.ok + all.errors);
    const double per_request = completed > 0 ? 1e6 / completed : 0;
    std::string statuses;
    for (const auto& [status, n] : all.statuses) {
        statuses += fmt::format("{}{}:{}", statuses.empty() ? "" : ",", status, n);
    }
    fmt::print(
        "label={} mode={} connections={} threads={} rate={:.0f} seconds={:.1f} requests={:.0f} "
        "ok={} errors={} transport={} behind={} rps={:.0f} ok_rps={:.0f} p50_ms={:.3f} "
        "p90_ms={:.3f} p99_ms={:.3f} p999_ms={:.3f} max_ms={:.3f} client_cpu_us={:.1f} "
        "server_cpu_us={:.1f} server_rss_mb={:.1f} server_hwm_mb={:.1f} load1={:.2f} "
        "server_cores={:.2f} client_cores={:.2f} other_cores={:.2f} statuses={}\n",
        c.label,
        c.rate > 0 ? "open" : "closed",
        c.connections,
        threads,
        c.rate,
        c.duration_s,
        completed,
        all.ok,
        all.errors,
        all.transport,
        all.behind,
        completed / c.duration_s,
        static_cast<double>(all.ok) / c.duration_s,
        p50,
        p90,
        p99,
        p999,
        max_ms,
        (client_cpu1 - client_cpu0) * per_request,
        (server_cpu1 - server_cpu0) * per_request,
        rss_max,
        hwm,
        load,
        (server_cpu1 - server_cpu0) / c.duration_s,
        (client_cpu1 - client_cpu0) / c.duration_s,
        // Everything else on the machine over the window: the noise of the measurement.
        std::max(
            0.0,
            ((machine1 - machine0) - (server_cpu1 - server_cpu0) - (client_cpu1 - client_cpu0)) /
                c.duration_s),
        statuses.empty() ? "-" : statuses);
    if (!all.first_error.empty()) {
        fmt::print(stderr, "{}: first error: {}\n", c.label, all.first_error);
    }
    return 0;
}

}  // namespace
}  // namespace motcua::bench

int main(int argc, char** argv) {
    motcua::bench::Plan plan;
    motcua::bench::Config& c = plan.config;
    CLI::App app{"HTTP load generator for the motcua API (docs/PERFORMANCE.md)"};
    app.add_option("--label", c.label, "name printed with the figures");
    app.add_option("--host", c.host, "server address (IPv4 or IPv6 literal)");
    app.add_option("--port", c.port, "server port")->required();
    app.add_option("--connections", c.connections, "keep-alive connections")
        ->check(CLI::Range(1, 100000));
    app.add_option("--threads", c.threads, "client threads")->check(CLI::Range(1, 64));
    app.add_option("--duration", c.duration_s, "measured seconds")->check(CLI::PositiveNumber);
    app.add_option("--warmup", c.warmup_s, "seconds before measuring")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--rate", c.rate, "total requests/s on a fixed schedule; 0: closed loop")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--method", c.method, "HTTP method");
    app.add_option("--target", c.target, "request target");
    app.add_option("--targets", c.targets_file, "file of targets, one per line, cycled over");
    app.add_option("--body-file", c.body_file, "request body, sent as application/json");
    app.add_option("--header", c.headers, "extra header 'Name: value' (repeatable)");
    app.add_option("--idempotency-prefix",
                   c.idempotency_prefix,
                   "send a unique Idempotency-Key <prefix>-<connection>-<n> per request");
    app.add_option("--expect", c.expect, "the status that counts as success");
    app.add_option("--pid", c.pid, "server process id: its CPU time and memory over the window");
    CLI11_PARSE(app, argc, argv);
    return motcua::bench::Run(plan);
}
