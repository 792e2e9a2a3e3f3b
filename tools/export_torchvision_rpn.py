#!/usr/bin/env python3
"""Exports the backbone and RPN head of a torchvision Faster R-CNN as a vidprop model (ONNX or TorchScript).

    /usr/bin/python3 tools/export_torchvision_rpn.py --arch fasterrcnn_resnet50_fpn \
        --weights my_detector.pth --out my-model
    ./vidprop eval --model my-model            # or: ./vidprop run --model my-model/model.onnx ...

Writes OUT/model.onnx (--format onnx, the default) or OUT/model.pt (--format torchscript): images [N,3,H,W] in
(any N, H, W), per-level objectness [N,A,H,W] then per-level deltas [N,4A,H,W] out, no NMS; and OUT/model.json with
the anchors, box coder, input transform and proposal settings read from the model, so vidprop's proposals equal the
model's own RegionProposalNetwork output. --weights takes a state_dict saved with torch.save(model.state_dict(), ...)
(or a checkpoint holding one under "model"); without it the weights are random. --min-size/--max-size change the
model's input transform (torchvision's builder arguments), e.g. to run a large architecture at a reduced size.
"""
import argparse
import json
import os
from typing import List

import torch
import torchvision
from torchvision.models import detection

FORMATS = {"onnx": "model.onnx", "torchscript": "model.pt"}
ONNX_OPSET = 17


class RpnExport(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.backbone = model.backbone
        self.head = model.rpn.head

    def forward(self, images: torch.Tensor) -> List[torch.Tensor]:
        features = list(self.backbone(images).values())
        objectness, deltas = self.head(features)
        return objectness + deltas


def save_onnx(module, path, levels, example):
    """Traces MODULE on EXAMPLE into an ONNX graph whose batch, height and width stay free (FPN's upsampling follows
    the traced shapes), with inputs and outputs named as vidprop reads them."""
    names = [f"objectness_{l}" for l in range(levels)] + [f"deltas_{l}" for l in range(levels)]
    axes = {"images": {0: "batch", 2: "height", 3: "width"}}
    for i, name in enumerate(names):
        axes[name] = {0: "batch", 2: f"height_{i % levels}", 3: f"width_{i % levels}"}
    with torch.no_grad():
        torch.onnx.export(module, (example,), path, input_names=["images"], output_names=names,
                          dynamic_axes=axes, opset_version=ONNX_OPSET, do_constant_folding=True)


def save_network(module, out_dir, fmt, levels, example):
    """Writes MODULE to OUT_DIR in FMT and returns the file name."""
    name = FORMATS[fmt]
    path = os.path.join(out_dir, name)
    if fmt == "onnx":
        save_onnx(module, path, levels, example)
    else:
        torch.jit.script(module).save(path)
    return name


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", default="fasterrcnn_resnet50_fpn",
                   help="torchvision.models.detection builder name (default: %(default)s)")
    p.add_argument("--weights", help="state_dict file of the trained detector")
    p.add_argument("--num-classes", type=int, default=91, help="classes of the trained detector (default: 91)")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--model-id", help="modelId written to model.json (default: the arch name)")
    p.add_argument("--format", choices=sorted(FORMATS), default="onnx",
                   help="onnx (recommended, runs on OnnxRuntime) or torchscript (default: %(default)s)")
    p.add_argument("--min-size", type=int, help="shorter image side the model resizes to (default: the arch's)")
    p.add_argument("--max-size", type=int, help="longest image side after resizing (default: the arch's)")
    args = p.parse_args()

    sizes = {k: v for k, v in (("min_size", args.min_size), ("max_size", args.max_size)) if v is not None}
    model = getattr(detection, args.arch)(weights=None, weights_backbone=None, num_classes=args.num_classes, **sizes)
    if args.weights:
        state = torch.load(args.weights, map_location="cpu")
        model.load_state_dict(state.get("model", state) if isinstance(state, dict) else state)
    model.eval()

    gen, rpn, transform = model.rpn.anchor_generator, model.rpn, model.transform
    probe = torch.zeros(1, 3, transform.min_size[-1], transform.min_size[-1])
    with torch.no_grad():
        grids = [f.shape[-2:] for f in model.backbone(probe).values()]
    strides = [int(probe.shape[-1] // g[-1]) for g in grids]
    os.makedirs(args.out, exist_ok=True)
    divisible = int(transform.size_divisible)
    example = torch.rand(1, 3, transform.min_size[-1] // divisible * divisible,
                         (transform.min_size[-1] * 4 // 3) // divisible * divisible)
    file = save_network(RpnExport(model).eval(), args.out, args.format, len(strides), example)
    config = {
        "format": "vidprop-rpn/1",
        "modelId": args.model_id or args.arch,
        "network": {"type": args.format, "file": file},
        "levels": [{"stride": s, "sizes": list(map(float, sz)), "aspectRatios": list(map(float, ar))}
                   for s, sz, ar in zip(strides, gen.sizes, gen.aspect_ratios)],
        "boxCoderWeights": list(map(float, rpn.box_coder.weights)),
        "input": {"minSize": int(transform.min_size[-1]), "maxSize": int(transform.max_size),
                  "sizeDivisible": int(transform.size_divisible),
                  "mean": list(map(float, transform.image_mean)), "std": list(map(float, transform.image_std))},
        "proposals": {"preNmsTopN": int(rpn._pre_nms_top_n["testing"]),
                      "postNmsTopN": int(rpn._post_nms_top_n["testing"]),
                      "nmsThreshold": float(rpn.nms_thresh), "minSize": float(rpn.min_size),
                      "scoreThreshold": float(rpn.score_thresh)},
        "metadata": {"exportedBy": "tools/export_torchvision_rpn.py", "arch": args.arch,
                     "weights": os.path.basename(args.weights) if args.weights else None, "format": args.format,
                     "torch": torch.__version__, "torchvision": torchvision.__version__},
    }
    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    print(f"wrote {args.out}/{file} and {args.out}/model.json ({len(strides)} levels, strides {strides})")


if __name__ == "__main__":
    main()
