#include "classmap.h"

#include "catalog.h"
#include "similarityindex.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cstring>

namespace audioset {

namespace {

// Every `step`-th of `rows` so that at most `limit` remain.
std::vector<uint32_t> evenSample(const std::vector<uint32_t> &rows, size_t limit) {
    if (rows.size() <= limit) return rows;
    std::vector<uint32_t> sample;
    sample.reserve(limit);
    for (size_t i = 0; i < limit; ++i)
        sample.push_back(rows[i * rows.size() / limit]);
    return sample;
}

} // namespace

Outcome mapClass(Catalog &catalog, const SimilarityIndex &index, const std::string &classMid,
                 Split split, size_t maxPoints, const ProgressCallback &progress, ClassMap &out) {
    const auto classId = catalog.classIdOf(classMid);
    if (!classId) return Outcome::failed("no class " + classMid + " in this index");
    const VectorSet &vectors = index.vectors();
    const std::vector<bool> carries = index.rowsCarrying(catalog, *classId, split);
    std::vector<uint32_t> inClass, others;
    for (size_t row = 0; row < vectors.size(); ++row)
        if (vectors.row(row).split() == split)
            (carries[row] ? inClass : others).push_back(static_cast<uint32_t>(row));
    if (inClass.empty())
        return Outcome::failed(classMid + " has no segments with embeddings in " +
                               std::string(splitName(split)));
    inClass = evenSample(inClass, maxPoints / 2);
    others = evenSample(others, maxPoints - inClass.size());
    std::vector<uint32_t> rows = inClass;
    rows.insert(rows.end(), others.begin(), others.end());

    // PCA: the covariance of the shown points, its two leading eigenvectors.
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(kVectorDims);
    Eigen::MatrixXd scatter = Eigen::MatrixXd::Zero(kVectorDims, kVectorDims);
    Eigen::VectorXd v(kVectorDims);
    const std::string phase = "projecting " + classMid;
    for (size_t i = 0; i < rows.size(); ++i) {
        vectors.vector(rows[i], v.data());
        mean += v;
        scatter.selfadjointView<Eigen::Lower>().rankUpdate(v);
        if (i % 65536 == 0 && progress &&
            !progress(Progress{phase, uint64_t(i), uint64_t(rows.size()) * 2}))
            return Outcome::cancelled("cancelled");
    }
    const double n = double(rows.size());
    mean /= n;
    Eigen::MatrixXd covariance = scatter.selfadjointView<Eigen::Lower>();
    covariance = covariance / n - mean * mean.transpose();
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    if (solver.info() != Eigen::Success) return Outcome::failed("the projection did not converge");
    // Eigenvalues come in ascending order.
    const Eigen::VectorXd first = solver.eigenvectors().col(kVectorDims - 1);
    const Eigen::VectorXd second = solver.eigenvectors().col(kVectorDims - 2);
    const double total = solver.eigenvalues().sum();
    out = ClassMap{};
    out.classMid = classMid;
    out.split = split;
    out.explained =
        total > 0
            ? (solver.eigenvalues()(kVectorDims - 1) + solver.eigenvalues()(kVectorDims - 2)) /
                  total
            : 0;
    out.points.resize(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        vectors.vector(rows[i], v.data());
        v -= mean;
        ClassMap::Point &p = out.points[i];
        p.x = float(first.dot(v));
        p.y = float(second.dot(v));
        p.segmentId = vectors.row(rows[i]).segmentId;
        p.carries = i < inClass.size();
    }
    // Ids and start times for hovering, read in segment order (the points' order is free).
    std::sort(out.points.begin(), out.points.end(),
              [](const ClassMap::Point &a, const ClassMap::Point &b) {
                  return a.segmentId < b.segmentId;
              });
    std::vector<uint32_t> ids;
    ids.reserve(out.points.size());
    for (const auto &p : out.points)
        ids.push_back(p.segmentId);
    size_t next = 0;
    bool stopped = false;
    catalog.forEachSegment(ids, [&](const SegmentRow &row) {
        while (next < out.points.size() && out.points[next].segmentId < row.id)
            ++next;
        if (next < out.points.size() && out.points[next].segmentId == row.id) {
            ClassMap::Point &p = out.points[next];
            std::memcpy(p.ytid.data(), row.ytid.data(), std::min(row.ytid.size(), p.ytid.size()));
            p.startMs = row.startMs;
        }
        if (next % 65536 == 0 && progress &&
            !progress(Progress{phase, rows.size() + next, uint64_t(rows.size()) * 2}))
            stopped = true;
        return !stopped;
    });
    if (stopped) return Outcome::cancelled("cancelled");
    return Outcome::ok(std::to_string(out.points.size()) + " segments mapped");
}

} // namespace audioset
