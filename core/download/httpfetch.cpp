#include "httpfetch.h"

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>
#include <algorithm>

namespace audioset {

namespace {

// What the server said about the file a partial download holds, kept beside it
// (NAME.part.json), so a later attempt can ask for the rest of the same file.
struct Validators {
    QString url, etag, lastModified;
    qint64 total = -1;
    bool canResume() const { return !etag.isEmpty() || !lastModified.isEmpty(); }
};

QString validatorsPath(const std::string &partPath) {
    return QString::fromStdString(partPath) + QStringLiteral(".json");
}

Validators loadValidators(const std::string &partPath) {
    QFile file(validatorsPath(partPath));
    if (!file.open(QIODevice::ReadOnly)) return {};
    const QJsonObject json = QJsonDocument::fromJson(file.read(64 * 1024)).object();
    return {json.value(QStringLiteral("url")).toString(),
            json.value(QStringLiteral("etag")).toString(),
            json.value(QStringLiteral("lastModified")).toString(),
            static_cast<qint64>(json.value(QStringLiteral("total")).toDouble(-1))};
}

void saveValidators(const std::string &partPath, const Validators &validators) {
    QFile file(validatorsPath(partPath));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) return; // resume is a bonus
    file.write(QJsonDocument(QJsonObject{{QStringLiteral("url"), validators.url},
                                         {QStringLiteral("etag"), validators.etag},
                                         {QStringLiteral("lastModified"), validators.lastModified},
                                         {QStringLiteral("total"), double(validators.total)}})
                   .toJson(QJsonDocument::Compact));
}

// One GET and what came of it.
struct Attempt {
    enum class Result { Complete, Transient, Restart, Failed, Cancelled };
    Result result = Result::Failed;
    std::string message;
};

bool isTransient(QNetworkReply::NetworkError error) {
    switch (error) {
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // the stall timeout aborts this way
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownNetworkError:
        return true;
    default:
        return false;
    }
}

// "bytes 100-199/1000": the first byte and the total (-1 when "*").
std::pair<qint64, qint64> parseContentRange(const QByteArray &header) {
    static const QRegularExpression pattern(QStringLiteral("^bytes (\\d+)-\\d+/(\\d+|\\*)$"));
    const auto match = pattern.match(QString::fromLatin1(header.trimmed()));
    if (!match.hasMatch()) return {-1, -1};
    const QString total = match.captured(2);
    return {match.captured(1).toLongLong(), total == QLatin1String("*") ? -1 : total.toLongLong()};
}

class GetAttempt {
public:
    GetAttempt(QNetworkAccessManager &network, const FetchRequest &request,
               const FetchCallback &progress)
        : m_network(network)
        , m_request(request)
        , m_progress(progress)
        , m_file(QString::fromStdString(request.partPath)) {}

    Attempt run() {
        const Validators known = loadValidators(m_request.partPath);
        const QString url = QString::fromStdString(m_request.url);
        m_have = QFileInfo(m_file).size();
        if (m_have > 0 && (known.url != url || !known.canResume())) m_have = 0; // not the same
        QNetworkRequest get{QUrl(url)};
        get.setRawHeader("Accept-Encoding", "identity"); // bytes as stored: lengths and ranges
        get.setTransferTimeout(m_request.stallTimeoutMs);
        get.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
        if (m_have > 0) {
            get.setRawHeader("Range", "bytes=" + QByteArray::number(m_have) + "-");
            get.setRawHeader("If-Range",
                             (known.etag.isEmpty() ? known.lastModified : known.etag).toUtf8());
        }
        m_validators = known;
        QNetworkReply *reply = m_network.get(get);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::metaDataChanged, &loop,
                         [&] { startWriting(reply); });
        QObject::connect(reply, &QNetworkReply::readyRead, &loop, [&] { write(reply); });
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        if (!m_outcome.message.empty() || m_outcome.result == Attempt::Result::Cancelled) {
            reply->deleteLater();
            return m_outcome;
        }
        if (m_writing) write(reply);
        const Attempt outcome = finish(reply);
        reply->deleteLater();
        return outcome;
    }

private:
    void fail(QNetworkReply *reply, Attempt::Result result, std::string message) {
        m_outcome = {result, std::move(message)};
        reply->abort();
    }

