#include "reviewstats.h"

#include <set>
#include <tuple>

namespace audioset {

std::optional<Verdict> consensusOf(const std::vector<Verdict> &verdicts) {
    int64_t present = 0, absent = 0, unsure = 0;
    for (Verdict verdict : verdicts) {
        present += verdict == Verdict::Present;
        absent += verdict == Verdict::Absent;
        unsure += verdict == Verdict::Unsure;
    }
    if (unsure > present + absent || present == absent) return std::nullopt;
    return present > absent ? Verdict::Present : Verdict::Absent;
}

std::optional<double> cohensKappa(const std::vector<std::pair<Verdict, Verdict>> &pairs) {
    if (pairs.empty()) return std::nullopt;
    const Verdict kinds[] = {Verdict::Present, Verdict::Absent, Verdict::Unsure};
    const double n = static_cast<double>(pairs.size());
    double agreed = 0, chance = 0;
    for (const auto &[a, b] : pairs)
        agreed += a == b;
    for (Verdict kind : kinds) {
        double first = 0, second = 0;
        for (const auto &[a, b] : pairs) {
            first += a == kind;
            second += b == kind;
        }
        chance += (first / n) * (second / n);
    }
    const double observed = agreed / n;
    if (chance >= 1.0) return std::nullopt;
    return (observed - chance) / (1.0 - chance);
}

namespace {

bool intervalsApart(const QualityAssessment &a, const QualityAssessment &b) {
    const auto first = a.wilson95(), second = b.wilson95();
    return first && second && (first->second < second->first || second->second < first->first);
}

void addAgreements(const std::map<JudgedLabel, std::map<std::string, Verdict>> &byLabel,
                   ReviewSummary &summary) {
    for (size_t i = 0; i < summary.reviewers.size(); ++i)
        for (size_t j = i + 1; j < summary.reviewers.size(); ++j) {
            const std::string &a = summary.reviewers[i], &b = summary.reviewers[j];
            std::vector<std::pair<Verdict, Verdict>> pairs;
            for (const auto &[label, verdicts] : byLabel) {
                const auto first = verdicts.find(a), second = verdicts.find(b);
                if (first != verdicts.end() && second != verdicts.end())
                    pairs.emplace_back(first->second, second->second);
            }
            if (pairs.empty()) continue;
            ReviewerAgreement agreement{a, b, static_cast<int64_t>(pairs.size()), 0,
                                        cohensKappa(pairs)};
            int64_t same = 0;
            for (const auto &[x, y] : pairs)
                same += x == y;
            agreement.percentAgreement =
                100.0 * static_cast<double>(same) / static_cast<double>(pairs.size());
            summary.agreements.push_back(std::move(agreement));
        }
}

} // namespace

ReviewSummary summarizeReviews(const std::vector<VerdictRecord> &latest,
                               const std::map<std::string, QualityAssessment> &official) {
    ReviewSummary summary;
    std::map<JudgedLabel, std::map<std::string, Verdict>> byLabel;
    std::set<std::string> reviewers;
    for (const VerdictRecord &record : latest) {
        if (record.verdict == Verdict::Cleared) continue;
        byLabel[record.label][record.reviewer] = record.verdict;
        reviewers.insert(record.reviewer);
    }
    summary.reviewers.assign(reviewers.begin(), reviewers.end());

    std::map<std::pair<std::string, Split>, ClassReview> classes;
    for (const auto &[label, verdicts] : byLabel) {
        ClassReview &review = classes[{label.classMid, label.split}];
        review.classMid = label.classMid;
        review.split = label.split;
        std::vector<Verdict> given;
        for (const auto &[reviewer, verdict] : verdicts)
            given.push_back(verdict);
        ++review.judged;
        const auto consensus = consensusOf(given);
        review.present += consensus == Verdict::Present;
        review.absent += consensus == Verdict::Absent;
        review.unsure += !consensus;
    }
    for (auto &[key, review] : classes) {
        review.reviewed = QualityAssessment{review.present + review.absent, review.present};
        if (const auto it = official.find(review.classMid); it != official.end())
            review.official = it->second;
        review.disagrees = review.official && intervalsApart(review.reviewed, *review.official);
        summary.classes.push_back(review);
    }
    addAgreements(byLabel, summary);
    return summary;
}

} // namespace audioset
