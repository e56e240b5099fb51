// The JSON shapes of world records, keyed by the schema's field names. Resolvers return
// these; the executor keeps only the fields a query selects.
#pragma once

#include "sandbox/world/world.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace numerapi::sandbox::api {

boost::json::object round_json(const world& w, const round_record& r);
boost::json::object submission_json(const world& w, const submission_record& s);
boost::json::object model_json(const world& w, const model_record& m);

} // namespace numerapi::sandbox::api
