#include "storage/sqlite/commit_syncer.hpp"

#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/result_matchers.hpp"
#include "storage/sqlite/testing/test_db.hpp"

namespace motcua::storage::sqlite {
namespace {

using ::testing::ElementsAre;

// A file to flush, standing in for a database's WAL.
std::string MakeFile(const testing::TempDir& dir) {
    const std::string path = dir.File("log");
    std::ofstream(path) << "frames";
    return path;
}

struct Outcome {
    std::string name;
    bool ok;
    bool operator==(const Outcome&) const = default;
};

CommitSyncer::Ack Record(std::vector<Outcome>& outcomes, std::string name) {
    return [&outcomes, name = std::move(name)](const Result<void>& flushed) {
        outcomes.push_back(Outcome{name, flushed.has_value()});
    };
}

TEST(CommitSyncerTest, StartFailsWhenTheFileIsMissing) {
    const testing::TempDir dir;
    EXPECT_THAT(CommitSyncer::Start(dir.File("absent")), HasError(ErrorCode::kUnavailable));
}

TEST(CommitSyncerTest, AcknowledgesInTheOrderGiven) {
    const testing::TempDir dir;
    auto syncer = CommitSyncer::Start(MakeFile(dir));
    ASSERT_THAT(syncer, IsOk());
    std::vector<Outcome> outcomes;  // Written by the syncer thread only, read after Stop.
    const std::uint64_t first = (*syncer)->BeginCommit();
    const std::uint64_t second = (*syncer)->BeginCommit();
    EXPECT_LT(first, second);
    (*syncer)->Acknowledge(first, Record(outcomes, "first"));
    (*syncer)->Acknowledge(0, Record(outcomes, "no commit"));
    (*syncer)->Acknowledge(second, Record(outcomes, "second"));
    (*syncer)->Stop();
    EXPECT_GE((*syncer)->GetStats().flushes, 1U);
    EXPECT_EQ((*syncer)->GetStats().failed_flushes, 0U);
    EXPECT_THAT(
        outcomes,
        ElementsAre(Outcome{"first", true}, Outcome{"no commit", true}, Outcome{"second", true}));
}

// fdatasync of a character device fails (EINVAL): the commits it covered are told, the
// outcome that wrote nothing is not.
TEST(CommitSyncerTest, AFailedFlushIsReportedToTheCommitsItCovered) {
    auto syncer = CommitSyncer::Start("/dev/null");
    ASSERT_THAT(syncer, IsOk());
    std::vector<Outcome> outcomes;
    (*syncer)->Acknowledge(0, Record(outcomes, "no commit"));
    (*syncer)->Acknowledge((*syncer)->BeginCommit(), Record(outcomes, "commit"));
    (*syncer)->Stop();
    EXPECT_THAT(outcomes, ElementsAre(Outcome{"no commit", true}, Outcome{"commit", false}));
    EXPECT_EQ((*syncer)->GetStats().flushes, 1U);
    EXPECT_EQ((*syncer)->GetStats().failed_flushes, 1U);
}

TEST(CommitSyncerTest, AwaitDurableReturnsOnceTheBegunCommitsAreFlushed) {
    const testing::TempDir dir;
    auto syncer = CommitSyncer::Start(MakeFile(dir));
    ASSERT_THAT(syncer, IsOk());
    const std::uint64_t commit = (*syncer)->BeginCommit();
    std::thread reader([&] { (*syncer)->AwaitDurable(); });
    (*syncer)->Acknowledge(commit, [](const Result<void>&) {});
    reader.join();
    (*syncer)->AwaitDurable();  // Nothing begun since: at once.
}

TEST(CommitSyncerTest, AnAcknowledgementMayAwaitDurabilityWithoutWaitingForItself) {
    const testing::TempDir dir;
    auto syncer = CommitSyncer::Start(MakeFile(dir));
    ASSERT_THAT(syncer, IsOk());
    CommitSyncer& s = **syncer;
    const std::uint64_t commit = s.BeginCommit();
    const std::uint64_t later = s.BeginCommit();  // begun, acknowledged only after
    bool on_syncer = false;
    s.Acknowledge(commit, [&](const Result<void>&) {
        s.AwaitDurable();
        on_syncer = s.OnSyncThread();
    });
    s.Acknowledge(later, [](const Result<void>&) {});
    s.Stop();
    EXPECT_TRUE(on_syncer);
}

}  // namespace
}  // namespace motcua::storage::sqlite
