#include "jollyjet/http/Filter.h"

#include <algorithm>

#include "jollyjet/http/Router.h"

namespace jollyjet::http {

Filter::~Filter() = default;
void Filter::onFastResponse(FastExchange&) {}
FastLookup::~FastLookup() = default;

void Next::operator()(Exchange& exchange) const {
    if (index_ < chain_->filters_.size())
        chain_->filters_[index_]->handle(exchange, Next(*chain_, index_ + 1));
    else
        chain_->router_.dispatch(exchange);
}

FilterChain::FilterChain(const Router& router) : router_(router) {}
FilterChain::~FilterChain() = default;

void FilterChain::add(std::shared_ptr<Filter> filter) {
    // stable: filters of equal priority keep the order they were added in
    auto at = std::upper_bound(filters_.begin(), filters_.end(), filter->priority(),
                               [](int p, const auto& f) { return p < f->priority(); });
    filters_.insert(at, std::move(filter));
}

void FilterChain::addFastLookup(std::shared_ptr<FastLookup> lookup) {
    lookups_.push_back(std::move(lookup));
}

void FilterChain::run(Exchange& exchange) const {
    router_.match(exchange);
    Next(*this, 0)(exchange);
}

bool FilterChain::tryFast(Exchange& exchange, FastResponse& out) const {
    router_.match(exchange);
    for (const auto& lookup : lookups_) {
        if (!lookup->lookup(exchange, out)) continue;
        FastExchange fast{exchange.request, out, exchange.received};
        for (auto it = filters_.rbegin(); it != filters_.rend(); ++it) (*it)->onFastResponse(fast);
        return true;
    }
    return false;
}

std::vector<std::string> FilterChain::names() const {
    std::vector<std::string> out;
    for (const auto& filter : filters_) out.push_back(filter->name());
    return out;
}

} // namespace jollyjet::http
