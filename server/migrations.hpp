// The database schema as numbered migrations, each applied once and recorded in schema_migrations.
#pragma once

#include "sqlite_database.hpp"

namespace umuhanda {

// Applies every migration the database has not recorded yet, each in its own transaction.
// Returns the schema version now in force.
Expected<int> migrate(Database& db);

}  // namespace umuhanda
