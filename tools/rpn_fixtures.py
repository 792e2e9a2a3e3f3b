#!/usr/bin/env python3
"""Golden fixtures and reference timings for vidprop's RPN core, made with torchvision itself.

    apt-get install -y python3-torchvision        # torch 1.13, torchvision 0.14
    /usr/bin/python3 tools/rpn_fixtures.py        # writes model/src/test/resources/fixtures/*.vpt.gz
    /usr/bin/python3 tools/rpn_fixtures.py --time --out bench/results   # torchvision timings + the bench loads

Random objectness and box deltas go through torchvision's AnchorGenerator, BoxCoder and
RegionProposalNetwork (eval mode, with a head that returns the given tensors); inputs and the expected
proposals are saved so that the Java tests reproduce them without Python. Everything is seeded: running the
script again writes the same bytes.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time
from collections import OrderedDict
from typing import List

import numpy as np
import torch
import torchvision
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.image_list import ImageList
from torchvision.models.detection.rpn import RegionProposalNetwork
from torchvision.models.detection import _utils as det_utils
from torchvision.ops import nms

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vpt  # noqa: E402
import export_torchvision_rpn  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "model", "src", "test", "resources", "fixtures")
RATIOS3 = [0.5, 1.0, 2.0]

# Each configuration: anchor sizes/ratios per level, the padded tensor size, the grid of each level, the
# images (their sizes inside the tensor), the filter's parameters and how the random head outputs are drawn.
CONFIGS = [
    dict(name="single_level_paper", sizes=[[128, 256, 512]], ratios=[RATIOS3],
         tensor=[600, 800], grids=[[37, 50]], images=[[600, 800], [561, 790]],
         pre_nms_top_n=6000, post_nms_top_n=300, nms_thresh=0.7, min_size=1e-3, score_thresh=0.0,
         delta_sigma=0.5, delta_scale=1 / 32, logit_range=[-3, 3]),
    dict(name="single_level_five_sizes", sizes=[[32, 64, 128, 256, 512]], ratios=[RATIOS3],
         tensor=[333, 517], grids=[[21, 33]], images=[[333, 517]],
         pre_nms_top_n=1000, post_nms_top_n=100, nms_thresh=0.5, min_size=16.0, score_thresh=0.3,
         delta_sigma=0.5, delta_scale=1 / 32, logit_range=[-3, 3]),
    dict(name="fpn5_per_level_nms", sizes=[[32], [64], [128], [256], [512]], ratios=[RATIOS3] * 5,
         tensor=[320, 480], grids=[[80, 120], [40, 60], [20, 30], [10, 15], [5, 8]],
         images=[[320, 480], [300, 451]],
         pre_nms_top_n=1000, post_nms_top_n=1000, nms_thresh=0.7, min_size=1e-3, score_thresh=0.0,
         delta_sigma=0.5, delta_scale=1 / 32, logit_range=[-3, 3]),
    dict(name="fpn5_offset_nms", sizes=[[32], [64], [128], [256], [512]], ratios=[RATIOS3] * 5,
         tensor=[200, 304], grids=[[50, 76], [25, 38], [13, 19], [7, 10], [4, 5]], images=[[200, 300]],
         pre_nms_top_n=150, post_nms_top_n=50, nms_thresh=0.6, min_size=4.0, score_thresh=0.05,
         delta_sigma=0.5, delta_scale=1 / 32, logit_range=[-3, 3]),
    dict(name="fpn3_two_sizes_five_ratios", sizes=[[16, 24], [48, 64], [96, 128]],
         ratios=[[0.25, 0.5, 1.0, 2.0, 4.0]] * 3,
         tensor=[257, 389], grids=[[33, 49], [17, 25], [9, 13]], images=[[257, 389], [250, 380]],
         pre_nms_top_n=500, post_nms_top_n=200, nms_thresh=0.8, min_size=2.0, score_thresh=0.2,
         delta_sigma=0.5, delta_scale=1 / 32, logit_range=[-3, 3]),
    dict(name="large_deltas_clamped", sizes=[[64]], ratios=[[1.0]],
         tensor=[160, 224], grids=[[10, 14]], images=[[160, 224]],
         pre_nms_top_n=140, post_nms_top_n=50, nms_thresh=0.3, min_size=1e-3, score_thresh=0.0,
         delta_sigma=3.0, delta_scale=1 / 8, logit_range=[-3, 3]),
    dict(name="nothing_passes_threshold", sizes=[[32], [64]], ratios=[RATIOS3] * 2,
         tensor=[128, 128], grids=[[16, 16], [8, 8]], images=[[128, 128]],
         pre_nms_top_n=100, post_nms_top_n=100, nms_thresh=0.7, min_size=1e-3, score_thresh=0.999,
         delta_sigma=0.5, delta_scale=1 / 32, logit_range=[-8, 2]),
]

# Bench loads of the foundation issue.
LOAD_A = dict(name="load_a", sizes=[[128, 256, 512]], ratios=[RATIOS3], tensor=[608, 800], grids=[[38, 50]],
              images=[[600, 800]], pre_nms_top_n=6000, post_nms_top_n=300, nms_thresh=0.7, min_size=1e-3,
              score_thresh=0.0, delta_sigma=0.5, delta_scale=1 / 32, logit_range=[-3, 3])
LOAD_B = dict(name="load_b", sizes=[[32], [64], [128], [256], [512]], ratios=[RATIOS3] * 5,
              tensor=[800, 1216], grids=[[200, 304], [100, 152], [50, 76], [25, 38], [13, 19]],
              images=[[800, 1216]], pre_nms_top_n=1000, post_nms_top_n=1000, nms_thresh=0.7, min_size=1e-3,
              score_thresh=0.0, delta_sigma=0.5, delta_scale=1 / 32, logit_range=[-3, 3])
NMS_SIZES = [2000, 6000, 12000]


class FixedHead(torch.nn.Module):
    """An RPN head that returns given tensors, so RegionProposalNetwork.forward runs on chosen values."""

    def __init__(self):
        super().__init__()
        self.objectness = None
        self.deltas = None

    def forward(self, features):
        return self.objectness, self.deltas


def make_rpn(cfg):
    anchor_generator = AnchorGenerator(tuple(tuple(s) for s in cfg["sizes"]), tuple(tuple(r) for r in cfg["ratios"]))
    head = FixedHead()
    rpn = RegionProposalNetwork(anchor_generator, head, 0.7, 0.3, 256, 0.5,
                                dict(training=cfg["pre_nms_top_n"], testing=cfg["pre_nms_top_n"]),
                                dict(training=cfg["post_nms_top_n"], testing=cfg["post_nms_top_n"]),
                                cfg["nms_thresh"], score_thresh=cfg["score_thresh"])
    rpn.min_size = cfg["min_size"]  # a constructor constant in torchvision; configurable in vidprop
    return rpn.eval(), head


def distinct_logits(gen, count, lo, hi):
    """Distinct logits spread over [lo, hi): ties in objectness would make torchvision's topk order arbitrary."""
    step = (hi - lo) / count
    perm = torch.randperm(count, generator=gen).to(torch.float64)
    jitter = torch.rand(count, generator=gen, dtype=torch.float64) * 0.4
    return (lo + (perm + jitter) * step).to(torch.float32)


