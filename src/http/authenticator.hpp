// The server's Authenticator on top of the AccountService.
#pragma once

#include "core/accounts/account_service.hpp"
#include "http/server.hpp"

namespace motcua::http {

// The Caller of a principal (shared by sign-in responses and authentication).
Caller CallerOf(const core::accounts::Principal& principal);

class AccountAuthenticator final : public Authenticator {
public:
    explicit AccountAuthenticator(core::accounts::AccountService& accounts) : accounts_(accounts) {}

    Result<Caller> FromSession(std::string_view session_token) override;
    Result<Caller> FromApiToken(std::string_view api_token) override;

private:
    core::accounts::AccountService& accounts_;
};

}  // namespace motcua::http
