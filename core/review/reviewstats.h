#pragma once

#include "quality.h"
#include "verdict.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace audioset {

/// The consensus of several reviewers' latest verdicts on one label: the majority of their
/// present / absent verdicts; a tie, or more unsure verdicts than the other two together, gives
/// none.
std::optional<Verdict> consensusOf(const std::vector<Verdict> &verdicts);

/// Cohen's kappa of two reviewers' verdicts on the same labels (present / absent / unsure);
/// nothing when chance agreement is total (kappa is undefined there).
std::optional<double> cohensKappa(const std::vector<std::pair<Verdict, Verdict>> &pairs);

/// One class in one split, as reviewed.
struct ClassReview {
    std::string classMid;
    Split split = Split::Eval;
    int64_t judged = 0;  // labels with a verdict of anyone
    int64_t present = 0; // by consensus (one reviewer: their verdicts)
    int64_t absent = 0;
    int64_t unsure = 0;         // judged, but no consensus present or absent
    QualityAssessment reviewed; // rated = present + absent, trueCount = present
    std::optional<QualityAssessment> official;
    /// Both Wilson 95% intervals exist and do not overlap.
    bool disagrees = false;
};

/// How two reviewers agree over the labels both judged.
struct ReviewerAgreement {
    std::string first, second;
    int64_t common = 0;
    double percentAgreement = 0; // 0-100
    std::optional<double> kappa;
};

struct ReviewSummary {
    std::vector<std::string> reviewers;
    std::vector<ClassReview> classes; // by class id text, then split
    std::vector<ReviewerAgreement> agreements;
};

/// Summarises each reviewer's latest verdicts against the official estimates (by class id).
ReviewSummary summarizeReviews(const std::vector<VerdictRecord> &latest,
                               const std::map<std::string, QualityAssessment> &official);

} // namespace audioset
