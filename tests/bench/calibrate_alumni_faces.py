#!/usr/bin/env python
"""Calibration of the album face-search match threshold (docs/decisions/0137). No database.

    .venv/bin/python tests/bench/calibrate_alumni_faces.py [--lfw-subset PATH]

The set, all from images shipped inside PyPI packages (tests/tenant_apps/alumni_albums/images/
README.md): three identities in five photos (obama.jpg, obama2.jpg, obama3.jpg and the left face
of group.jpg; biden.jpg and the right face of group.jpg; astronaut.jpg from scikit-image), each
also seen through eight degradations a phone album has (mirror, half size, dark, bright, JPEG
quality 20, rotated 10 degrees both ways, grey). Genuine pairs: two pictures of one identity from
*different* photos; impostor pairs: pictures of two identities. With --lfw-subset (scikit-image's
`skimage/data/lfw_subset.npy`, 100 LFW faces at 25x25 px, read from the wheel, never shipped
here) the 100 faces are encoded on their whole frame and all their pairs added as impostors
(different people at a very low resolution: a hard, pessimistic impostor set).

Prints the distance distributions, the error rates at candidate thresholds and the chosen one.
"""

from __future__ import annotations

import argparse
import io
import itertools
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
IMAGES = ROOT / "tests" / "tenant_apps" / "alumni_albums" / "images"
PHOTOS = {"obama.jpg": ["A"], "obama2.jpg": ["A"], "obama3.jpg": ["A"], "biden.jpg": ["B"], "group.jpg": ["A", "B"], "astronaut.jpg": ["C"]}


def variants(image):
    from PIL import ImageEnhance, ImageOps

    def jpeg(img, quality):
        buffer = io.BytesIO()
        img.save(buffer, format="JPEG", quality=quality)
        return buffer.getvalue()

    yield "original", jpeg(image, 90)
    yield "mirror", jpeg(ImageOps.mirror(image), 90)
    yield "half", jpeg(image.resize((image.width // 2, image.height // 2)), 90)
    yield "dark", jpeg(ImageEnhance.Brightness(image).enhance(0.55), 90)
    yield "bright", jpeg(ImageEnhance.Brightness(image).enhance(1.5), 90)
    yield "jpeg20", jpeg(image, 20)
    yield "rot+10", jpeg(image.rotate(10, expand=True, fillcolor=(255, 255, 255)), 90)
    yield "rot-10", jpeg(image.rotate(-10, expand=True, fillcolor=(255, 255, 255)), 90)
    yield "grey", jpeg(ImageOps.grayscale(image).convert("RGB"), 90)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lfw-subset", help="path of skimage/data/lfw_subset.npy (from the scikit-image wheel)")
    args = parser.parse_args()
    import django

    django.setup()
    import numpy as np
    from PIL import Image

    from tenant_apps.alumni.albums import faces

    samples = []  # (identity, photo, variant, encoding)
    missed = 0
    for photo, identities in PHOTOS.items():
        image = Image.open(IMAGES / photo).convert("RGB")
        for variant, data in variants(image):
            found = sorted(faces.find_faces(data), key=lambda f: f.box[3])  # left to right
            if len(found) != len(identities):
                missed += 1
                continue
            if variant == "mirror":
                found = found[::-1]
            samples += [(identity, photo, variant, face.encoding) for identity, face in zip(identities, found, strict=True)]
    genuine, impostor = [], []
    for a, b in itertools.combinations(samples, 2):
        distance = float(np.linalg.norm(a[3] - b[3]))
        if a[0] == b[0] and a[1] != b[1]:
            genuine.append(distance)
        elif a[0] != b[0]:
            impostor.append(distance)
    lfw = []
    if args.lfw_subset:
        api = faces.api()
        crops = np.load(args.lfw_subset)[:100]
        encodings = []
        for crop in crops:
            pixels = np.asarray(Image.fromarray((crop * 255).astype("uint8")).resize((150, 150)).convert("RGB"))
            encodings.append(api.face_encodings(pixels, [(0, 150, 150, 0)], model="small")[0])
        lfw = [float(np.linalg.norm(a - b)) for a, b in itertools.combinations(encodings, 2)]
    genuine, impostor, lfw = np.array(genuine), np.array(impostor), np.array(lfw)
    print(f"pictures: {len(samples)} faces from {len(PHOTOS)} photos x 9 variants ({missed} pictures where detection missed a face were left out)")
    print(f"genuine pairs: {len(genuine)}, distance min {genuine.min():.3f} median {np.median(genuine):.3f} p99 {np.percentile(genuine, 99):.3f} max {genuine.max():.3f}")
    print(f"impostor pairs: {len(impostor)}, distance min {impostor.min():.3f} p1 {np.percentile(impostor, 1):.3f} median {np.median(impostor):.3f}")
    if len(lfw):
        print(f"LFW 25x25 impostor pairs: {len(lfw)}, distance min {lfw.min():.3f} p1 {np.percentile(lfw, 1):.3f} median {np.median(lfw):.3f}")
    print("threshold  false-reject(genuine)  false-accept(impostor)" + ("  false-accept(LFW 25px)" if len(lfw) else ""))
    for threshold in (0.4, 0.45, 0.5, 0.55, 0.6):
        line = f"  {threshold:.2f}     {np.mean(genuine > threshold) * 100:6.2f} %            {np.mean(impostor <= threshold) * 100:6.2f} %"
        if len(lfw):
            line += f"             {np.mean(lfw <= threshold) * 100:6.2f} %"
        print(line)
    print(f"chosen: {faces.MATCH_THRESHOLD}")


if __name__ == "__main__":
    main()
