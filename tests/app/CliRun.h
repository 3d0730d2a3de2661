// CliRun: runs the real `mozart` executable (MOZART_CLI_PATH) the way a user's shell would, for the
// tests under tests/app, and builds the small MIDI byte strings they feed it.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace clitest {

struct Run {
    int exitCode = -1;  // -1 when the process crashed or did not finish in two minutes
    QString out, err;
};

inline Run runMozart(const QStringList& args,
                     const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(MOZART_CLI_PATH), args);
    if (!p.waitForFinished(120000)) {
        p.kill();
        return {};
    }
    Run r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// A MIDI variable-length quantity.
inline QByteArray vlq(quint32 v) {
    QByteArray out(1, char(v & 0x7F));
    while (v >>= 7) out.prepend(char((v & 0x7F) | 0x80));
    return out;
}

}  // namespace clitest
