#include "reviewsetupdialog.h"

#include "localreviewstore.h"
#include "postgresreviewstore.h"
#include "splitnames.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

namespace audioset::ui {

ReviewSetupDialog::ReviewSetupDialog(const QString &classMid, const QString &className,
                                     QWidget *parent)
    : QDialog(parent)
    , m_classMid(classMid)
    , m_reviewer(new QLineEdit(this))
    , m_storeUrl(new QLineEdit(this))
    , m_storeProblem(new QLabel(this))
    , m_split(new QComboBox(this))
    , m_rollup(new QCheckBox(tr("Include segments of its descendant classes"), this))
    , m_size(new QSpinBox(this))
    , m_seed(new QSpinBox(this))
    , m_blind(new QCheckBox(tr("Blind: hide the official estimate and other reviewers' verdicts "
                               "until every segment has a verdict"),
                            this))
    , m_autoOpen(new QCheckBox(tr("Open each clip on YouTube as it comes up"), this)) {
    setWindowTitle(tr("Review a Class"));
    QSettings settings;
    settings.beginGroup(QStringLiteral("review"));
    m_reviewer->setText(
        settings.value(QStringLiteral("reviewer"), QString::fromStdString(defaultReviewerName()))
            .toString());
    m_storeUrl->setPlaceholderText(
        tr("empty: the index file; or postgresql://[USER@]HOST[:PORT]/DBNAME"));
    m_storeUrl->setToolTip(
        tr("A team shares verdicts in PostgreSQL; each reviewer logs in as their "
           "own role (password from ~/.pgpass or PGPASSWORD, never saved here)."));
    m_storeUrl->setText(settings.value(QStringLiteral("storeUrl")).toString());
    m_storeProblem->setStyleSheet(QStringLiteral("color: #b00020"));
    m_storeProblem->hide();
    auto followStore = [this] { m_reviewer->setEnabled(storeUrl().isEmpty()); };
    connect(m_storeUrl, &QLineEdit::textChanged, this, followStore);
    followStore();
    for (Split split : kAllSplits)
        m_split->addItem(splitMenuName(split), splitIndex(split));
    m_split->setCurrentIndex(settings.value(QStringLiteral("split"), 0).toInt());
    m_rollup->setChecked(settings.value(QStringLiteral("rollup"), false).toBool());
    m_size->setRange(1, 100000);
    m_size->setValue(settings.value(QStringLiteral("size"), 10).toInt());
    m_seed->setRange(0, 1000000000);
    m_seed->setValue(settings.value(QStringLiteral("seed"), 1).toInt());
    m_blind->setChecked(settings.value(QStringLiteral("blind"), true).toBool());
    m_autoOpen->setChecked(settings.value(QStringLiteral("openOnYoutube"), false).toBool());

    auto *form = new QFormLayout(this);
    form->addRow(new QLabel(tr("<b>%1</b> (%2)").arg(className.toHtmlEscaped(), classMid), this));
    form->addRow(tr("Verdicts in:"), m_storeUrl);
    form->addRow(QString(), m_storeProblem);
    form->addRow(tr("Reviewer:"), m_reviewer);
    form->addRow(tr("Split:"), m_split);
    form->addRow(QString(), m_rollup);
    form->addRow(tr("Sample size:"), m_size);
    form->addRow(tr("Seed:"), m_seed);
    form->addRow(QString(), m_blind);
    form->addRow(QString(), m_autoOpen);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start Review"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

QString ReviewSetupDialog::storeUrl() const {
    return m_storeUrl->text().trimmed();
}

QString ReviewSetupDialog::reviewer() const {
    return m_reviewer->text().trimmed();
}

ReviewSetup ReviewSetupDialog::setup() const {
    ReviewSetup setup;
    setup.spec.classMid = m_classMid.toStdString();
    setup.spec.split = static_cast<Split>(m_split->currentData().toInt());
    setup.spec.rollup = m_rollup->isChecked();
    setup.spec.size = m_size->value();
    setup.spec.seed = static_cast<uint64_t>(m_seed->value());
    setup.blind = m_blind->isChecked();
    setup.openOnYoutube = m_autoOpen->isChecked();
    return setup;
}

void ReviewSetupDialog::accept() {
    if (!storeUrl().isEmpty()) {
        if (auto problem = PostgresReviewStore::urlProblem(storeUrl().toStdString())) {
            m_storeProblem->setText(QString::fromStdString(*problem));
            m_storeProblem->show();
            m_storeUrl->setFocus();
            return;
        }
    } else if (reviewer().isEmpty()) {
        m_reviewer->setFocus();
        return;
    }
    QSettings settings;
    settings.beginGroup(QStringLiteral("review"));
    settings.setValue(QStringLiteral("reviewer"), reviewer());
    settings.setValue(QStringLiteral("storeUrl"), storeUrl()); // never with a password
    settings.setValue(QStringLiteral("split"), m_split->currentIndex());
    settings.setValue(QStringLiteral("rollup"), m_rollup->isChecked());
    settings.setValue(QStringLiteral("size"), m_size->value());
    settings.setValue(QStringLiteral("seed"), m_seed->value());
    settings.setValue(QStringLiteral("blind"), m_blind->isChecked());
    settings.setValue(QStringLiteral("openOnYoutube"), m_autoOpen->isChecked());
    QDialog::accept();
}

} // namespace audioset::ui
