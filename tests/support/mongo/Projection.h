#pragma once

#include <vector>

#include "BsonValue.h"

namespace jollyjet::test::wire {

/// A find projection: inclusion ({a: 1, b: 1}, _id kept unless {_id: 0}) or
/// exclusion ({a: 0}); mixing both outside _id fails with MongoDB's code 31254.
Document::Ptr project(const Document& document, const Document& projection);

/// A sort specification ({a: 1, b: -1}): MongoDB's order across types, arrays sort by
/// their smallest (ascending) or largest (descending) element, ties keep insertion order.
void sortDocuments(std::vector<Document::Ptr>& documents, const Document& sort);

} // namespace jollyjet::test::wire
