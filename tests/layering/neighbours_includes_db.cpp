// Must not compile: exact neighbour search is plain C++ over vectors; it knows no database.
#include "sqlitedb.h"
