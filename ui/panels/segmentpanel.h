#pragma once

#include "catalog.h"

#include <QWidget>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QTableView;

namespace audioset::ui {

class SegmentTableModel;

/// The segments of the selected class in a table that loads lazily, with the split, rollup and
/// rerated filters. Arrows walk the rows; Enter moves to the next one.
class SegmentPanel : public QWidget {
    Q_OBJECT
public:
    SegmentPanel(SegmentTableModel *model, QWidget *parent = nullptr);

    void setClass(const QString &mid);
    /// The split for per-split views (co-occurrence); "all" maps to the largest split present.
    std::optional<Split> split() const;
    void setSplit(std::optional<Split> split);
    bool rollup() const;
    void setRollup(bool rollup);
    /// Shows the Audio column and filter (once a scan found local audio for the index).
    void setAudioAvailable(bool available);
    QTableView *view() const { return m_view; }
    /// The header as saved (sort order); the widths are fitted to the table again.
    void restoreColumns(const QByteArray &state);
    /// The selected row, when it is loaded.
    const SegmentRow *currentSegment() const;
    /// The selected row, -1 for none.
    int currentRow() const;
    void selectRow(int row);

Q_SIGNALS:
    void segmentSelected(const audioset::SegmentRow &row);
    void selectionCleared();
    void filtersChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // Runs the filters' query; `keepRow` >= 0 selects that row again once the rows arrive
    // (for a query whose rows are the same), instead of clearing the selection.
    void requery(int keepRow = -1);
    void reportCurrent();
    void fitColumns();
    int columnWidth(int column, bool compact) const;

    SegmentTableModel *m_model;
    QString m_mid;
    QComboBox *m_split;
    QCheckBox *m_rollup;
    QComboBox *m_rerated;
    QComboBox *m_embedding;
    QComboBox *m_audio;
    bool m_audioAvailable = false;
    QLabel *m_status;
    QTableView *m_view;
    qint64 m_reportedId = -1;
    int m_keepRow = -1;
    std::optional<bool> m_compact; // the widths fitColumns last chose
};

} // namespace audioset::ui
