// Must not compile: the release formats know nothing of SQLite (core/db is not below release).
#include "sqlitedb.h"
