#include "http/access_log.hpp"

#include <array>

namespace motcua::http {
namespace {

constexpr std::size_t kMaxLogged = 512;
constexpr std::array<std::string_view, 2> kHidden = {"key", "q"};

bool Hidden(std::string_view name) {
    for (const std::string_view hidden : kHidden) {
        if (name == hidden) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::string TargetForLog(std::string_view target) {
    const std::size_t question = target.find('?');
    std::string out(target.substr(0, question));
    if (question != std::string_view::npos) {
        std::string_view query = target.substr(question + 1);
        out += '?';
        bool first = true;
        while (true) {
            const std::size_t amp = query.find('&');
            const std::string_view pair = query.substr(0, amp);
            const std::size_t eq = pair.find('=');
            if (!first) {
                out += '&';
            }
            first = false;
            if (eq != std::string_view::npos && Hidden(pair.substr(0, eq))) {
                out += pair.substr(0, eq + 1);
                out += "***";
            } else {
                out += pair;
            }
            if (amp == std::string_view::npos) {
                break;
            }
            query.remove_prefix(amp + 1);
        }
    }
    if (out.size() > kMaxLogged) {
        out.resize(kMaxLogged);
    }
    return out;
}

}  // namespace motcua::http
