#pragma once

#include <QImage>
#include <QString>
#include <QWidget>
#include <vector>

namespace audioset::ui {

/// Frames x 128 dimensions of VGGish values as a heatmap (viridis), with a legend in
/// dequantized units and a tooltip naming the second, dimension and value under the mouse.
class HeatmapWidget : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapWidget(QWidget *parent = nullptr);

    /// `values` are on the quantized scale (0-255), `rows` x `columns`, row-major.
    void setValues(std::vector<float> values, int rows, int columns, const QString &rowName);
    void clear(const QString &emptyText);

    QSize sizeHint() const override;
    // Frames (several rows) grow with the space given; a message or a single row does not.
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    QRect plotRect() const;
    QRect legendRect() const;

    std::vector<float> m_values;
    int m_rows = 0;
    int m_columns = 0;
    QString m_rowName;
    QString m_emptyText;
    QImage m_image;
};

} // namespace audioset::ui
