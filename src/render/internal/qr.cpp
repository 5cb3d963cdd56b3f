#include "render/internal/qr.hpp"

#include <cerrno>
#include <memory>
#include <string>

#include <qrencode.h>

namespace motcua::render::internal {
namespace {

struct QrFree {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

Result<QrMatrix> EncodeQr(std::string_view text) {
    if (text.empty()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "QR content is empty",
                    "nội dung mã QR trống",
                    "tracking_url");
    }
    if (text.size() > 4096) {
        return Fail(ErrorCode::kInvalidArgument,
                    "QR content is too long (" + std::to_string(text.size()) + " bytes)",
                    "nội dung mã QR quá dài",
                    "tracking_url");
    }
    errno = 0;
    // 8-bit mode for the whole text: exact bytes, NUL included.
    const std::unique_ptr<QRcode, QrFree> code(
        QRcode_encodeData(static_cast<int>(text.size()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          0,
                          QR_ECLEVEL_M));
    if (code == nullptr) {
        if (errno == ERANGE || errno == EINVAL) {
            return Fail(ErrorCode::kInvalidArgument,
                        "QR content is too long (" + std::to_string(text.size()) + " bytes)",
                        "nội dung mã QR quá dài",
                        "tracking_url");
        }
        return Fail(ErrorCode::kInternal, "libqrencode could not encode the QR code");
    }
    QrMatrix matrix;
    matrix.size = code->width;
    const std::size_t n =
        static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width);
    matrix.dark.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        matrix.dark[i] = (code->data[i] & 1U) != 0;
    }
    return matrix;
}

}  // namespace motcua::render::internal
