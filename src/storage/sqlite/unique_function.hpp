// UniqueFunction<R(Args...)>: a move-only std::function, so writer jobs and their completion
// callbacks may own move-only state (promises, unique_ptrs, open statements). A stand-in for
// C++23 std::move_only_function, which GCC 12 lacks; replace it when the toolchain moves.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

namespace motcua::storage::sqlite {

namespace internal {

// F can be stored in the UniqueFunction `Self` of signature R(Args...) (and is not one itself).
template <class F, class Self, class R, class... Args>
concept WrappableAs =
    !std::is_same_v<std::decay_t<F>, Self> && std::is_invocable_r_v<R, std::decay_t<F>&, Args...>;

}  // namespace internal

template <class Signature>
class UniqueFunction;

template <class R, class... Args>
class UniqueFunction<R(Args...)> {
public:
    UniqueFunction() = default;

    UniqueFunction(std::nullptr_t) {}  // NOLINT(google-explicit-constructor)

    // Wraps any callable invocable as R(Args...); implicit, like std::function.
    // NOLINTBEGIN(google-explicit-constructor,bugprone-forwarding-reference-overload)
    template <internal::WrappableAs<UniqueFunction, R, Args...> F>
    UniqueFunction(F&& f) : impl_(std::make_unique<Impl<std::decay_t<F>>>(std::forward<F>(f))) {}

    // NOLINTEND(google-explicit-constructor,bugprone-forwarding-reference-overload)

    // Calls the target. Precondition: not empty.
    R operator()(Args... args) { return impl_->Call(std::forward<Args>(args)...); }

    explicit operator bool() const noexcept { return impl_ != nullptr; }

private:
    struct Base {
        Base() = default;
        Base(const Base&) = delete;
        Base& operator=(const Base&) = delete;
        Base(Base&&) = delete;
        Base& operator=(Base&&) = delete;
        virtual ~Base() = default;
        virtual R Call(Args&&... args) = 0;
    };

    template <class F>
    struct Impl final : Base {
        explicit Impl(F fn) : f(std::move(fn)) {}

        R Call(Args&&... args) override {
            if constexpr (std::is_void_v<R>) {
                std::invoke(f, std::forward<Args>(args)...);
            } else {
                return std::invoke(f, std::forward<Args>(args)...);
            }
        }

        F f;
    };

    std::unique_ptr<Base> impl_;
};

}  // namespace motcua::storage::sqlite
