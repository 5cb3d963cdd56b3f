// In-memory implementations of the workflow ports, for tests of the core (no database).
// Test-only; never include from production code.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/calendar/builtin_calendar.hpp"
#include "core/ports/dossier_store.hpp"

namespace motcua::core::workflow::testing {

class FakeDirectory final : public ports::Directory {
public:
    std::vector<model::Agency> agencies;
    std::vector<catalog::ProcedureVersion> versions;
    std::vector<catalog::Delegation> delegations;
    std::vector<InternalProcess> processes;

    Result<model::Agency> AgencyByCode(std::string_view code) override {
        for (const auto& a : agencies) {
            if (a.code == code) {
                return a;
            }
        }
        return Fail(ErrorCode::kNotFound, fmt::format("unknown agency {}", code));
    }

    Result<std::vector<std::string>> Subtree(std::string_view code) override {
        MOTCUA_ASSIGN_OR_RETURN(const model::Agency root, AgencyByCode(code));
        std::vector<std::string> out{root.code};
        std::vector<model::AgencyId> frontier{root.id};
        while (!frontier.empty()) {
            const model::AgencyId parent = frontier.back();
            frontier.pop_back();
            for (const auto& a : agencies) {
                if (a.parent == parent) {
                    out.push_back(a.code);
                    frontier.push_back(a.id);
                }
            }
        }
        return out;
    }

    Result<catalog::ProcedureVersion> VersionInForce(std::string_view code,
                                                     calendar::LocalDate date) override {
        MOTCUA_ASSIGN_OR_RETURN(const catalog::ProcedureVersion* v,
                                catalog::VersionInForce(versions, code, date));
        return *v;
    }

    Result<catalog::ProcedureVersion> Version(model::ProcedureVersionId id) override {
        for (const auto& v : versions) {
            if (v.id == id) {
                return v;
            }
        }
        return Fail(ErrorCode::kNotFound, "unknown version");
    }

    Result<std::string> CompetentAgency(std::string_view code,
                                        std::string_view agency,
                                        calendar::LocalDate date) override {
        return catalog::CompetentAgency(delegations, code, agency, date);
    }

    Result<InternalProcess> Process(std::string_view procedure_code,
                                    std::string_view agency_code) override {
        for (const auto& p : processes) {
            if (p.procedure_code == procedure_code && p.agency_code == agency_code) {
                return p;
            }
        }
        return Fail(ErrorCode::kNotFound, "no process");
    }

    Result<std::shared_ptr<const calendar::WorkingCalendar>> CalendarOf(
        std::string_view agency_code) override {
        if (const auto it = calendars_.find(std::string(agency_code)); it != calendars_.end()) {
            return it->second;
        }
        MOTCUA_ASSIGN_OR_RETURN(const model::Agency agency, AgencyByCode(agency_code));
        if (!national_) {
            MOTCUA_ASSIGN_OR_RETURN(national_, calendar::BuiltinNationalSchedules());
        }
        MOTCUA_ASSIGN_OR_RETURN(
            calendar::WorkingCalendar cal,
            calendar::WorkingCalendar::Build(*national_, model::CalendarOf(agency)));
        auto shared = std::make_shared<const calendar::WorkingCalendar>(std::move(cal));
        calendars_[std::string(agency_code)] = shared;
        return shared;
    }

private:
    std::map<std::string, std::shared_ptr<const calendar::WorkingCalendar>> calendars_;
    std::optional<std::vector<calendar::YearSchedule>> national_;
};

class FakeStore final : public ports::DossierStore {
public:
    std::map<std::int64_t, Dossier> dossiers;
    std::map<std::int64_t, std::vector<Event>> events;
    std::vector<ports::OutboxMessage> outbox;
    std::map<std::string, int> daily_counter;
    int appends = 0;

    Result<Dossier> Load(DossierId id) override {
        const auto it = dossiers.find(id.value());
        if (it == dossiers.end()) {
            return Fail(ErrorCode::kNotFound, "dossier not found");
        }
        return it->second;
    }

    Result<Dossier> LoadByCode(std::string_view code) override {
        for (const auto& [id, d] : dossiers) {
            if (d.code == code) {
                return d;
            }
        }
        return Fail(ErrorCode::kNotFound, "dossier not found");
    }

    Result<std::optional<Dossier>> FindByIdempotencyKey(std::string_view key) override {
        for (const auto& [id, d] : dossiers) {
            if (!key.empty() && d.idempotency_key == key) {
                return std::optional<Dossier>(d);
            }
        }
        return std::optional<Dossier>{};
    }

    Result<std::vector<Event>> Events(DossierId id) override { return events[id.value()]; }

    Result<ports::AppendResult> Append(ports::AppendRequest r) override {
        ++appends;
        std::int64_t id = 0;
        if (r.dossier.has_value()) {
            id = r.dossier->value();
            if (dossiers.at(id).version != r.expected_version) {
                return Fail(ErrorCode::kConflict, "version changed");
            }
        } else {
            id = static_cast<std::int64_t>(dossiers.size()) + 1;
            auto& sub = std::get<Submitted>(r.events.front().data);
            if (sub.code.empty()) {
                const calendar::CivilParts p =
                    calendar::Parts(std::chrono::floor<std::chrono::days>(r.events.front().at));
                const std::string day =
                    fmt::format("{:02}{:02}{:02}", p.year % 100, p.month, p.day);
                const int n = ++daily_counter[sub.agency_code + day];
                sub.code = fmt::format("{}-{}-{:04}", sub.agency_code, day, n);
            }
            r.projection.code = sub.code;
        }
        for (Event& e : r.events) {
            e.dossier = DossierId{id};
        }
        r.projection.id = DossierId{id};
        auto& log = events[id];
        log.insert(log.end(), r.events.begin(), r.events.end());
        dossiers[id] = r.projection;
        outbox.insert(outbox.end(), r.outbox.begin(), r.outbox.end());
        return ports::AppendResult{DossierId{id}, r.projection.code, r.projection.version};
    }
};

class FakeKeys final : public ports::KeySource {
public:
    std::string NewVerificationKey() override { return fmt::format("K{:07}", ++n_); }

private:
    int n_ = 0;
};

}  // namespace motcua::core::workflow::testing
