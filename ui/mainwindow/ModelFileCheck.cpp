#include "mainwindow/ModelFileCheck.h"

#include <QCoreApplication>
#include <QFileInfo>

#include "model/ModelFile.h"

namespace mozart::ui {

ModelFileCheck checkModelFile(const QString& path) {
    ModelFileCheck out;
    const QFileInfo info(path);
    if (!info.isFile()) {
        out.problem = QCoreApplication::translate("ModelFileCheck", "%1: no such file").arg(path);
        return out;
    }
    if (info.size() == 0) {
        out.problem = QCoreApplication::translate("ModelFileCheck", "%1: the file is empty (0 bytes), not a model").arg(path);
        return out;
    }
    const auto result = model::ModelFile::inspect(path.toStdString(), model::ModelFile::LoadOptions{});
    if (result.error) {
        out.problem = QString::fromStdString(result.error->toString());
        return out;
    }
    const auto& c = result.info.config;
    out.summary = QCoreApplication::translate("ModelFileCheck", "%1 layers × %2 wide, %3 M parameters, vocabulary %4")
                      .arg(c.layers)
                      .arg(c.width)
                      .arg(double(model::parameterCount(c)) / 1e6, 0, 'f', 1)
                      .arg(c.vocabSize);
    if (c.conditioningLabels > 0) out.summary += QCoreApplication::translate("ModelFileCheck", ", labels: %n", nullptr, int(c.conditioningLabels));
    return out;
}

}  // namespace mozart::ui
