#pragma once

#include "split.h"

#include <QString>

namespace audioset::ui {

/// A split's name for people: "eval", "balanced train", "unbalanced train", or in tables the
/// short "eval", "balanced", "unbalanced".
QString splitDisplayName(Split split, bool shortForm = false);
/// The shortest name, for narrow cells and chart axes: "eval", "bal.", "unbal.".
QString splitAbbreviation(Split split);
/// A split's name in menus and choosers: "Eval", "Balanced train", "Unbalanced train".
QString splitMenuName(Split split);
/// A split's column title in count tables: "Eval", "Balanced", "Unbal.".
QString splitColumnTitle(Split split);

} // namespace audioset::ui
