#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>
#include <QThread>
#include <future>

class QTcpSocket;

namespace audioset::test {

/// A small HTTP/1.1 server on 127.0.0.1, on its own thread, for the downloader's tests: serves
/// files from memory with ETag, Last-Modified and byte ranges (If-Range honoured), and plays
/// scripted faults on the next GET requests of a path.
class HttpTestServer : public QThread {
public:
    /// What the next GET of a path does.
    struct Fault {
        enum Kind { DropAfter, Status, IgnoreRange, Throttle } kind;
        // DropAfter: body bytes sent before the connection is cut; Status: the code; Throttle:
        // milliseconds of pause after each 64 KiB of the body.
        qint64 value = 0;
    };
    struct Request {
        QByteArray method, path, range, ifRange;
    };

    HttpTestServer();
    ~HttpTestServer() override;

    /// The base URL, "http://127.0.0.1:PORT".
    QString url() const { return m_url; }
    /// Serves `content` at `/name`; a new content gets a new ETag.
    void setFile(const QString &name, const QByteArray &content);
    /// Faults for the next GET requests of `/name`, in order; after them it serves normally.
    void addFaults(const QString &name, const QList<Fault> &faults);
    QList<Request> requests() const;
    int getCount(const QString &name) const;

protected:
    void run() override;

private:
    void answer(QTcpSocket *socket, const QByteArray &head);

    mutable QMutex m_mutex;
    QHash<QByteArray, QByteArray> m_files;
    QHash<QByteArray, QByteArray> m_etags;
    QHash<QByteArray, QList<Fault>> m_faults;
    QList<Request> m_requests;
    std::promise<quint16> m_port;
    QString m_url;
    int m_version = 0;
};

} // namespace audioset::test
