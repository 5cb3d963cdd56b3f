// Overloaded{lambdas…}: one visitor from several lambdas, for std::visit over a variant.
#pragma once

namespace motcua {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace motcua
