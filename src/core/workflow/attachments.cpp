#include "core/workflow/attachments.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "common/utf8.hpp"

namespace motcua::core::workflow {
namespace {

// Characters a display name never keeps: controls, and the invisible marks that can make
// "gpj.exe" read as "exe.jpg".
bool Dropped(char32_t cp) {
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

// The longest prefix of `text` of at most `limit` bytes that ends on a character boundary.
std::string_view CutAtBoundary(std::string_view text, std::size_t limit) {
    if (text.size() <= limit) {
        return text;
    }
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) {
        --cut;
    }
    return text.substr(0, cut);
}

bool IsOfficerRole(Role role) {
    return role == Role::kOneStopOfficer || role == Role::kSpecialist ||
           role == Role::kAgencyLeader;
}

}  // namespace

bool IsSha256Hex(std::string_view text) {
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

std::string SanitizeDisplayName(std::string_view raw) {
    const std::size_t slash = raw.find_last_of("/\\");
    const std::string_view base = slash == std::string_view::npos ? raw : raw.substr(slash + 1);
    std::string out;
    out.reserve(std::min(base.size(), kMaxDisplayNameBytes + 8));
    for (std::size_t i = 0; i < base.size();) {
        const auto [cp, length, valid] = common::DecodeUtf8(base, i);
        if (!valid) {
            out += '_';
            ++i;
            continue;
        }
        if (!Dropped(cp)) {
            out.append(base.substr(i, length));
        }
        i += length;
    }
    const std::size_t first = out.find_first_not_of(' ');
    if (first == std::string::npos) {
        return std::string(kDefaultDisplayName);
    }
    const std::size_t last = out.find_last_not_of(" .");
    if (last == std::string::npos || last < first) {
        return std::string(kDefaultDisplayName);
    }
    out = out.substr(first, last - first + 1);
    if (out.size() > kMaxDisplayNameBytes) {
        const std::size_t dot = out.rfind('.');
        const std::string_view extension =
            dot != std::string::npos && dot > 0 && out.size() - dot <= 16
                ? std::string_view(out).substr(dot)
                : std::string_view{};
        const std::string_view stem =
            std::string_view(out).substr(0, out.size() - extension.size());
        std::string cut(CutAtBoundary(stem, kMaxDisplayNameBytes - extension.size()));
        cut.append(extension);
        out = std::move(cut);
    }
    return out;
}

Result<void> ValidateAttachmentRefs(const std::vector<AttachmentRef>& refs,
                                    const std::vector<std::string>& components) {
    if (refs.size() > kMaxAttachmentsPerCommand) {
        return Fail(
            ErrorCode::kInvalidArgument,
            fmt::format("at most {} attachments may be handed in at once",
                        kMaxAttachmentsPerCommand),
            fmt::format("mỗi lần chỉ được nộp tối đa {} tệp đính kèm", kMaxAttachmentsPerCommand),
            "attachments");
    }
    std::set<std::pair<std::string_view, std::string_view>> seen;
    for (std::size_t i = 0; i < refs.size(); ++i) {
        const AttachmentRef& ref = refs[i];
        if (!IsSha256Hex(ref.sha256)) {
            return Fail(ErrorCode::kInvalidArgument,
                        "an attachment must be named by the SHA-256 of its content (64 lower-case "
                        "hex digits)",
                        "mã tệp đính kèm không hợp lệ",
                        fmt::format("attachments[{}].sha256", i));
        }
        if (std::find(components.begin(), components.end(), ref.component) == components.end()) {
            return Fail(
                ErrorCode::kInvalidArgument,
                fmt::format("attachment for component '{}', which is not handed in", ref.component),
                fmt::format("tệp đính kèm thuộc thành phần '{}' không có trong danh sách "
                            "thành phần nộp",
                            ref.component),
                fmt::format("attachments[{}].component", i));
        }
        if (!seen.emplace(ref.component, ref.sha256).second) {
            return Fail(
                ErrorCode::kInvalidArgument,
                fmt::format("the same file is attached twice to component '{}'", ref.component),
                fmt::format("một tệp được đính kèm hai lần cho thành phần '{}'", ref.component),
                fmt::format("attachments[{}]", i));
        }
    }
    return {};
}

bool MayUseUpload(const Actor& actor,
                  std::span<const std::string> scope,
                  const ports::AttachmentMeta& upload) {
    if (actor.role == Role::kSystem) {
        return true;
    }
    if (actor.user.has_value() && upload.uploaded_by == actor.user) {
        return true;
    }
    return IsOfficerRole(actor.role) && !upload.uploader_agency.empty() &&
           std::find(scope.begin(), scope.end(), upload.uploader_agency) != scope.end();
}

}  // namespace motcua::core::workflow