def draw_inputs(cfg, seed):
    gen = torch.Generator().manual_seed(seed)
    n = len(cfg["images"])
    shapes = [(len(sizes) * len(ratios), gh, gw)
              for (gh, gw), sizes, ratios in zip(cfg["grids"], cfg["sizes"], cfg["ratios"])]
    counts = [a * gh * gw for a, gh, gw in shapes]
    # One draw over all levels of an image keeps every logit, and so every sigmoid score, distinct.
    per_image = [distinct_logits(gen, sum(counts), *cfg["logit_range"]).split(counts) for _ in range(n)]
    objectness, deltas_q = [], []
    for level, (a, gh, gw) in enumerate(shapes):
        objectness.append(torch.stack([per_image[i][level].reshape(a, gh, gw) for i in range(n)]))
        q = torch.round(torch.randn(n, 4 * a, gh, gw, generator=gen) * (cfg["delta_sigma"] / cfg["delta_scale"]))
        deltas_q.append(q.clamp(-127, 127).to(torch.int8))
    return objectness, deltas_q


def run_rpn(cfg, rpn, head, objectness, deltas_q):
    n = len(cfg["images"])
    th, tw = cfg["tensor"]
    images = ImageList(torch.zeros(n, 3, th, tw), [tuple(s) for s in cfg["images"]])
    features = {str(i): torch.zeros(n, 1, gh, gw) for i, (gh, gw) in enumerate(cfg["grids"])}
    head.objectness = objectness
    head.deltas = [q.to(torch.float32) * cfg["delta_scale"] for q in deltas_q]
    with torch.no_grad():
        boxes, _ = rpn(images, features)
        scores = last_scores(rpn, cfg, images, features)
    return images, features, boxes, scores


