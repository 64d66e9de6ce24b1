#include "BsonValue.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include <Poco/MongoDB/Binary.h>
#include <Poco/MongoDB/JavaScriptCode.h>
#include <Poco/MongoDB/ObjectId.h>
#include <Poco/MongoDB/RegularExpression.h>
#include <Poco/Timestamp.h>

namespace jollyjet::test::wire {

using mongo::as;
using mongo::elementsOf;
using Poco::MongoDB::ConcreteElement;
using Poco::MongoDB::ElementTraits;

namespace {

template <class T>
int cmp(const T& a, const T& b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

int compareNumbers(const Element::Ptr& a, const Element::Ptr& b) {
    // Compare exactly when both are integers: doubles lose precision above 2^53.
    const auto* ai = as<Poco::Int64>(a);
    const auto* bi = as<Poco::Int64>(b);
    const auto* a32 = as<Poco::Int32>(a);
    const auto* b32 = as<Poco::Int32>(b);
    if ((ai || a32) && (bi || b32)) {
        const long long x = ai ? ai->value() : a32->value();
        const long long y = bi ? bi->value() : b32->value();
        return cmp(x, y);
    }
    const double x = *numberOf(a);
    const double y = *numberOf(b);
    // MongoDB sorts NaN below every other number.
    if (std::isnan(x) || std::isnan(y)) return std::isnan(x) ? (std::isnan(y) ? 0 : -1) : 1;
    return cmp(static_cast<long double>(x), static_cast<long double>(y));
}

int compareDocuments(const Document& a, const Document& b, bool compareNames) {
    const auto ea = elementsOf(a);
    const auto eb = elementsOf(b);
    for (std::size_t i = 0; i < ea.size() && i < eb.size(); ++i) {
        if (int r = cmp(typeRankOf(ea[i]), typeRankOf(eb[i]))) return r;
        if (compareNames) {
            if (int r = ea[i]->name().compare(eb[i]->name())) return r < 0 ? -1 : 1;
        }
        if (int r = compareValues(ea[i], eb[i])) return r;
    }
    return cmp(ea.size(), eb.size());
}

} // namespace

int typeRank(int type) {
    switch (type) {
    case 0xFF: return 1;                                   // MinKey
    case 0x0A: case 0x06: return 2;                        // null, undefined
    case 0x01: case 0x10: case 0x12: case 0x13: return 3;  // numbers
    case 0x02: case 0x0E: return 4;                        // string, symbol
    case 0x03: return 5;
    case 0x04: return 6;
    case 0x05: return 7;
    case 0x07: return 8;
    case 0x08: return 9;
    case 0x09: return 10;
    case 0x11: return 11;
    case 0x0B: return 12;
    case 0x7F: return 100;                                 // MaxKey
    default: return 50;                                    // code and the rest
    }
}

int typeRankOf(const Element::Ptr& element) { return element.isNull() ? 2 : typeRank(element->type()); }

bool isArray(const Element::Ptr& e) { return !e.isNull() && e->type() == ElementTraits<Array::Ptr>::TypeId; }
bool isDocument(const Element::Ptr& e) { return !e.isNull() && e->type() == ElementTraits<Document::Ptr>::TypeId; }
bool isNumber(const Element::Ptr& e) { return numberOf(e).has_value(); }
bool isNull(const Element::Ptr& e) { return !e.isNull() && e->type() == ElementTraits<Poco::MongoDB::NullValue>::TypeId; }

std::optional<double> numberOf(const Element::Ptr& e) {
    if (const auto* d = as<double>(e)) return d->value();
    if (const auto* i = as<Poco::Int32>(e)) return i->value();
    if (const auto* l = as<Poco::Int64>(e)) return static_cast<double>(l->value());
    return std::nullopt;
}

Document::Ptr containerOf(const Element::Ptr& e) {
    if (const auto* d = as<Document::Ptr>(e)) return d->value();
    if (const auto* a = as<Array::Ptr>(e)) return a->value();
    return nullptr;
}

int compareValues(const Element::Ptr& a, const Element::Ptr& b) {
    if (int r = cmp(typeRankOf(a), typeRankOf(b))) return r;
    if (a.isNull() || b.isNull() || isNull(a) || isNull(b)) return 0;
    switch (typeRankOf(a)) {
    case 3: return compareNumbers(a, b);
    case 4: {
        const int r = as<std::string>(a)->value().compare(as<std::string>(b)->value());
        return r < 0 ? -1 : (r > 0 ? 1 : 0);
    }
    case 5: return compareDocuments(*containerOf(a), *containerOf(b), true);
    case 6: return compareDocuments(*containerOf(a), *containerOf(b), false);
    case 7: {
        auto x = as<Poco::MongoDB::Binary::Ptr>(a)->value();
        auto y = as<Poco::MongoDB::Binary::Ptr>(b)->value();
        if (int r = cmp(x->buffer().size(), y->buffer().size())) return r;
        if (int r = cmp(x->subtype(), y->subtype())) return r;
        const int r = std::memcmp(x->buffer().begin(), y->buffer().begin(), x->buffer().size());
        return r < 0 ? -1 : (r > 0 ? 1 : 0);
    }
    case 8: return cmp(as<Poco::MongoDB::ObjectId::Ptr>(a)->value()->toString(),
                       as<Poco::MongoDB::ObjectId::Ptr>(b)->value()->toString());
    case 9: return cmp(as<bool>(a)->value(), as<bool>(b)->value());
    case 10: return cmp(as<Poco::Timestamp>(a)->value(), as<Poco::Timestamp>(b)->value());
    case 12: {
        auto x = as<Poco::MongoDB::RegularExpression::Ptr>(a)->value();
        auto y = as<Poco::MongoDB::RegularExpression::Ptr>(b)->value();
        if (int r = cmp(x->getPattern(), y->getPattern())) return r;
        return cmp(x->getOptions(), y->getOptions());
    }
    default: return cmp(a->toString(), b->toString());
    }
}

bool equalValues(const Element::Ptr& a, const Element::Ptr& b) { return compareValues(a, b) == 0; }

Element::Ptr renamed(const Element::Ptr& e, const std::string& name) {
    if (e->name() == name) return e;
    switch (e->type()) {
    case 0x01: return new ConcreteElement<double>(name, as<double>(e)->value());
    case 0x02: return new ConcreteElement<std::string>(name, as<std::string>(e)->value());
    case 0x03: return new ConcreteElement<Document::Ptr>(name, as<Document::Ptr>(e)->value());
    case 0x04: return new ConcreteElement<Array::Ptr>(name, as<Array::Ptr>(e)->value());
    case 0x05: return new ConcreteElement<Poco::MongoDB::Binary::Ptr>(name, as<Poco::MongoDB::Binary::Ptr>(e)->value());
    case 0x07:
        return new ConcreteElement<Poco::MongoDB::ObjectId::Ptr>(name, as<Poco::MongoDB::ObjectId::Ptr>(e)->value());
    case 0x08: return new ConcreteElement<bool>(name, as<bool>(e)->value());
    case 0x09: return new ConcreteElement<Poco::Timestamp>(name, as<Poco::Timestamp>(e)->value());
    case 0x0A: return new ConcreteElement<Poco::MongoDB::NullValue>(name, Poco::MongoDB::NullValue(0));
    case 0x0B:
        return new ConcreteElement<Poco::MongoDB::RegularExpression::Ptr>(
            name, as<Poco::MongoDB::RegularExpression::Ptr>(e)->value());
    case 0x0D:
        return new ConcreteElement<Poco::MongoDB::JavaScriptCode::Ptr>(
            name, as<Poco::MongoDB::JavaScriptCode::Ptr>(e)->value());
    case 0x10: return new ConcreteElement<Poco::Int32>(name, as<Poco::Int32>(e)->value());
    case 0x11: return new ConcreteElement<Poco::MongoDB::BSONTimestamp>(name, as<Poco::MongoDB::BSONTimestamp>(e)->value());
    case 0x12: return new ConcreteElement<Poco::Int64>(name, as<Poco::Int64>(e)->value());
    default: throw std::invalid_argument("cannot copy BSON type " + std::to_string(e->type()));
    }
}

std::vector<Element::Ptr> valuesAt(const Document& document, std::string_view path) {
    const auto dot = path.find('.');
    const std::string head(path.substr(0, dot));
    const Element::Ptr element = document.get(head);
    if (element.isNull()) return {};
    if (dot == std::string_view::npos) return {element};
    const std::string_view rest = path.substr(dot + 1);
    std::vector<Element::Ptr> out;
    if (isDocument(element)) return valuesAt(*containerOf(element), rest);
    if (isArray(element)) {
        const Document::Ptr array = containerOf(element);
        // "a.0.b": a numeric segment indexes the array; otherwise look inside each element.
        const auto next = rest.substr(0, rest.find('.'));
        if (!next.empty() && next.find_first_not_of("0123456789") == std::string_view::npos) {
            auto indexed = valuesAt(*array, rest);
            out.insert(out.end(), indexed.begin(), indexed.end());
        }
        for (const auto& item : elementsOf(*array)) {
            if (isDocument(item)) {
                auto inner = valuesAt(*containerOf(item), rest);
                out.insert(out.end(), inner.begin(), inner.end());
            }
        }
    }
    return out;
}

Element::Ptr elementAt(const Document& document, std::string_view path) {
    const auto dot = path.find('.');
    const Element::Ptr element = document.get(std::string(path.substr(0, dot)));
    if (element.isNull() || dot == std::string_view::npos) return element;
    const Document::Ptr inner = containerOf(element);
    return inner.isNull() ? nullptr : elementAt(*inner, path.substr(dot + 1));
}

Document::Ptr withField(const Document& document, std::string_view path, const Element::Ptr& value) {
    const auto dot = path.find('.');
    const std::string head(path.substr(0, dot));
    Element::Ptr replacement;
    if (dot == std::string_view::npos) {
        replacement = value.isNull() ? nullptr : renamed(value, head);
    } else {
        const Element::Ptr existing = document.get(head);
        Document::Ptr inner;
        if (existing.isNull()) {
            if (value.isNull()) return shallowCopy(document); // removing below a missing field
            inner = mongo::makeDocument();
        } else if (isDocument(existing)) {
            inner = containerOf(existing);
        } else {
            throw std::invalid_argument("Cannot create field '" + std::string(path.substr(dot + 1)) + "' in element {" +
                                        head + ": " + existing->toString() + "}");
        }
        replacement = new ConcreteElement<Document::Ptr>(head, withField(*inner, path.substr(dot + 1), value));
    }
    Document::Ptr out = mongo::makeDocument();
    bool placed = false;
    for (const auto& e : elementsOf(document)) {
        if (e->name() == head) {
            placed = true;
            if (!replacement.isNull()) out->addElement(replacement);
        } else {
            out->addElement(e);
        }
    }
    if (!placed && !replacement.isNull()) out->addElement(replacement);
    return out;
}

std::string bytesOf(const Document& document) { return mongo::encode(document); }

Document::Ptr shallowCopy(const Document& document) {
    Document::Ptr out = mongo::makeDocument();
    for (const auto& e : elementsOf(document)) out->addElement(e);
    return out;
}

Element::Ptr makeInteger(const std::string& name, long long value) {
    if (value >= std::numeric_limits<Poco::Int32>::min() && value <= std::numeric_limits<Poco::Int32>::max())
        return new ConcreteElement<Poco::Int32>(name, static_cast<Poco::Int32>(value));
    return new ConcreteElement<Poco::Int64>(name, static_cast<Poco::Int64>(value));
}

} // namespace jollyjet::test::wire
