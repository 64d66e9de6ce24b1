#include "Update.h"

#include <limits>
#include <stdexcept>

#include "CommandFailure.h"

namespace jollyjet::test::wire {

using mongo::as;
using mongo::elementsOf;

namespace {

Element::Ptr increment(const Element::Ptr& current, const Element::Ptr& by, const std::string& path) {
    if (!isNumber(by))
        throw CommandFailure(14, "TypeMismatch", "Cannot increment with non-numeric argument: {" + path + ": " +
                                                     by->toString() + "}");
    if (current.isNull()) return by;
    if (!isNumber(current))
        throw CommandFailure(14, "TypeMismatch",
                             "Cannot apply $inc to a value of non-numeric type. The field '" + path +
                                 "' has a non-numeric value");
    if (as<double>(current) || as<double>(by))
        return new Poco::MongoDB::ConcreteElement<double>(path, *numberOf(current) + *numberOf(by));
    const long long a = *mongo::integerOf(current);
    const long long b = *mongo::integerOf(by);
    long long sum = 0;
    if (__builtin_add_overflow(a, b, &sum))
        throw CommandFailure(2, "BadValue", "Failed to apply $inc operations to current value: integer overflow");
    const bool wide = as<Poco::Int64>(current) || as<Poco::Int64>(by) ||
                      sum > std::numeric_limits<Poco::Int32>::max() || sum < std::numeric_limits<Poco::Int32>::min();
    if (wide) return new Poco::MongoDB::ConcreteElement<Poco::Int64>(path, static_cast<Poco::Int64>(sum));
    return new Poco::MongoDB::ConcreteElement<Poco::Int32>(path, static_cast<Poco::Int32>(sum));
}

void refuseIdChange(const Document& before, const Document& after) {
    const Element::Ptr a = before.get("_id");
    const Element::Ptr b = after.get("_id");
    if (!a.isNull() && (b.isNull() || !equalValues(a, b) || a->type() != b->type()))
        throw CommandFailure(66, "ImmutableField",
                             "Performing an update on the path '_id' would modify the immutable field '_id'");
}

Document::Ptr setPath(const Document& doc, const std::string& path, const Element::Ptr& value) {
    try {
        return withField(doc, path, value);
    } catch (const std::invalid_argument& e) {
        throw CommandFailure(28, "PathNotViable", e.what());
    }
}

} // namespace

Document::Ptr applyUpdate(const Document& document, const Document& update, bool inserting) {
    const auto ops = elementsOf(update);
    if (ops.empty() || ops.front()->name().empty() || ops.front()->name()[0] != '$') {
        // Replacement: the new document keeps the old _id, first.
        for (const auto& e : ops)
            if (!e->name().empty() && e->name()[0] == '$')
                throw CommandFailure(2, "BadValue", "replacement document must not contain '$' fields: " + e->name());
        Document::Ptr out = mongo::makeDocument();
        const Element::Ptr id = document.get("_id");
        if (!id.isNull()) out->addElement(id);
        for (const auto& e : ops)
            if (e->name() != "_id") out->addElement(e);
        refuseIdChange(document, update.get("_id").isNull() ? *out : update);
        return out;
    }
    Document::Ptr out = shallowCopy(document);
    for (const auto& op : ops) {
        const std::string& name = op->name();
        if (!isDocument(op)) throw CommandFailure(9, "FailedToParse", "Modifiers operate on fields but we found type " +
                                                                          std::to_string(op->type()) + " instead");
        const auto fields = elementsOf(*containerOf(op));
        if (name == "$set" || (name == "$setOnInsert" && inserting)) {
            for (const auto& f : fields) out = setPath(*out, f->name(), f);
        } else if (name == "$setOnInsert") {
            continue;
        } else if (name == "$unset") {
            for (const auto& f : fields) out = setPath(*out, f->name(), nullptr);
        } else if (name == "$inc") {
            for (const auto& f : fields) out = setPath(*out, f->name(), increment(elementAt(*out, f->name()), f, f->name()));
        } else {
            throw CommandFailure(9, "FailedToParse", "Unknown modifier: " + name + ". Expected a valid update modifier");
        }
    }
    refuseIdChange(document, *out);
    return out;
}

} // namespace jollyjet::test::wire
