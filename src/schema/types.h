#ifndef RUNWARDEN_SCHEMA_TYPES_H_
#define RUNWARDEN_SCHEMA_TYPES_H_

#include <string>
#include <string_view>

#include "sql/tree.h"

namespace runwarden::schema {

/// The name PostgreSQL's format_type() prints for a libpg_query TypeName
/// node: pg_catalog.int8 -> "bigint", varchar(40) -> "character varying(40)",
/// timestamptz -> "timestamp with time zone", text[] -> "text[]", a user
/// type -> "public.mood" (schema-qualified when the DDL qualified it, else as
/// written). serial types come out as their integer type.
std::string FormatTypeName(sql::Node type_name);

/// True for smallserial, serial, bigserial (and serial2/4/8): columns of
/// these types are NOT NULL with a sequence default.
bool IsSerialType(sql::Node type_name);

/// Normalises a type name written as text ("int8", "varchar(10)",
/// "TIMESTAMPTZ") to format_type()'s spelling; unknown names are returned
/// lower-cased.
std::string NormalizeTypeName(std::string_view text);

}  // namespace runwarden::schema

#endif  // RUNWARDEN_SCHEMA_TYPES_H_
