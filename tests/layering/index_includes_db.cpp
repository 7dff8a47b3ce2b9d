// Must compile: the indexer sits above core/db. The control for release_includes_db.cpp.
#include "sqlitedb.h"
