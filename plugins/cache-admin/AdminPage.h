#pragma once

#include <string>

namespace jollyjet::admin {

/// The admin page (page/admin.html, embedded at build time): one self-contained
/// document, inline CSS and JS, no external assets, drawing its chart from
/// /api/cache/stats and /api/cache/history.
const std::string& adminPageHtml();

/// What /admin answers without a valid token (page/login.html): a form that keeps
/// the token in session storage and loads the page with it.
const std::string& loginPageHtml();

} // namespace jollyjet::admin
