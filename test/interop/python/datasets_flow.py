"""The `datasets` library against a hub: argv = endpoint, token. push_to_hub, then load_dataset."""
import os
import sys
import tempfile

endpoint, token = sys.argv[1:3]
os.environ["HF_ENDPOINT"] = endpoint
os.environ["HF_TOKEN"] = token
os.environ["HF_HUB_DISABLE_XET"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ["HF_DATASETS_CACHE"] = tempfile.mkdtemp()

import datasets  # noqa: E402

datasets.disable_progress_bars()
ds = datasets.Dataset.from_dict({"text": ["a", "b", "c"], "label": [0, 1, 0]})
ds.push_to_hub("alice/pushed-dataset")
loaded = datasets.load_dataset("alice/pushed-dataset")
assert loaded["train"].num_rows == 3, loaded
assert loaded["train"][1] == {"text": "b", "label": 1}, loaded["train"][1]
assert loaded["train"].features["label"].dtype == "int64"
print("ok")
