// UniqueFd: a POSIX file descriptor closed on destruction (RAII, STYLE.md §5).
#pragma once

#include <unistd.h>

namespace motcua {

class UniqueFd {
public:
    explicit UniqueFd(int fd) : fd_(fd) {}

    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    UniqueFd(UniqueFd&&) = delete;
    UniqueFd& operator=(UniqueFd&&) = delete;

    ~UniqueFd() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }

    int get() const { return fd_; }

    bool ok() const { return fd_ >= 0; }

    // Closes now and reports close()'s result (delayed write errors surface here).
    int Close() {
        const int rc = ::close(fd_);
        fd_ = -1;
        return rc;
    }

private:
    int fd_;
};

}  // namespace motcua
