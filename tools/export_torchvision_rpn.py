#!/usr/bin/env python3
"""Exports the backbone and RPN head of a torchvision Faster R-CNN as a vidprop TorchScript model.

    /usr/bin/python3 tools/export_torchvision_rpn.py --arch fasterrcnn_resnet50_fpn \
        --weights my_detector.pth --out my-model
    ./vidprop eval --model my-model            # or: ./vidprop run --model my-model/model.pt ...

Writes OUT/model.pt (images [N,3,H,W] in; per-level objectness [N,A,H,W] then per-level deltas [N,4A,H,W] out)
and OUT/model.json with the anchors, box coder, input transform and proposal settings read from the model, so
vidprop's proposals equal the model's own RegionProposalNetwork output. --weights takes a state_dict saved with
torch.save(model.state_dict(), ...) (or a checkpoint holding one under "model"); without it the weights are random.
"""
import argparse
import json
import os
from typing import List

import torch
import torchvision
from torchvision.models import detection


class RpnExport(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.backbone = model.backbone
        self.head = model.rpn.head

    def forward(self, images: torch.Tensor) -> List[torch.Tensor]:
        features = list(self.backbone(images).values())
        objectness, deltas = self.head(features)
        return objectness + deltas


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", default="fasterrcnn_resnet50_fpn",
                   help="torchvision.models.detection builder name (default: %(default)s)")
    p.add_argument("--weights", help="state_dict file of the trained detector")
    p.add_argument("--num-classes", type=int, default=91, help="classes of the trained detector (default: 91)")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--model-id", help="modelId written to model.json (default: the arch name)")
    args = p.parse_args()

    model = getattr(detection, args.arch)(weights=None, weights_backbone=None, num_classes=args.num_classes)
    if args.weights:
        state = torch.load(args.weights, map_location="cpu")
        model.load_state_dict(state.get("model", state) if isinstance(state, dict) else state)
    model.eval()

    export = torch.jit.script(RpnExport(model).eval())
    os.makedirs(args.out, exist_ok=True)
    export.save(os.path.join(args.out, "model.pt"))

    gen, rpn, transform = model.rpn.anchor_generator, model.rpn, model.transform
    probe = torch.zeros(1, 3, transform.min_size[-1], transform.min_size[-1])
    with torch.no_grad():
        grids = [f.shape[-2:] for f in model.backbone(probe).values()]
    strides = [int(probe.shape[-1] // g[-1]) for g in grids]
    config = {
        "format": "vidprop-rpn/1",
        "modelId": args.model_id or args.arch,
        "network": {"type": "torchscript", "file": "model.pt"},
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
                     "weights": os.path.basename(args.weights) if args.weights else None,
                     "torch": torch.__version__, "torchvision": torchvision.__version__},
    }
    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    print(f"wrote {args.out}/model.pt and {args.out}/model.json ({len(strides)} levels, strides {strides})")


if __name__ == "__main__":
    main()
