#include "train/AdamW.h"

#include <cmath>
#include <stdexcept>

#include <ATen/Parallel.h>
#include <ATen/ops/zeros_like.h>

namespace mozart::train {

namespace {
constexpr std::int64_t kGrain = 1 << 15;  // elements per parallel chunk
}

AdamW::AdamW(std::vector<model::NamedTensor> parameters, const AdamWSettings& settings)
    : parameters_(std::move(parameters)), settings_(settings) {
    for (const auto& p : parameters_) {
        if (p.tensor.scalar_type() != at::kFloat || !p.tensor.is_contiguous())
            throw std::invalid_argument("AdamW: parameter " + p.name + " is not contiguous float32");
        m_.push_back(at::zeros_like(p.tensor));
        v_.push_back(at::zeros_like(p.tensor));
    }
}

double AdamW::gradientNorm() const {
    double total = 0;
    for (const auto& p : parameters_) {
        const at::Tensor& g = p.tensor.grad();
        if (!g.defined()) continue;
        const at::Tensor gc = g.is_contiguous() ? g : g.contiguous();
        const float* data = gc.data_ptr<float>();
        const std::int64_t n = gc.numel();
        const std::int64_t chunks = (n + kGrain - 1) / kGrain;
        std::vector<double> partial(std::size_t(chunks), 0.0);
        at::parallel_for(0, chunks, 1, [&](std::int64_t b, std::int64_t e) {
            for (std::int64_t c = b; c < e; ++c) {
                const std::int64_t lo = c * kGrain, hi = std::min(n, lo + kGrain);
                float s = 0;  // float inner sums vectorize; chunks are short enough
                for (std::int64_t i = lo; i < hi; ++i) s += data[i] * data[i];
                partial[std::size_t(c)] = s;
            }
        });
        for (double s : partial) total += s;
    }
    return std::sqrt(total);
}

void AdamW::step(double lr, double gradientScale) {
    ++steps_;
    const double b1 = settings_.beta1, b2 = settings_.beta2;
    const double bc1 = 1.0 - std::pow(b1, double(steps_));
    const double bc2 = 1.0 - std::pow(b2, double(steps_));
    const float stepSize = float(lr / bc1);
    const float invSqrtBc2 = float(1.0 / std::sqrt(bc2));
    const float eps = float(settings_.epsilon);
    const float fb1 = float(b1), fb2 = float(b2), ob1 = float(1 - b1), ob2 = float(1 - b2);
    const float scale = float(gradientScale);
    for (std::size_t k = 0; k < parameters_.size(); ++k) {
        at::Tensor& param = parameters_[k].tensor;
        at::Tensor g = param.mutable_grad();
        if (!g.defined()) continue;
        if (!g.is_contiguous()) {
            g = g.contiguous();
            param.mutable_grad() = g;
        }
        const float decay = param.dim() >= 2 ? float(1.0 - lr * settings_.weightDecay) : 1.0f;
        float* p = param.data_ptr<float>();
        float* gd = g.data_ptr<float>();
        float* m = m_[k].data_ptr<float>();
        float* v = v_[k].data_ptr<float>();
        at::parallel_for(0, param.numel(), kGrain, [&](std::int64_t b, std::int64_t e) {
            for (std::int64_t i = b; i < e; ++i) {
                const float gi = gd[i] * scale;
                const float mi = fb1 * m[i] + ob1 * gi;
                const float vi = fb2 * v[i] + ob2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                p[i] = p[i] * decay - stepSize * mi / (std::sqrt(vi) * invSqrtBc2 + eps);
                gd[i] = 0.0f;
            }
        });
    }
}

void AdamW::zeroGradients() {
    for (auto& p : parameters_) {
        at::Tensor g = p.tensor.mutable_grad();
        if (g.defined()) g.zero_();
    }
}

bool AdamW::restore(const std::vector<at::Tensor>& m, const std::vector<at::Tensor>& v,
                    std::int64_t steps, std::string* error) {
    if (m.size() != m_.size() || v.size() != v_.size()) {
        if (error) *error = "the optimizer state holds a different number of tensors than the model";
        return false;
    }
    for (std::size_t k = 0; k < m_.size(); ++k) {
        if (m[k].sizes() != m_[k].sizes() || v[k].sizes() != v_[k].sizes()) {
            if (error) *error = "the optimizer state of " + parameters_[k].name + " has the wrong shape";
            return false;
        }
    }
    for (std::size_t k = 0; k < m_.size(); ++k) {
        m_[k].copy_(m[k]);
        v_[k].copy_(v[k]);
    }
    steps_ = steps;
    return true;
}

}  // namespace mozart::train