    // The status line and headers are in: decide whether and where the body goes.
    void startWriting(QNetworkReply *reply) {
        if (m_writing || !m_outcome.message.empty()) return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 0 || (status >= 300 && status < 400)) return; // redirects are followed
        if (status != 200 && status != 206) return;                 // finish() says why
        QIODevice::OpenMode mode = QIODevice::WriteOnly | QIODevice::Append;
        if (status == 206) {
            const auto [first, total] = parseContentRange(reply->rawHeader("Content-Range"));
            if (first != m_have) {
                fail(reply, Attempt::Result::Restart, "the server sent another range");
                return;
            }
            if (m_validators.total >= 0 && total >= 0 && total != m_validators.total) {
                fail(reply, Attempt::Result::Restart, "the file's length changed on the server");
                return;
            }
            m_total = total;
        } else { // the whole file: a server that ignores ranges, or the file changed
            mode = QIODevice::WriteOnly | QIODevice::Truncate;
            m_have = 0;
            m_total = reply->header(QNetworkRequest::ContentLengthHeader).isValid()
                          ? reply->header(QNetworkRequest::ContentLengthHeader).toLongLong()
                          : -1;
            m_validators = {QString::fromStdString(m_request.url),
                            QString::fromLatin1(reply->rawHeader("ETag")),
                            QString::fromLatin1(reply->rawHeader("Last-Modified")), m_total};
            saveValidators(m_request.partPath, m_validators);
        }
        if (!m_file.open(mode)) {
            fail(reply, Attempt::Result::Failed,
                 "cannot write " + m_request.partPath + " (from " + m_request.url +
                     "): " + m_file.errorString().toStdString());
            return;
        }
        m_writing = true;
    }

    void write(QNetworkReply *reply) {
        if (!m_writing) return;
        const QByteArray bytes = reply->readAll();
        if (!bytes.isEmpty() && m_file.write(bytes) != bytes.size()) {
            fail(reply, Attempt::Result::Failed,
                 "cannot write " + m_request.partPath + " (from " + m_request.url +
                     "): " + m_file.errorString().toStdString() +
                     (m_file.error() == QFileDevice::ResourceError ? " (is the disk full?)" : ""));
            return;
        }
        m_have += bytes.size();
        if (m_progress &&
            !m_progress({uint64_t(m_have), uint64_t(std::max<qint64>(0, m_total)), {}}))
            fail(reply, Attempt::Result::Cancelled, {});
    }

    Attempt finish(QNetworkReply *reply) {
        if (m_file.isOpen() && !m_file.flush()) {
            return {Attempt::Result::Failed, "cannot write " + m_request.partPath + " (from " +
                                                 m_request.url +
                                                 "): " + m_file.errorString().toStdString()};
        }
        m_file.close();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const std::string where = m_request.name + " (" + m_request.url + ")";
        if (status == 416) return {Attempt::Result::Restart, "the server refused the range"};
        if (status >= 400 && status < 500)
            return {Attempt::Result::Failed,
                    "HTTP " + std::to_string(status) + " " +
                        reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute)
                            .toString()
                            .toStdString() +
                        " for " + where};
        if (status >= 500)
            return {Attempt::Result::Transient, "HTTP " + std::to_string(status) + " for " + where};
        if (reply->error() != QNetworkReply::NoError) {
            const std::string why = reply->errorString().toStdString();
            return {isTransient(reply->error()) ? Attempt::Result::Transient
                                                : Attempt::Result::Failed,
                    "cannot fetch " + where + ": " + why};
        }
        if (status != 200 && status != 206)
            return {Attempt::Result::Failed,
                    "unexpected HTTP " + std::to_string(status) + " for " + where};
        if (m_total >= 0 && m_have != m_total)
            return {Attempt::Result::Transient, "the connection ended at byte " +
                                                    std::to_string(m_have) + " of " +
                                                    std::to_string(m_total) + " of " + where};
        return {Attempt::Result::Complete, {}};
    }

    QNetworkAccessManager &m_network;
    const FetchRequest &m_request;
    const FetchCallback &m_progress;
    QFile m_file;
    Validators m_validators;
    qint64 m_have = 0, m_total = -1;
    bool m_writing = false;
    Attempt m_outcome{Attempt::Result::Complete, {}};
};

// Waits, still answering cancel; false when cancelled.
bool waitCancellably(int ms, const FetchCallback &progress, const std::string &note, uint64_t done,
                     uint64_t total) {
    for (int waited = 0; waited < ms; waited += 100) {
        if (progress && !progress({done, total, note})) return false;
        QEventLoop loop;
        QTimer::singleShot(std::min(100, ms - waited), &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

} // namespace

Outcome fetchToPart(const FetchRequest &request, const FetchCallback &progress) {
    QNetworkAccessManager network;
    int delay = request.retryDelayMs;
    std::string last;
    for (int attempt = 1, restarts = 0; attempt <= request.attempts;) {
        const Attempt outcome = GetAttempt(network, request, progress).run();
        switch (outcome.result) {
        case Attempt::Result::Complete:
            QFile::remove(validatorsPath(request.partPath));
            return Outcome::ok();
        case Attempt::Result::Cancelled:
            return Outcome::cancelled("cancelled");
        case Attempt::Result::Failed:
            return Outcome::failed(outcome.message);
        case Attempt::Result::Restart: // start the file again, at once, a few times at most
            QFile::remove(QString::fromStdString(request.partPath));
            QFile::remove(validatorsPath(request.partPath));
            if (++restarts > 3) return Outcome::failed(outcome.message + " for " + request.url);
            continue;
        case Attempt::Result::Transient:
            last = outcome.message;
            if (++attempt > request.attempts) break;
            const uint64_t have =
                uint64_t(QFileInfo(QString::fromStdString(request.partPath)).size());
            if (!waitCancellably(delay, progress,
                                 "retrying in " + std::to_string((delay + 999) / 1000) +
                                     " s after: " + outcome.message,
                                 have, 0))
                return Outcome::cancelled("cancelled");
            delay = std::min(delay * 2, 30000);
            continue;
        }
    }
    return Outcome::failed(last + " (gave up after " + std::to_string(request.attempts) +
                           " attempts)");
}

std::optional<uint64_t> remoteLength(const std::string &url, int timeoutMs) {
    QNetworkAccessManager network;
    QNetworkRequest head{QUrl(QString::fromStdString(url))};
    head.setRawHeader("Accept-Encoding", "identity");
    head.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = network.head(head);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
    const bool ok = reply->error() == QNetworkReply::NoError && length.isValid();
    reply->deleteLater();
    return ok ? std::optional<uint64_t>(length.toULongLong()) : std::nullopt;
}

} // namespace audioset
