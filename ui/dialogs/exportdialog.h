#pragma once

#include <atomic>
#include <memory>

#include "subsetexporter.h"
#include "subsetselection.h"

#include <QDialog>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTimer;

namespace audioset::ui {

class AsyncCatalog;
class ClassRuleList;
class OntologyModel;
class SelectionStore;
class SubsetPreviewModel;
struct ExportSettings;

/// Chooses a subset by classes and rules, shows live what it will write (segments and labels
/// per class and split, expected correct labels), saves selections by name, and exports with
/// progress and cancel.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(AsyncCatalog *catalog, OntologyModel *ontology, const QString &indexPath,
                 QWidget *parent = nullptr);
    ~ExportDialog() override;

    void addInclude(const QString &mid, bool withDescendants);
    void addExclude(const QString &mid, bool withDescendants);
    SubsetSelection selection() const;
    void setSelection(const SubsetSelection &selection);
    ExportOptions exportOptions() const;
    void setOutputFolder(const QString &folder);
    /// Replaces the included classes by `mid` with its descendants (the window's current class).
    void includeOnly(const QString &mid);
    /// The preview's summary line (for tests) and its model.
    QString summaryText() const;
    SubsetPreviewModel *previewModel() const { return m_preview; }
    bool isPreviewing() const { return m_previewing; }
    /// Starts the export (as the Export button does).
    void startExport();

Q_SIGNALS:
    void previewUpdated();
    void exportFinished(bool ok, const QString &message);

private:
    QWidget *buildSelection();
    void addClassRows(QFormLayout *form, QWidget *box);
    void addFilterRows(QFormLayout *form, QWidget *box);
    void addSamplingRows(QFormLayout *form, QWidget *box);
    void addSavedRow(QFormLayout *form, QWidget *box);
    QWidget *buildOutput();
    void schedulePreview();
    void runPreview();
    void refreshSaved();
    void restore(const ExportSettings &settings);
    ExportSettings remembered() const;

    AsyncCatalog *m_catalog;
    OntologyModel *m_ontology;
    QString m_indexPath;
    std::unique_ptr<SelectionStore> m_store;
    SubsetPreviewModel *m_preview;
    QTimer *m_previewDelay;
    // Bumped for every preview; the catalog thread's planning stops once its number is stale.
    std::shared_ptr<std::atomic<quint64>> m_generation = std::make_shared<std::atomic<quint64>>(0);
    bool m_previewing = false;
    ClassRuleList *m_include = nullptr;
    ClassRuleList *m_exclude = nullptr;
    QComboBox *m_classPicker = nullptr;
    QCheckBox *m_splits[3] = {};
    QComboBox *m_rerated = nullptr;
    QCheckBox *m_useQuality = nullptr;
    QDoubleSpinBox *m_quality = nullptr;
    QComboBox *m_qualityOn = nullptr;
    QCheckBox *m_withEmbeddings = nullptr;
    QCheckBox *m_withAudio = nullptr;
    QComboBox *m_audioFiles = nullptr;
    QButtonGroup *m_sampling = nullptr;
    QSpinBox *m_count = nullptr;
    QSpinBox *m_seed = nullptr;
    QComboBox *m_saved = nullptr;
    QCheckBox *m_formats[4] = {};
    QSpinBox *m_shards = nullptr;
    QLineEdit *m_output = nullptr;
    QCheckBox *m_force = nullptr;
    QLabel *m_summary = nullptr;
};

} // namespace audioset::ui
