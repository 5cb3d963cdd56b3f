// The server's building blocks without sockets: routing, percent-decoding, JSON limits, the
// error table, rate limits and metrics text.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "http/error_mapping.hpp"
#include "http/json_body.hpp"
#include "http/metrics.hpp"
#include "http/rate_limiter.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace motcua::http {
namespace {

Router MakeRouter() {
    Router router;
    for (const auto& [method, pattern] : std::vector<std::pair<std::string, std::string>>{
             {"GET", "/api/dossiers/{code}"},
             {"GET", "/api/dossiers/new"},
             {"POST", "/api/dossiers"},
             {"GET", "/api/dossiers"},
             {"POST", "/api/dossiers/{code}/actions/{action}"}}) {
        Route r;
        r.method = method;
        r.pattern = pattern;
        r.handler = [](Request&) -> Result<Response> {
            return Response::NoContent();
        };
        router.Add(std::move(r));
    }
    return router;
}

TEST(Router, MatchesLiteralsBeforeParametersAndNamesParameters) {
    const Router router = MakeRouter();

    struct Case {
        std::string method, path, pattern;
        Fields params;
    };

    const std::vector<Case> cases = {
        {"GET", "/api/dossiers/new", "/api/dossiers/new", {}},
        {"GET", "/api/dossiers/ABC-1", "/api/dossiers/{code}", {{"code", "ABC-1"}}},
        {"GET", "/api/dossiers/", "/api/dossiers", {}},
        {"POST",
         "/api/dossiers/X/actions/receive",
         "/api/dossiers/{code}/actions/{action}",
         {{"code", "X"}, {"action", "receive"}}},
    };
    for (const Case& c : cases) {
        const auto m = router.Find(c.method, c.path);
        ASSERT_NE(m.route, nullptr) << c.path;
        EXPECT_EQ(m.route->pattern, c.pattern) << c.path;
        EXPECT_EQ(m.params, c.params) << c.path;
    }
}

TEST(Router, TellsMissingPathsFromWrongMethods) {
    const Router router = MakeRouter();
    auto m = router.Find("DELETE", "/api/dossiers");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_TRUE(m.path_exists);
    EXPECT_EQ(m.allow, "POST, GET");
    m = router.Find("GET", "/api/nothing");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_FALSE(m.path_exists);
    m = router.Find("GET", "/api/dossiers/a/b");
    EXPECT_EQ(m.route, nullptr);
}

TEST(PercentDecode, DecodesAndRefusesBadEscapesAndNul) {
    EXPECT_THAT(PercentDecode("/a%20b%2Fc", false), IsOkAndHolds(std::string("/a b/c")));
    EXPECT_THAT(PercentDecode("a+b", true), IsOkAndHolds(std::string("a b")));
    EXPECT_THAT(PercentDecode("a+b", false), IsOkAndHolds(std::string("a+b")));
    EXPECT_THAT(PercentDecode("%C4%91", false), IsOkAndHolds(std::string("đ")));
    for (const std::string_view bad : {"%", "%2", "%zz", "a%00b", "%G0"}) {
        EXPECT_THAT(PercentDecode(bad, false), HasError(ErrorCode::kInvalidArgument)) << bad;
    }
}

TEST(ParseJsonObject, EnforcesDepthShapeAndSyntax) {
    EXPECT_THAT(ParseJsonObject(R"({"a":[{"b":1}]})"), IsOk());
    EXPECT_THAT(ParseJsonObject(R"({"a":"[[[[[[[[[[["})", 3), IsOk());  // brackets in strings
    EXPECT_THAT(ParseJsonObject(std::string(40, '[') + std::string(40, ']'), 32),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ParseJsonObject(R"({"a":{"b":{"c":{}}}})", 3),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ParseJsonObject("[]"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ParseJsonObject("{"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(ParseJsonObject("{\"a\":\"\xff\"}"), HasError(ErrorCode::kInvalidArgument));
}

TEST(JsonFields, NameTheFieldAtFault) {
    const Json body = Json::parse(R"({"n":"x","s":5,"arr":["a",1],"o":{"k":true}})");
    const auto r = RequiredInt(body, "n");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "n");
    EXPECT_EQ(RequiredString(body, "missing").error().field, "missing");
    EXPECT_EQ(RequiredString(body, "s", "applicant").error().field, "applicant.s");
    EXPECT_THAT(StringArray(body, "arr"), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(OptionalBool(body["o"], "k"), IsOkAndHolds(std::optional<bool>(true)));
    EXPECT_THAT(OptionalString(body, "absent"), IsOkAndHolds(std::optional<std::string>()));
}

TEST(ErrorMapping, OneStatusPerCodeAndNoInternalsLeak) {
    const std::vector<std::pair<ErrorCode, int>> table = {{ErrorCode::kInvalidArgument, 400},
                                                          {ErrorCode::kOutOfRange, 400},
                                                          {ErrorCode::kNotFound, 404},
                                                          {ErrorCode::kAlreadyExists, 409},
                                                          {ErrorCode::kConflict, 409},
                                                          {ErrorCode::kFailedPrecondition, 409},
                                                          {ErrorCode::kPermissionDenied, 403},
                                                          {ErrorCode::kUnavailable, 503},
                                                          {ErrorCode::kInternal, 500}};
    for (const auto& [code, status] : table) {
        EXPECT_EQ(StatusOf(code), status) << ErrorCodeName(code);
    }
    Request request;
    request.path = "/api/x";
    request.request_id = "r-1";
    const Response r =
        Problem(Error{ErrorCode::kInternal, "sqlite: disk I/O error at /var/db", "", ""}, request);
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.content_type, "application/problem+json");
    EXPECT_EQ(r.body.find("sqlite"), std::string::npos);
    EXPECT_NE(r.body.find("\"request_id\":\"r-1\""), std::string::npos);
    const Response vi =
        Problem(Error{ErrorCode::kNotFound, "no dossier", "không có hồ sơ", "code"}, request);
    EXPECT_NE(vi.body.find("không có hồ sơ"), std::string::npos);
    EXPECT_NE(vi.body.find("\"field\":\"code\""), std::string::npos);
    request.headers.emplace_back("accept-language", "en-GB,en;q=0.9");
    const Response en =
        Problem(Error{ErrorCode::kNotFound, "no dossier", "không có hồ sơ", ""}, request);
    EXPECT_NE(en.body.find("no dossier"), std::string::npos);
    EXPECT_EQ(StatusOf(HttpProblem::kTooManyRequests), 429);
    EXPECT_EQ(StatusOf(HttpProblem::kHeaderTooLarge), 431);
}

TEST(RateLimiter, RefillsAtTheRateUpToTheBurst) {
    RateLimiter limiter(RateLimit{2.0, 3.0});
    const auto t0 = RateLimiter::TimePoint{};
    EXPECT_TRUE(limiter.Allow("ip", t0));
    EXPECT_TRUE(limiter.Allow("ip", t0));
    EXPECT_TRUE(limiter.Allow("ip", t0));
    EXPECT_FALSE(limiter.Allow("ip", t0));
    EXPECT_TRUE(limiter.Allow("other", t0));  // buckets are per key
    EXPECT_EQ(limiter.RetryAfter("ip", t0), 1);
    EXPECT_TRUE(limiter.Allow("ip", t0 + std::chrono::milliseconds(500)));  // one token back
    EXPECT_FALSE(limiter.Allow("ip", t0 + std::chrono::milliseconds(500)));
    RateLimiter off(RateLimit{0, 0});
    for (int i = 0; i < 1000; ++i) {
        EXPECT_TRUE(off.Allow("ip", t0));
    }
}

TEST(RateLimiter, BoundsItsMemory) {
    RateLimiter limiter(RateLimit{1.0, 1.0}, /*max_keys=*/10);
    const auto t0 = RateLimiter::TimePoint{};
    for (int i = 0; i < 1000; ++i) {
        EXPECT_TRUE(limiter.Allow("ip" + std::to_string(i), t0));
    }
}

TEST(Metrics, RendersCountsAndCumulativeBuckets) {
    Metrics metrics({"GET /healthz"});
    metrics.Record(0, 200, 0.0004);
    metrics.Record(0, 200, 0.003);
    metrics.Record(0, 503, 0.2);
    metrics.Record(metrics.unmatched(), 404, 0.0001);
    std::string out;
    metrics.Render(out);
    EXPECT_NE(out.find("motcua_http_requests_total{route=\"GET /healthz\",code=\"2xx\"} 2"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("motcua_http_requests_total{route=\"GET /healthz\",code=\"5xx\"} 1"),
              std::string::npos);
    EXPECT_NE(out.find("motcua_http_requests_total{route=\"unmatched\",code=\"4xx\"} 1"),
              std::string::npos);
    EXPECT_NE(out.find("bucket{route=\"GET /healthz\",le=\"0.0005\"} 1"), std::string::npos);
    EXPECT_NE(out.find("bucket{route=\"GET /healthz\",le=\"0.005\"} 2"), std::string::npos);
    EXPECT_NE(out.find("bucket{route=\"GET /healthz\",le=\"+Inf\"} 3"), std::string::npos);
    EXPECT_NE(out.find("duration_seconds_count{route=\"GET /healthz\"} 3"), std::string::npos);
}

}  // namespace
}  // namespace motcua::http
