#!/usr/bin/python3
"""Reads a Mozart model file with nothing but Python's json and torch, applying the rules of
the reference safetensors implementation (huggingface/safetensors, Metadata::validate and
read_metadata) on its own, and prints what it found as JSON. An independent second reader:
if this and the C++ reader agree, the layout is what Python tools expect.

  check_model_file.py MODEL.safetensors [--compare OTHER.safetensors]
"""
import argparse, json, struct, sys
import torch

SIZES = {"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "I16": 2, "U16": 2, "F16": 2,
         "BF16": 2, "I32": 4, "U32": 4, "F32": 4, "F64": 8, "I64": 8, "U64": 8}
TORCH = {"F32": torch.float32, "BF16": torch.bfloat16, "F16": torch.float16, "I64": torch.int64}


def load(path):
    data = open(path, "rb").read()
    if len(data) < 8:
        sys.exit("HeaderTooSmall")
    (n,) = struct.unpack("<Q", data[:8])
    if n > 100_000_000:
        sys.exit("HeaderTooLarge")
    if 8 + n > len(data):
        sys.exit("InvalidHeaderLength")
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", None)
    if meta is not None and not all(isinstance(v, str) for v in meta.values()):
        sys.exit("metadata values must be strings")
    entries = sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"]))
    start, tensors = 0, {}
    for name, info in entries:
        s, e = info["data_offsets"]
        if s != start or e < s:
            sys.exit(f"InvalidOffset({name})")
        count = 1
        for d in info["shape"]:
            count *= d
        if e - s != count * SIZES[info["dtype"]]:
            sys.exit("TensorInvalidInfo")
        start = e
        raw = bytearray(data[8 + n + s:8 + n + e])
        tensors[name] = torch.frombuffer(raw, dtype=TORCH[info["dtype"]]).reshape(info["shape"]) if raw else \
            torch.empty(info["shape"], dtype=TORCH[info["dtype"]])
    if 8 + n + start != len(data):
        sys.exit("MetadataIncompleteBuffer")
    return meta, tensors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--compare", help="another model file whose tensors must be equal (after casting to float32)")
    a = ap.parse_args()
    meta, tensors = load(a.path)
    config = json.loads(meta["model_config"])
    json.loads(meta["tokenizer_config"])
    out = {"file": a.path, "format": meta["format"], "format_version": meta["format_version"], "config": config,
           "tensors": len(tensors), "parameters": sum(t.numel() for t in tensors.values()),
           "dtypes": sorted({str(t.dtype) for t in tensors.values()}),
           "first": list(tensors)[:3], "finite": all(bool(torch.isfinite(t.float()).all()) for t in tensors.values())}
    if a.compare:
        _, other = load(a.compare)
        out["same_names"] = sorted(other) == sorted(tensors)
        out["max_abs_diff"] = max(float((tensors[k].float() - other[k].float()).abs().max()) for k in tensors)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
