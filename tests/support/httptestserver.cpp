#include "httptestserver.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <memory>

namespace audioset::test {

HttpTestServer::HttpTestServer() {
    std::future<quint16> port = m_port.get_future();
    start();
    m_url = QStringLiteral("http://127.0.0.1:%1").arg(port.get());
}

HttpTestServer::~HttpTestServer() {
    quit();
    wait();
}

void HttpTestServer::setFile(const QString &name, const QByteArray &content) {
    QMutexLocker lock(&m_mutex);
    const QByteArray path = "/" + name.toUtf8();
    m_files[path] = content;
    m_etags[path] = "\"" +
                    QCryptographicHash::hash(content, QCryptographicHash::Sha1).toHex().left(16) +
                    "-" + QByteArray::number(++m_version) + "\"";
}

void HttpTestServer::addFaults(const QString &name, const QList<Fault> &faults) {
    QMutexLocker lock(&m_mutex);
    m_faults["/" + name.toUtf8()] += faults;
}

QList<HttpTestServer::Request> HttpTestServer::requests() const {
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

int HttpTestServer::getCount(const QString &name) const {
    QMutexLocker lock(&m_mutex);
    int count = 0;
    for (const Request &request : m_requests)
        count += request.method == "GET" && request.path == "/" + name.toUtf8();
    return count;
}

void HttpTestServer::run() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0); // loopback only
    QObject::connect(&server, &QTcpServer::newConnection, &server, [this, &server] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            auto *buffer = new QByteArray;
            QObject::connect(socket, &QTcpSocket::disconnected, socket, [socket, buffer] {
                delete buffer;
                socket->deleteLater();
            });
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                buffer->append(socket->readAll());
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0) return;
                const QByteArray head = buffer->left(end);
                buffer->clear();
                answer(socket, head);
            });
        }
    });
    m_port.set_value(server.serverPort());
    exec();
}

void HttpTestServer::answer(QTcpSocket *socket, const QByteArray &head) {
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    Request request{first.value(0), first.value(1), {}, {}};
    for (const QByteArray &line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        const QByteArray key = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (key == "range") request.range = value;
        if (key == "if-range") request.ifRange = value;
    }
    QMutexLocker lock(&m_mutex);
    m_requests.append(request);
    const bool get = request.method == "GET";
    Fault fault{Fault::IgnoreRange, -1};
    bool faulty = false;
    if (get && !m_faults.value(request.path).isEmpty()) {
        fault = m_faults[request.path].takeFirst();
        faulty = true;
    }
    const auto respond = [&](int status, const QByteArray &reason, const QByteArray &headers,
                             const QByteArray &body, qint64 length) {
        socket->write("HTTP/1.1 " + QByteArray::number(status) + " " + reason +
                      "\r\nConnection: close\r\nContent-Length: " + QByteArray::number(length) +
                      "\r\n" + headers + "\r\n");
        if (get) socket->write(body);
        socket->flush();
        socket->disconnectFromHost();
    };
    if (faulty && fault.kind == Fault::Status) {
        respond(int(fault.value), "Scripted", {}, "scripted failure\n", 17);
        return;
    }
    if (!m_files.contains(request.path)) {
        respond(404, "Not Found", {}, "no such file\n", 13);
        return;
    }
    const QByteArray content = m_files.value(request.path), etag = m_etags.value(request.path);
    const QByteArray validators = "ETag: " + etag +
                                  "\r\nLast-Modified: Wed, 02 Dec 2026 07:00:00 GMT\r\n"
                                  "Accept-Ranges: bytes\r\n";
    qint64 from = 0;
    const bool ranged = request.range.startsWith("bytes=") && request.range.endsWith("-") &&
                        (request.ifRange.isEmpty() || request.ifRange == etag) &&
                        !(faulty && fault.kind == Fault::IgnoreRange);
    if (ranged) from = request.range.mid(6, request.range.size() - 7).toLongLong();
    if (from > content.size()) {
        respond(416, "Range Not Satisfiable",
                "Content-Range: bytes */" + QByteArray::number(content.size()) + "\r\n", {}, 0);
        return;
    }
    const QByteArray body = content.mid(from);
    const QByteArray range = ranged ? "Content-Range: bytes " + QByteArray::number(from) + "-" +
                                          QByteArray::number(content.size() - 1) + "/" +
                                          QByteArray::number(content.size()) + "\r\n"
                                    : QByteArray();
    if (faulty && fault.kind == Fault::DropAfter) {
        socket->write("HTTP/1.1 " + QByteArray(ranged ? "206 Partial Content" : "200 OK") +
                      "\r\nConnection: close\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n" + validators + range + "\r\n");
        socket->write(body.left(fault.value));
        socket->disconnectFromHost(); // cut mid-body, once what was written has gone out
        return;
    }
    if (faulty && fault.kind == Fault::Throttle) {
        socket->write("HTTP/1.1 " + QByteArray(ranged ? "206 Partial Content" : "200 OK") +
                      "\r\nConnection: close\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n" + validators + range + "\r\n");
        // 64 KiB now and then on a timer, so other requests are answered in between.
        auto *timer = new QTimer(socket);
        auto sent = std::make_shared<qsizetype>(0);
        const auto next = [socket, timer, body, sent] {
            if (*sent >= body.size() || socket->state() != QAbstractSocket::ConnectedState) {
                timer->stop();
                socket->disconnectFromHost();
                return;
            }
            socket->write(body.mid(*sent, 64 * 1024));
            *sent += 64 * 1024;
        };
        QObject::connect(timer, &QTimer::timeout, socket, next);
        timer->start(int(fault.value));
        next();
        return;
    }
    respond(ranged ? 206 : 200, ranged ? "Partial Content" : "OK", validators + range, body,
            body.size());
}

} // namespace audioset::test
