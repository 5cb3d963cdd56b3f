// Dossier codes `<agency code>-<YYMMDD>-<NNNN>` (core/ports/dossier_store.hpp AppendRequest),
// one definition for every back end; the number comes from the back end's atomic per-agency
// daily counter (dossier_counters).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/calendar/civil_time.hpp"

namespace motcua::storage {

// The counter's day key of a submission at `at`: "YYMMDD".
std::string CounterDay(core::calendar::LocalDateTime at);

// "<agency>-<day>-<number, at least 4 digits>".
std::string DossierCode(std::string_view agency, std::string_view day, std::int64_t number);

}  // namespace motcua::storage
