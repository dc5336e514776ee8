"""huggingface_hub >= 1.20 with hf_xet and HF_HUB_DISABLE_XET unset: argv = endpoint, token.

Large files go through Xet unconditionally, and the hub's 404 on xet-write-token stops them; small
(regular) files still upload. Prints the error class and message, then the small file's commit.
"""
import os
import sys
import tempfile

endpoint, token = sys.argv[1:3]
os.environ["HF_ENDPOINT"] = endpoint
os.environ.pop("HF_HUB_DISABLE_XET", None)
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
from huggingface_hub import HfApi  # noqa: E402

api = HfApi(token=token)
api.create_repo("alice/xet-default")
work = tempfile.mkdtemp()
with open(os.path.join(work, "w.bin"), "wb") as f:
    f.write(os.urandom(11 * 1024 * 1024))
with open(os.path.join(work, "small.txt"), "w") as f:
    f.write("hi\n")
try:
    api.upload_file(path_or_fileobj=os.path.join(work, "w.bin"), path_in_repo="w.bin", repo_id="alice/xet-default")
    print("uploaded")
except Exception as e:  # noqa: BLE001
    print("error", type(e).__name__, str(e).splitlines()[0])
print("small", api.upload_file(path_or_fileobj=os.path.join(work, "small.txt"), path_in_repo="small.txt", repo_id="alice/xet-default").oid)
