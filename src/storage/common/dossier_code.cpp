#include "storage/common/dossier_code.hpp"

#include <chrono>

#include <fmt/format.h>

namespace motcua::storage {

std::string CounterDay(core::calendar::LocalDateTime at) {
    const core::calendar::CivilParts p =
        core::calendar::Parts(std::chrono::floor<std::chrono::days>(at));
    return fmt::format("{:02}{:02}{:02}", p.year % 100, p.month, p.day);
}

std::string DossierCode(std::string_view agency, std::string_view day, std::int64_t number) {
    return fmt::format("{}-{}-{:04}", agency, day, number);
}

}  // namespace motcua::storage
