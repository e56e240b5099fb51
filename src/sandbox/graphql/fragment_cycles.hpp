// Fragments that spread themselves, directly or through other fragments, anywhere in their
// selections (the spec's "Fragment spreads must not form cycles", 5.5.2.2). The executor
// refuses such documents before it expands anything: expanded, a cycle never ends.
#pragma once

#include "sandbox/graphql/syntax.hpp"

#include <string>
#include <vector>

namespace numerapi::sandbox::graphql {

struct fragment_cycle {
    std::string fragment;         ///< the fragment spread within itself
    std::vector<std::string> via; ///< the fragments in between, in spread order; empty if direct
    location where;               ///< the spread that closes the cycle
};

/// Every spread that closes a cycle, in document order of the fragments. Spreads of
/// unknown fragments are ignored here (the executor reports them). For a fragment defined
/// twice, the first definition is the one followed.
std::vector<fragment_cycle> find_fragment_cycles(const document& doc);

} // namespace numerapi::sandbox::graphql