def last_scores(rpn, cfg, images, features):
    """RegionProposalNetwork.forward returns boxes only; recompute the scores the same way filter_proposals does."""
    from torchvision.models.detection.rpn import concat_box_prediction_layers
    feats = list(features.values())
    objectness, deltas = rpn.head(feats)
    anchors = rpn.anchor_generator(images, feats)
    num_images = len(anchors)
    num_anchors_per_level = [o[0].numel() for o in objectness]
    objectness, deltas = concat_box_prediction_layers(objectness, deltas)
    proposals = rpn.box_coder.decode(deltas.detach(), anchors).view(num_images, -1, 4)
    _, scores = rpn.filter_proposals(proposals, objectness, images.image_sizes, num_anchors_per_level)
    return scores


def fixture_entries(cfg, seed):
    rpn, head = make_rpn(cfg)
    for attempt in range(20):
        objectness, deltas_q = draw_inputs(cfg, seed + 1000 * attempt)
        images, features, boxes, scores = run_rpn(cfg, rpn, head, objectness, deltas_q)
        # Equal scores across levels would leave torchvision's final sort order arbitrary: draw again.
        if all(torch.unique(s).numel() == s.numel() for s in scores):
            break
    else:
        raise SystemExit(f"{cfg['name']}: could not draw inputs without tied scores")
    anchors = rpn.anchor_generator(images, list(features.values()))[0]
    assert torch.equal(anchors, anchors.round()), "anchors are expected to be whole pixels"
    config = {k: v for k, v in cfg.items()}
    config["seed"] = seed
    config["torch"] = torch.__version__
    config["torchvision"] = torchvision.__version__
    entries = {"config": config}
    offset = 0
    for level, (obj, q) in enumerate(zip(objectness, deltas_q)):
        entries[f"objectness_{level}"] = obj.numpy()
        entries[f"deltas_{level}"] = q.numpy()
        count = obj[0].numel()
        entries[f"anchors_{level}"] = anchors[offset:offset + count].to(torch.int16).numpy()
        offset += count
    for i, (b, s) in enumerate(zip(boxes, scores)):
        entries[f"boxes_{i}"] = b.numpy().astype(np.float32)
        entries[f"scores_{i}"] = s.numpy().astype(np.float32)
    return entries, [b.shape[0] for b in boxes]


def box_coder_entries(seed):
    gen = torch.Generator().manual_seed(seed)
    n = 1000
    xy = torch.rand(n, 2, generator=gen) * 600 - 50
    wh = torch.rand(n, 2, generator=gen) * 300 + 1
    anchors = torch.cat([xy, xy + wh], dim=1)
    deltas = torch.randn(n, 4, generator=gen) * 1.5
    deltas[::10, 2:] += 6.0  # beyond the clamp at log(1000/16)
    gxy = xy + torch.randn(n, 2, generator=gen) * 20
    gwh = wh * torch.exp(torch.randn(n, 2, generator=gen) * 0.5)
    gt = torch.cat([gxy, gxy + gwh], dim=1)
    entries = {"anchors": anchors.numpy(), "deltas": deltas.numpy(), "gt": gt.numpy()}
    for name, weights in [("unit", (1.0, 1.0, 1.0, 1.0)), ("rcnn", (10.0, 10.0, 5.0, 5.0))]:
        coder = det_utils.BoxCoder(weights)
        entries[f"decoded_{name}"] = coder.decode_single(deltas, anchors).numpy()
        entries[f"encoded_{name}"] = coder.encode_single(gt, anchors).numpy()
    entries["config"] = {"weights": {"unit": [1, 1, 1, 1], "rcnn": [10, 10, 5, 5]}, "seed": seed}
    return entries


