#ifndef RUNWARDEN_SCHEMA_DUMP_H_
#define RUNWARDEN_SCHEMA_DUMP_H_

#include <string>

#include "schema/schema.h"

namespace runwarden::schema {

/// The model as stable, readable text: every table with its columns, keys,
/// foreign keys, partitions, RLS switches, owner and policies, then views,
/// enums and roles, sorted by name. For golden tests and `scan --tables`.
std::string DumpSchema(const Schema& schema);

}  // namespace runwarden::schema

#endif  // RUNWARDEN_SCHEMA_DUMP_H_
