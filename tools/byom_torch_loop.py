#!/usr/bin/env python3
"""The plain PyTorch loop a user would write around a torchvision Faster R-CNN's RPN, timed stage by stage.

    /usr/bin/python3 tools/byom_torch_loop.py --arch fasterrcnn_mobilenet_v3_large_320_fpn --video FILE \
        --frames 60 --threads 1 2 [--min-size 384 --max-size 512]

Decodes the video with OpenCV, then per frame: BGR->RGB float tensor, model.transform (normalise, resize, pad),
model.backbone, model.rpn (head, anchors, decoding, NMS), one frame at a time, torch.no_grad, random weights (speed
does not depend on them). Prints one JSON line per thread count: frames/s over the timed frames (after 5 warm-up
frames) and the milliseconds per frame of each stage.
"""
import argparse
import json
import time

import cv2
import torch
from torchvision.models import detection


def run(model, video, frames, warmup):
    """The loop over FRAMES frames after WARMUP; returns frames/s of the loop itself and ms per frame per stage. The
    RPN head runs once more on its own, outside the loop's time, to split the network from the post-processing."""
    cap = cv2.VideoCapture(video)
    ms = {"decode": 0.0, "preprocess": 0.0, "network": 0.0, "postprocess": 0.0}
    loop_seconds, timed = 0.0, 0
    for i in range(warmup + frames):
        t0 = time.perf_counter()
        ok, bgr = cap.read()
        if not ok:
            break
        rgb = torch.from_numpy(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)).permute(2, 0, 1).float().div_(255)
        t1 = time.perf_counter()
        with torch.no_grad():
            images, _ = model.transform([rgb])
            t2 = time.perf_counter()
            features = model.backbone(images.tensors)
            t3 = time.perf_counter()
            model.rpn(images, features)  # head, anchors, decoding, top-k, NMS
            t4 = time.perf_counter()
            model.rpn.head(list(features.values()))
            t5 = time.perf_counter()
        if i < warmup:
            continue
        head = t5 - t4
        ms["decode"] += t1 - t0
        ms["preprocess"] += t2 - t1
        ms["network"] += (t3 - t2) + head
        ms["postprocess"] += max(0.0, (t4 - t3) - head)
        loop_seconds += t4 - t0
        timed += 1
    cap.release()
    return timed / loop_seconds, {k: round(1000 * v / timed, 2) for k, v in ms.items()}, timed


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", required=True)
    p.add_argument("--video", required=True)
    p.add_argument("--frames", type=int, default=60)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--min-size", type=int)
    p.add_argument("--max-size", type=int)
    args = p.parse_args()
    sizes = {k: v for k, v in (("min_size", args.min_size), ("max_size", args.max_size)) if v is not None}
    model = getattr(detection, args.arch)(weights=None, weights_backbone=None, **sizes).eval()
    for threads in args.threads:
        torch.set_num_threads(threads)
        fps, ms, n = run(model, args.video, args.frames, args.warmup)
        print(json.dumps({"arch": args.arch, "threads": threads, "frames": n, "fps": round(fps, 2), "ms": ms}),
              flush=True)

if __name__ == "__main__":
    main()