def random_boxes(gen, n, height, width, min_side=16, max_side=256):
    xy = torch.rand(n, 2, generator=gen) * torch.tensor([width, height])
    wh = torch.rand(n, 2, generator=gen) * (max_side - min_side) + min_side
    return torch.cat([xy, xy + wh], dim=1)


def nms_entries(seed):
    """Random box sets with the awkward cases: tied scores, duplicate, zero-area and touching boxes."""
    gen = torch.Generator().manual_seed(seed)
    entries, cases = {}, []
    for case in range(12):
        n = [50, 200, 500, 1000][case % 4]
        boxes = random_boxes(gen, n, 200, 300, 2, 80)
        scores = torch.rand(n, generator=gen)
        if case % 3 == 0:
            scores = torch.round(scores * 8) / 8  # many ties
        if case % 2 == 0:
            dup = torch.randint(0, n, (n // 5,), generator=gen)
            boxes[dup[: len(dup) // 2]] = boxes[dup[len(dup) // 2: 2 * (len(dup) // 2)]]  # duplicates
        if case % 4 == 1:
            boxes[::7, 2] = boxes[::7, 0]  # zero width
            boxes[3::11, 3] = boxes[3::11, 1]  # zero height
        if case % 4 == 2:
            # Integer boxes on a grid: many exactly touching edges.
            boxes = torch.floor(boxes / 10) * 10
            boxes[:, 2:] = boxes[:, :2] + torch.randint(1, 5, (n, 2), generator=gen) * 10
        threshold = [0.0, 0.3, 0.5, 0.7, 0.9, 1.0][case % 6]
        keep = nms(boxes, scores, threshold)
        entries[f"boxes_{case}"] = boxes.numpy()
        entries[f"scores_{case}"] = scores.numpy()
        entries[f"keep_{case}"] = keep.to(torch.int32).numpy()
        cases.append({"case": case, "n": n, "iou_threshold": threshold})
    entries["config"] = {"cases": cases, "seed": seed}
    return entries


class TinyBody(torch.nn.Module):
    """A small random-weight backbone body: three stride-2 stages feeding torchvision's FPN."""

    def __init__(self, widths=(16, 24, 32)):
        super().__init__()
        stages, c_in = [], 3
        for i, c in enumerate(widths):
            stride = 4 if i == 0 else 2
            stages.append(torch.nn.Sequential(
                torch.nn.Conv2d(c_in, c, 3, stride=stride, padding=1), torch.nn.ReLU(inplace=True),
                torch.nn.Conv2d(c, c, 3, padding=1), torch.nn.ReLU(inplace=True)))
            c_in = c
        self.stages = torch.nn.ModuleList(stages)

    def forward(self, x):
        out = OrderedDict()
        for i, stage in enumerate(self.stages):
            x = stage(x)
            out[str(i)] = x
        return out


class RpnExport(torch.nn.Module):
    """What vidprop loads from TorchScript: images [N,3,H,W] in, then per level objectness [N,A,H,W] followed by
    per level deltas [N,4A,H,W] out, as one flat list."""

    def __init__(self, backbone, head):
        super().__init__()
        self.backbone = backbone
        self.head = head

    def forward(self, images: torch.Tensor) -> List[torch.Tensor]:
        features = list(self.backbone(images).values())
        objectness, deltas = self.head(features)
        return objectness + deltas


def torchscript_fixture(out_dir, seed=21):
    """A small backbone with FPN and torchvision's RPNHead (random weights), exported as TorchScript with its
    vidprop model config, plus torchvision's RegionProposalNetwork proposals for a few input tensors."""
    from torchvision.models.detection.backbone_utils import BackboneWithFPN  # noqa: F401 (documents the shape)
    from torchvision.models.detection.rpn import RPNHead
    from torchvision.ops.feature_pyramid_network import FeaturePyramidNetwork, LastLevelMaxPool

    torch.manual_seed(seed)
    body = TinyBody()
    fpn = FeaturePyramidNetwork([16, 24, 32], 32, extra_blocks=LastLevelMaxPool())

    class Backbone(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.body = body
            self.fpn = fpn

        def forward(self, x):
            return self.fpn(self.body(x))

    head = RPNHead(32, 3)
    for layer in head.modules():  # larger than torchvision's init (std 0.01) so deltas and scores spread out
        if isinstance(layer, torch.nn.Conv2d):
            torch.nn.init.normal_(layer.weight, std=0.1)
    backbone = Backbone().eval()
    export = RpnExport(backbone, head).eval()
    sizes = ((16,), (32,), (64,), (128,))
    cfg = dict(sizes=[list(s) for s in sizes], ratios=[RATIOS3] * 4, pre_nms_top_n=300, post_nms_top_n=100,
               nms_thresh=0.7, min_size=1e-3, score_thresh=0.0)
    rpn = RegionProposalNetwork(AnchorGenerator(sizes, ((0.5, 1.0, 2.0),) * 4), head, 0.7, 0.3, 256, 0.5,
                                dict(training=300, testing=300), dict(training=100, testing=100), 0.7).eval()
    scripted = torch.jit.script(export)
    model_dir = os.path.join(out_dir, "torchscript_fpn")
    os.makedirs(model_dir, exist_ok=True)
    scripted.save(os.path.join(model_dir, "model.pt"))
    config = {
        "format": "vidprop-rpn/1",
        "modelId": "torchvision-fpn-random",
        "network": {"type": "torchscript", "file": "model.pt"},
        "levels": [{"stride": st, "sizes": list(sz), "aspectRatios": RATIOS3} for st, sz in zip((4, 8, 16, 32), sizes)],
        "boxCoderWeights": [1.0, 1.0, 1.0, 1.0],
        "input": {"minSize": 160, "maxSize": 224, "sizeDivisible": 32,
                  "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]},
        "proposals": {"preNmsTopN": cfg["pre_nms_top_n"], "postNmsTopN": cfg["post_nms_top_n"],
                      "nmsThreshold": cfg["nms_thresh"], "minSize": cfg["min_size"],
                      "scoreThreshold": cfg["score_thresh"]},
        "metadata": {"madeBy": "tools/rpn_fixtures.py", "torch": torch.__version__,
                     "torchvision": torchvision.__version__, "seed": seed},
    }
    with open(os.path.join(model_dir, "model.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    gen = torch.Generator().manual_seed(seed + 1)
    entries, counts = {}, []
    for case, (n, h, w) in enumerate([(2, 160, 224), (1, 128, 192)]):
        images_q = torch.round(torch.randn(n, 3, h, w, generator=gen) * 32).clamp(-127, 127).to(torch.int8)
        images = images_q.to(torch.float32) / 32  # exactly representable, stored compactly as int8
        with torch.no_grad():
            features = backbone(images)
            boxes, _ = rpn(ImageList(images, [(h, w)] * n), features)
            scores = last_scores(rpn, cfg, ImageList(images, [(h, w)] * n), features)
            outputs = scripted(images)
            assert torch.allclose(torch.cat([o.flatten() for o in outputs]),
                                  torch.cat([o.flatten() for o in export(images)]))
        entries[f"images_{case}"] = images_q.numpy()
        for i in range(n):
            entries[f"boxes_{case}_{i}"] = boxes[i].numpy()
            entries[f"scores_{case}_{i}"] = scores[i].numpy()
            counts.append(int(boxes[i].shape[0]))
    entries["config"] = {"cases": 2, "seed": seed, "image_scale": 1 / 32}
    path = os.path.join(model_dir, "expected.vpt.gz")
    vpt.write(path, entries)
    print(f"{model_dir}: TorchScript model and torchvision proposals {counts}")
    onnx_fixture(out_dir, export, config)
    photo_fixture(out_dir, backbone, rpn, cfg, config)


def onnx_fixture(out_dir, export, config):
    """The same network as the TorchScript fixture, exported as ONNX by the export tool (its proposals are checked
    against torchscript_fpn/expected.vpt.gz)."""
    model_dir = os.path.join(out_dir, "onnx_fpn")
    os.makedirs(model_dir, exist_ok=True)
    example = torch.rand(1, 3, 160, 224, generator=torch.Generator().manual_seed(5))
    export_torchvision_rpn.save_network(export, model_dir, "onnx", len(config["levels"]), example)
    onnx_config = dict(config, modelId="torchvision-fpn-random-onnx", network={"type": "onnx", "file": "model.onnx"})
    with open(os.path.join(model_dir, "model.json"), "w") as f:
        json.dump(onnx_config, f, indent=2)
        f.write("\n")
    print(f"{model_dir}: ONNX model, {os.path.getsize(os.path.join(model_dir, 'model.onnx'))} bytes")


# Photographs from Debian's opencv-doc package (OpenCV's samples/data, Apache-2.0 per its debian/copyright), none a
# multiple of the stride in either side.
PHOTO_PACKAGE_DIR = "/usr/share/doc/opencv-doc/examples/data"
PHOTOS = ["building.jpg", "butterfly.jpg", "squirrel_cls.jpg", "HappyFish.jpg"]


def photo_fixture(out_dir, backbone, rpn, cfg, config, photo_dir=None):
    """torchvision end to end on real JPEG photographs: OpenCV decodes the bytes (as vidprop does), then the model's
    own GeneralizedRCNNTransform (normalise, bilinear resize, pad), the backbone, the RegionProposalNetwork and the
    transform's postprocess (boxes back to the photograph's pixels). The JPEG bytes go into the fixture unchanged so
    that vidprop decodes the very same bytes."""
    import cv2
    from torchvision.models.detection.transform import GeneralizedRCNNTransform

    photo_dir = photo_dir or os.environ.get("VIDPROP_PHOTO_DIR", PHOTO_PACKAGE_DIR)
    inp = config["input"]
    transform = GeneralizedRCNNTransform(inp["minSize"], inp["maxSize"], inp["mean"], inp["std"],
                                         size_divisible=inp["sizeDivisible"]).eval()
    entries = {"config": {"photos": PHOTOS, "source": "Debian opencv-doc samples/data (Apache-2.0)"}}
    for i, name in enumerate(PHOTOS):
        with open(os.path.join(photo_dir, name), "rb") as f:
            encoded = f.read()
        bgr = cv2.imdecode(np.frombuffer(encoded, np.uint8), cv2.IMREAD_COLOR)
        rgb = torch.from_numpy(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)).permute(2, 0, 1).float() / 255
        with torch.no_grad():
            images, _ = transform([rgb])
            features = backbone(images.tensors)
            boxes, _ = rpn(images, features)
            scores = last_scores(rpn, cfg, images, features)
            detections = transform.postprocess([{"boxes": boxes[0]}], images.image_sizes,
                                               [tuple(rgb.shape[-2:])])
        entries[f"jpeg_{i}"] = np.frombuffer(encoded, np.uint8).astype(np.int8)
        entries[f"pixels_sum_{i}"] = np.array([int(bgr.astype(np.int64).sum())], np.int32)
        entries[f"boxes_{i}"] = detections[0]["boxes"].numpy()
        entries[f"scores_{i}"] = scores[0].numpy()
        print(f"  {name}: {rgb.shape[2]}x{rgb.shape[1]} -> {images.image_sizes[0]}, {boxes[0].shape[0]} proposals")
    path = os.path.join(out_dir, "onnx_fpn", "photos.vpt.gz")
    vpt.write(path, entries)
    print(f"{path}: {os.path.getsize(path)} bytes")


def write_fixtures(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for i, cfg in enumerate(CONFIGS):
        entries, counts = fixture_entries(cfg, seed=100 + i)
        path = os.path.join(out_dir, f"rpn_{cfg['name']}.vpt.gz")
        vpt.write(path, entries)
        print(f"{path}: proposals per image {counts}, {os.path.getsize(path)} bytes")
    for name, entries in [("box_coder", box_coder_entries(7)), ("nms", nms_entries(11))]:
        path = os.path.join(out_dir, f"{name}.vpt.gz")
        vpt.write(path, entries)
        print(f"{path}: {os.path.getsize(path)} bytes")
    torchscript_fixture(out_dir)


def timed(fn, warmup, runs):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1e3)
    return {"median_ms": statistics.median(samples), "mean_ms": statistics.fmean(samples),
            "min_ms": min(samples), "runs": runs}


def time_torchvision(out_dir, warmup, runs):
    """Times torchvision's CPU post-processing (everything RegionProposalNetwork does after its head: anchors,
    decoding, filter_proposals) on the bench loads, and torchvision.ops.nms on random boxes. Writes the loads
    with torchvision's outputs for the Java bench to check, and the timings as JSON."""
    os.makedirs(out_dir, exist_ok=True)
    timings = {"torch": torch.__version__, "torchvision": torchvision.__version__,
               "torch_threads": torch.get_num_threads(), "loads": {}, "nms": {}}
    for i, cfg in enumerate([LOAD_A, LOAD_B]):
        entries, counts = fixture_entries(cfg, seed=500 + i)
        vpt.write(os.path.join(out_dir, f"{cfg['name']}.vpt.gz"), entries)
        rpn, head = make_rpn(cfg)
        objectness = [torch.from_numpy(entries[f"objectness_{l}"]) for l in range(len(cfg["grids"]))]
        deltas_q = [torch.from_numpy(entries[f"deltas_{l}"]) for l in range(len(cfg["grids"]))]
        n = len(cfg["images"])
        images = ImageList(torch.zeros(n, 3, *cfg["tensor"]), [tuple(s) for s in cfg["images"]])
        features = {str(l): torch.zeros(n, 1, gh, gw) for l, (gh, gw) in enumerate(cfg["grids"])}
        head.objectness = objectness
        head.deltas = [q.to(torch.float32) * cfg["delta_scale"] for q in deltas_q]

        def post_process():
            with torch.no_grad():
                return rpn(images, features)

        timings["loads"][cfg["name"]] = dict(timed(post_process, warmup, runs), proposals=counts[0])
        print(f"{cfg['name']}: torchvision {timings['loads'][cfg['name']]['median_ms']:.3f} ms (median)")
    gen = torch.Generator().manual_seed(900)
    for n in NMS_SIZES:
        boxes = random_boxes(gen, n, 800, 1216)
        scores = torch.rand(n, generator=gen)
        keep = nms(boxes, scores, 0.7)
        vpt.write(os.path.join(out_dir, f"nms_{n}.vpt.gz"),
                  {"boxes": boxes.numpy(), "scores": scores.numpy(), "keep": keep.to(torch.int32).numpy(),
                   "config": {"iou_threshold": 0.7, "n": n}})
        timings["nms"][str(n)] = dict(timed(lambda: nms(boxes, scores, 0.7), warmup, runs), kept=int(keep.numel()))
        print(f"nms {n}: torchvision {timings['nms'][str(n)]['median_ms']:.3f} ms (median)")
    with open(os.path.join(out_dir, "torchvision-timings.json"), "w") as f:
        json.dump(timings, f, indent=2, sort_keys=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", help="output folder (default: the test fixtures folder, or bench/results with --time)")
    parser.add_argument("--time", action="store_true", help="time torchvision on the bench loads instead")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    torch.use_deterministic_algorithms(True)
    if args.time:
        time_torchvision(args.out or os.path.join(ROOT, "bench", "results"), args.warmup, args.runs)
    else:
        write_fixtures(args.out or FIXTURES)


if __name__ == "__main__":
    main()
