#include "Projection.h"

#include <algorithm>
#include <set>

#include "CommandFailure.h"

namespace jollyjet::test::wire {

using mongo::elementsOf;

namespace {

bool included(const Element::Ptr& e) {
    if (const auto n = numberOf(e)) return *n != 0;
    if (const auto* b = mongo::as<bool>(e)) return b->value();
    throw CommandFailure(2, "BadValue", "projection values other than numbers and booleans are not supported");
}

Element::Ptr sortKey(const Document& doc, const std::string& path, bool ascending) {
    Element::Ptr best;
    bool found = false;
    const auto consider = [&](const Element::Ptr& v) {
        if (!found || (ascending ? compareValues(v, best) < 0 : compareValues(v, best) > 0)) best = v;
        found = true;
    };
    for (const auto& v : valuesAt(doc, path)) {
        if (isArray(v) && containerOf(v)->size() > 0) {
            for (const auto& item : elementsOf(*containerOf(v))) consider(item);
        } else {
            consider(v);
        }
    }
    return best;
}

} // namespace

Document::Ptr project(const Document& document, const Document& projection) {
    bool idIncluded = true;
    bool inclusion = false;
    bool exclusion = false;
    std::vector<std::string> paths;
    for (const auto& e : elementsOf(projection)) {
        const bool in = included(e);
        if (e->name() == "_id") {
            idIncluded = in;
            continue;
        }
        (in ? inclusion : exclusion) = true;
        paths.push_back(e->name());
        if (inclusion && exclusion)
            throw CommandFailure(31254, "Location31254", "Cannot do exclusion on field " + e->name() + " in inclusion projection");
    }
    if (inclusion) {
        Document::Ptr out = mongo::makeDocument();
        if (idIncluded && !document.get("_id").isNull()) out->addElement(document.get("_id"));
        for (const auto& path : paths) {
            const Element::Ptr v = elementAt(document, path);
            if (!v.isNull()) out = withField(*out, path, v);
        }
        return out;
    }
    Document::Ptr out = shallowCopy(document);
    for (const auto& path : paths) out = withField(*out, path, nullptr);
    if (!idIncluded) out = withField(*out, "_id", nullptr);
    return out;
}

void sortDocuments(std::vector<Document::Ptr>& documents, const Document& sort) {
    std::vector<std::pair<std::string, bool>> keys;
    for (const auto& e : elementsOf(sort)) {
        const auto n = mongo::integerOf(e);
        if (!n || (*n != 1 && *n != -1)) throw CommandFailure(15975, "Location15975", "$sort key ordering must be 1 (for ascending) or -1 (for descending)");
        keys.emplace_back(e->name(), *n == 1);
    }
    if (keys.empty()) return;
    std::stable_sort(documents.begin(), documents.end(), [&](const Document::Ptr& a, const Document::Ptr& b) {
        for (const auto& [path, ascending] : keys) {
            const int c = compareValues(sortKey(*a, path, ascending), sortKey(*b, path, ascending));
            if (c != 0) return ascending ? c < 0 : c > 0;
        }
        return false;
    });
}

} // namespace jollyjet::test::wire
