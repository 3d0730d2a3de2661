// ModelFileCheck: what File > Open Model… needs to know about a file before it accepts it, asked
// of core's ModelFile::inspect (the header only: cheap, no weights read). Kept in its own unit
// because it is the main window's only LibTorch-header translation unit.
#pragma once

#include <QString>

namespace mozart::ui {

struct ModelFileCheck {
    QString problem;  // empty when the file is a model the studio can use; else the reason
    QString summary;  // "8 layers × 256 wide, 12.3 M parameters, vocabulary 564, 3 labels"
};

ModelFileCheck checkModelFile(const QString& path);

}  // namespace mozart::ui
