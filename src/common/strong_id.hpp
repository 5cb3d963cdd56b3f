// StrongId<Tag, T>: a typed identifier so that a DossierId can never be passed where an
// AgencyId is expected (STYLE.md §3). Zero-cost wrapper with equality, ordering and hashing.
#pragma once

#include <compare>
#include <cstddef>
#include <functional>
#include <utility>

namespace motcua {

template <class Tag, class T>
class StrongId {
public:
    using ValueType = T;

    StrongId() = default;

    explicit StrongId(T value) : value_(std::move(value)) {}

    const T& value() const { return value_; }

    auto operator<=>(const StrongId&) const = default;

private:
    T value_{};
};

}  // namespace motcua

template <class Tag, class T>
struct std::hash<motcua::StrongId<Tag, T>> {
    std::size_t operator()(const motcua::StrongId<Tag, T>& id) const noexcept {
        return std::hash<T>{}(id.value());
    }
};
