#include "http/access_log.hpp"

#include <string>

#include <gtest/gtest.h>

namespace motcua::http {
namespace {

struct Case {
    const char* target;
    const char* logged;
};

class TargetForLogTest : public testing::TestWithParam<Case> {};

TEST_P(TargetForLogTest, HidesSecretsAndPersonalData) {
    EXPECT_EQ(TargetForLog(GetParam().target), GetParam().logged);
}

INSTANTIATE_TEST_SUITE_P(
    Targets,
    TargetForLogTest,
    testing::Values(Case{"/healthz", "/healthz"},
                    Case{"/api/public/dossiers/H99.1-261126-0001?key=ABCD2345",
                         "/api/public/dossiers/H99.1-261126-0001?key=***"},
                    Case{"/api/dossiers?q=nguyen%20van%20an&status=4&page=2",
                         "/api/dossiers?q=***&status=4&page=2"},
                    Case{"/api/dossiers?status=4&q=an", "/api/dossiers?status=4&q=***"},
                    // Only whole parameter names, not prefixes or suffixes.
                    Case{"/api/x?keys=1&monkey=2&qq=3", "/api/x?keys=1&monkey=2&qq=3"},
                    // A name without a value, an empty query, an empty pair.
                    Case{"/api/x?key", "/api/x?key"},
                    Case{"/api/x?", "/api/x?"},
                    Case{"/api/x?a=1&&key=2", "/api/x?a=1&&key=***"}));

TEST(TargetForLog, CutsLongTargets) {
    const std::string target = "/api/catalog/procedures?sector=" + std::string(1000, 'a');
    EXPECT_EQ(TargetForLog(target).size(), 512U);
}

}  // namespace
}  // namespace motcua::http
