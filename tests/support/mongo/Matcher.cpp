#include "Matcher.h"

#include <functional>
#include <memory>

#include <Poco/MongoDB/RegularExpression.h>
#include <Poco/RegularExpression.h>

#include "CommandFailure.h"

namespace jollyjet::test::wire {

using mongo::as;
using mongo::elementsOf;

namespace {

using Predicate = std::function<bool(const Element::Ptr&)>;

// True when `predicate` holds for a value at the path, or for an element of an
// array value there. A missing field is offered as a null pointer.
bool anyValue(const std::vector<Element::Ptr>& values, const Predicate& predicate) {
    if (values.empty()) return predicate(nullptr);
    for (const auto& v : values) {
        if (predicate(v)) return true;
        if (isArray(v)) {
            for (const auto& item : elementsOf(*containerOf(v)))
                if (predicate(item)) return true;
        }
    }
    return false;
}

int regexOptions(const std::string& flags) {
    int options = Poco::RegularExpression::RE_UTF8;
    for (char f : flags) {
        switch (f) {
        case 'i': options |= Poco::RegularExpression::RE_CASELESS; break;
        case 'm': options |= Poco::RegularExpression::RE_MULTILINE; break;
        case 's': options |= Poco::RegularExpression::RE_DOTALL; break;
        case 'x': options |= Poco::RegularExpression::RE_EXTENDED; break;
        case 'u': break;
        default: throw CommandFailure(51108, "Location51108", std::string("invalid flag in regex options: ") + f);
        }
    }
    return options;
}

Predicate regexPredicate(const std::string& pattern, const std::string& flags) {
    std::shared_ptr<Poco::RegularExpression> re;
    try {
        re = std::make_shared<Poco::RegularExpression>(pattern, regexOptions(flags));
    } catch (const Poco::RegularExpressionException& e) {
        throw CommandFailure(51091, "Location51091", "Regular expression is invalid: " + e.message());
    }
    return [re](const Element::Ptr& v) {
        const auto* s = as<std::string>(v);
        if (s == nullptr) return false;
        Poco::RegularExpression::Match m;
        // match() with a Match searches; the overload without one anchors the pattern.
        return re->match(s->value(), 0, m) > 0;
    };
}

Predicate regexFromElement(const Element::Ptr& e) {
    const auto re = as<Poco::MongoDB::RegularExpression::Ptr>(e)->value();
    return regexPredicate(re->getPattern(), re->getOptions());
}

bool isRegex(const Element::Ptr& e) { return !e.isNull() && e->type() == 0x0B; }

Predicate equalTo(const Element::Ptr& operand) {
    if (isRegex(operand)) return regexFromElement(operand);
    return [operand](const Element::Ptr& v) { return equalValues(v, operand); };
}

Predicate inList(const Element::Ptr& operand, const char* op) {
    if (!isArray(operand)) throw badValue(std::string(op) + " needs an array");
    std::vector<Predicate> alternatives;
    for (const auto& item : elementsOf(*containerOf(operand))) alternatives.push_back(equalTo(item));
    return [alternatives](const Element::Ptr& v) {
        for (const auto& p : alternatives)
            if (p(v)) return true;
        return false;
    };
}

bool truthy(const Element::Ptr& e) {
    if (const auto* b = as<bool>(e)) return b->value();
    if (const auto n = numberOf(e)) return *n != 0;
    return !isNull(e) && !e.isNull();
}

bool matchField(const Document& document, const std::string& path, const Element::Ptr& condition);

bool matchOperator(const Document& document, const std::string& path, const std::vector<Element::Ptr>& values,
                   const Element::Ptr& op, const Document& all) {
    const std::string& name = op->name();
    const auto compare = [&](auto accept) {
        return anyValue(values, [&](const Element::Ptr& v) {
            if (typeRankOf(v) != typeRankOf(op)) return false;
            return accept(compareValues(v, op));
        });
    };
    if (name == "$eq") return anyValue(values, equalTo(op));
    if (name == "$ne") return !anyValue(values, equalTo(op));
    if (name == "$gt") return compare([](int c) { return c > 0; });
    if (name == "$gte") return compare([](int c) { return c >= 0; });
    if (name == "$lt") return compare([](int c) { return c < 0; });
    if (name == "$lte") return compare([](int c) { return c <= 0; });
    if (name == "$in") return anyValue(values, inList(op, "$in"));
    if (name == "$nin") return !anyValue(values, inList(op, "$nin"));
    if (name == "$exists") return truthy(op) == !values.empty();
    if (name == "$regex") {
        const std::string flags = all.get<std::string>("$options", "");
        if (isRegex(op)) {
            const auto re = as<Poco::MongoDB::RegularExpression::Ptr>(op)->value();
            return anyValue(values, regexPredicate(re->getPattern(), flags.empty() ? re->getOptions() : flags));
        }
        const auto* pattern = as<std::string>(op);
        if (pattern == nullptr) throw badValue("$regex has to be a string");
        return anyValue(values, regexPredicate(pattern->value(), flags));
    }
    if (name == "$options") {
        if (all.get("$regex").isNull()) throw badValue("$options needs a $regex");
        return true;
    }
    if (name == "$not") {
        if (isRegex(op)) return !anyValue(values, regexFromElement(op));
        if (!isDocument(op)) throw badValue("$not needs a regex or a document");
        return !matchField(document, path, op);
    }
    if (name == "$size") {
        const auto n = mongo::integerOf(op);
        if (!n) throw badValue("$size needs a number");
        for (const auto& v : values)
            if (isArray(v) && static_cast<long long>(containerOf(v)->size()) == *n) return true;
        return false;
    }
    if (name == "$all") {
        if (!isArray(op)) throw badValue("$all needs an array");
        const auto items = elementsOf(*containerOf(op));
        if (items.empty()) return false;
        for (const auto& item : items)
            if (!anyValue(values, equalTo(item))) return false;
        return true;
    }
    if (name == "$elemMatch") {
        if (!isDocument(op)) throw badValue("$elemMatch needs an Object");
        const Document::Ptr sub = containerOf(op);
        const auto subElements = elementsOf(*sub);
        const bool operatorForm = !subElements.empty() && subElements.front()->name()[0] == '$' &&
                                  subElements.front()->name() != "$and" && subElements.front()->name() != "$or";
        for (const auto& v : values) {
            if (!isArray(v)) continue;
            for (const auto& item : elementsOf(*containerOf(v))) {
                if (operatorForm) {
                    Document wrapper;
                    wrapper.addElement(renamed(item, "v"));
                    if (matchField(wrapper, "v", op)) return true;
                } else if (isDocument(item) && matches(*containerOf(item), *sub)) {
                    return true;
                }
            }
        }
        return false;
    }
    throw badValue("unknown operator: " + name);
}

bool isOperatorDocument(const Element::Ptr& condition) {
    if (!isDocument(condition)) return false;
    const auto elements = elementsOf(*containerOf(condition));
    return !elements.empty() && elements.front()->name()[0] == '$';
}

bool matchField(const Document& document, const std::string& path, const Element::Ptr& condition) {
    const auto values = valuesAt(document, path);
    if (!isOperatorDocument(condition)) return anyValue(values, equalTo(condition));
    const Document::Ptr ops = containerOf(condition);
    for (const auto& op : elementsOf(*ops))
        if (!matchOperator(document, path, values, op, *ops)) return false;
    return true;
}

std::vector<Document::Ptr> clauses(const Element::Ptr& e) {
    if (!isArray(e)) throw badValue(e->name() + " must be an array");
    auto docs = mongo::documentsOf(*containerOf(e));
    if (docs.empty() || docs.size() != containerOf(e)->size())
        throw badValue(e->name() + " argument must be a non-empty array of objects");
    return docs;
}

} // namespace

bool matches(const Document& document, const Document& filter) {
    for (const auto& e : elementsOf(filter)) {
        const std::string& name = e->name();
        if (name == "$and") {
            for (const auto& c : clauses(e))
                if (!matches(document, *c)) return false;
        } else if (name == "$or") {
            bool any = false;
            for (const auto& c : clauses(e)) any = any || matches(document, *c);
            if (!any) return false;
        } else if (name == "$nor") {
            for (const auto& c : clauses(e))
                if (matches(document, *c)) return false;
        } else if (name == "$comment") {
            continue;
        } else if (!name.empty() && name[0] == '$') {
            throw badValue("unknown top level operator: " + name);
        } else if (!matchField(document, name, e)) {
            return false;
        }
    }
    return true;
}

} // namespace jollyjet::test::wire
