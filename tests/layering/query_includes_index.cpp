// Must not compile: the catalog only reads; the indexer's headers are not below it.
#include "labelstatistics.h"
