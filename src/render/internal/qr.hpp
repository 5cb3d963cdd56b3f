// QR codes (ISO/IEC 18004) through libqrencode, as a module matrix the PDF writer draws as
// rectangles. Internal to render/.
#pragma once

#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace motcua::render::internal {

// A square symbol without its quiet zone: size × size modules, row-major, true = dark.
struct QrMatrix {
    int size = 0;
    std::vector<bool> dark;

    bool Dark(int x, int y) const {
        return dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) +
                    static_cast<std::size_t>(x)];
    }
};

// Encodes `text` (UTF-8, case kept) at error-correction level M in the smallest version that
// holds it. kInvalidArgument when empty or too long for any version (about 2,300 bytes).
[[nodiscard]] Result<QrMatrix> EncodeQr(std::string_view text);

}  // namespace motcua::render::internal
