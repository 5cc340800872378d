// The canonical order and text of an organisation: what load() returns, what
// tests compare, and the basis for byte-identical exports.
#pragma once

#include <string>

#include "organisation/model.hpp"

namespace ploeg::organisation {

// Sorts every list by its natural key (byte order, as every backend and
// locale would not agree on a collation). Accountabilities keep their order.
void sort_canonically(Organisation& organisation);

// One line per record, fields separated by '|', in the order it is given.
std::string to_text(const Organisation& organisation);

}  // namespace ploeg::organisation
