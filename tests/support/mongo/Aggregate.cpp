#include <map>

#include "CommandSupport.h"
#include "Matcher.h"
#include "Projection.h"

namespace jollyjet::test::wire {

using mongo::elementsOf;

namespace {

// "$field" -> the value at that path; anything else is a constant.
Element::Ptr evaluate(const Element::Ptr& expression, const Document& document, const std::string& name) {
    if (const auto* s = mongo::as<std::string>(expression); s && !s->value().empty() && s->value()[0] == '$') {
        const Element::Ptr v = elementAt(document, s->value().substr(1));
        return v.isNull() ? nullptr : renamed(v, name);
    }
    if (isDocument(expression) && !containerOf(expression)->empty() &&
        elementsOf(*containerOf(expression)).front()->name()[0] == '$')
        throw CommandFailure(168, "InvalidPipelineOperator", "expression operators are not supported by the wire test server");
    return renamed(expression, name);
}

struct Accumulator {
    std::string name;
    std::string op;
    Element::Ptr argument;
    // state
    double sum = 0;
    long long intSum = 0;
    bool sawDouble = false;
    long long count = 0;
    Element::Ptr best;

    void add(const Document& document) {
        const Element::Ptr v = evaluate(argument, document, name);
        if (op == "$sum" || op == "$avg") {
            if (v.isNull() || !isNumber(v)) return;
            ++count;
            if (mongo::as<double>(v)) sawDouble = true;
            sum += *numberOf(v);
            if (const auto i = mongo::integerOf(v)) intSum += *i;
        } else if (op == "$min" || op == "$max") {
            if (v.isNull() || isNull(v)) return;
            if (best.isNull() || (op == "$min" ? compareValues(v, best) < 0 : compareValues(v, best) > 0)) best = v;
        } else if (op == "$first") {
            if (count++ == 0) best = v;
        } else if (op == "$last") {
            best = v;
        }
    }

    Element::Ptr result() const {
        if (op == "$sum") {
            if (sawDouble) return new Poco::MongoDB::ConcreteElement<double>(name, sum);
            return makeInteger(name, intSum);
        }
        if (op == "$avg") {
            if (count == 0) return new Poco::MongoDB::ConcreteElement<Poco::MongoDB::NullValue>(name, Poco::MongoDB::NullValue(0));
            return new Poco::MongoDB::ConcreteElement<double>(name, sum / static_cast<double>(count));
        }
        if (best.isNull()) return new Poco::MongoDB::ConcreteElement<Poco::MongoDB::NullValue>(name, Poco::MongoDB::NullValue(0));
        return renamed(best, name);
    }
};

std::vector<Document::Ptr> group(const std::vector<Document::Ptr>& input, const Document& spec) {
    const Element::Ptr idExpression = spec.get("_id");
    if (idExpression.isNull()) throw CommandFailure(15955, "Location15955", "a group specification must include an _id");
    std::vector<Accumulator> prototypes;
    for (const auto& e : elementsOf(spec)) {
        if (e->name() == "_id") continue;
        const auto ops = isDocument(e) ? elementsOf(*containerOf(e)) : std::vector<Element::Ptr>{};
        if (ops.size() != 1)
            throw CommandFailure(40234, "Location40234", "The field '" + e->name() + "' must be an accumulator object");
        const std::string op = ops.front()->name();
        if (op != "$sum" && op != "$avg" && op != "$min" && op != "$max" && op != "$first" && op != "$last")
            throw CommandFailure(15952, "Location15952", "unknown group operator '" + op + "'");
        Accumulator accumulator;
        accumulator.name = e->name();
        accumulator.op = op;
        accumulator.argument = ops.front();
        prototypes.push_back(accumulator);
    }
    std::vector<std::pair<Element::Ptr, std::vector<Accumulator>>> groups; // in first-seen order
    for (const auto& document : input) {
        Element::Ptr key = evaluate(idExpression, *document, "_id");
        if (key.isNull()) key = new Poco::MongoDB::ConcreteElement<Poco::MongoDB::NullValue>("_id", Poco::MongoDB::NullValue(0));
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return equalValues(g.first, key); });
        if (it == groups.end()) {
            groups.emplace_back(key, prototypes);
            it = std::prev(groups.end());
        }
        for (auto& acc : it->second) acc.add(*document);
    }
    std::vector<Document::Ptr> out;
    for (const auto& [key, accumulators] : groups) {
        Document::Ptr d = mongo::makeDocument();
        d->addElement(key);
        for (const auto& acc : accumulators) d->addElement(acc.result());
        out.push_back(d);
    }
    return out;
}

} // namespace

Document::Ptr aggregateCommand(WireStore& store, const Document& command, const std::string& db) {
    const std::string ns = namespaceOf(command, db);
    const auto pipeline = documentsArg(command, "pipeline");
    const Document::Ptr cursor = documentArg(command, "cursor");
    if (cursor.isNull())
        throw CommandFailure(9, "FailedToParse", "The 'cursor' option is required, except for aggregate with the explain argument");
    std::vector<Document::Ptr> docs;
    if (const CollectionData* data = store.find(ns)) docs = data->documents;
    for (const auto& stage : pipeline) {
        const auto elements = elementsOf(*stage);
        if (elements.size() != 1)
            throw CommandFailure(40323, "Location40323", "A pipeline stage specification object must contain exactly one field.");
        const Element::Ptr spec = elements.front();
        const std::string& name = spec->name();
        if (name == "$match") {
            if (!isDocument(spec)) throw CommandFailure(15959, "Location15959", "the match filter must be an expression in an object");
            std::vector<Document::Ptr> kept;
            for (const auto& d : docs)
                if (matches(*d, *containerOf(spec))) kept.push_back(d);
            docs.swap(kept);
        } else if (name == "$sort") {
            if (!isDocument(spec)) throw CommandFailure(15973, "Location15973", "the $sort key specification must be an object");
            sortDocuments(docs, *containerOf(spec));
        } else if (name == "$skip" || name == "$limit") {
            const auto n = mongo::integerOf(spec);
            if (!n || *n < 0 || (name == "$limit" && *n == 0))
                throw CommandFailure(15956, "Location15956", name + " needs a positive number");
            if (name == "$skip") docs.erase(docs.begin(), docs.begin() + std::min<long long>(*n, static_cast<long long>(docs.size())));
            else if (static_cast<long long>(docs.size()) > *n) docs.resize(static_cast<std::size_t>(*n));
        } else if (name == "$count") {
            const auto* field = mongo::as<std::string>(spec);
            if (field == nullptr || field->value().empty() || field->value()[0] == '$')
                throw CommandFailure(40156, "Location40156", "the count field must be a non-empty string not starting with $");
            const auto n = static_cast<long long>(docs.size());
            docs.clear();
            if (n > 0) {
                Document::Ptr d = mongo::makeDocument();
                d->addElement(makeInteger(field->value(), n));
                docs.push_back(d);
            }
        } else if (name == "$group") {
            if (!isDocument(spec)) throw CommandFailure(15947, "Location15947", "a group's fields must be specified in an object");
            docs = group(docs, *containerOf(spec));
        } else if (name == "$project") {
            if (!isDocument(spec)) throw CommandFailure(15969, "Location15969", "$project specification must be an object");
            for (auto& d : docs) d = project(*d, *containerOf(spec));
        } else {
            throw CommandFailure(40324, "Location40324", "Unrecognized pipeline stage name: '" + name + "'");
        }
    }
    return firstBatchReply(store, ns, std::move(docs), batchSizeArg(*cursor), false);
}

} // namespace jollyjet::test::wire
