"""huggingface_hub (the real Python client) against a hub: argv = endpoint, alice's token, bob's token.

Run by test/interop/hf-python.test.ts. Every step asserts; the last line printed is "ok".
"""
import os
import sys
import tempfile
import time

endpoint, alice, bob = sys.argv[1:4]
# Set before importing: huggingface_hub reads them once, at import.
os.environ["HF_ENDPOINT"] = endpoint
os.environ["HF_HUB_DISABLE_XET"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"

import json  # noqa: E402
import struct  # noqa: E402

import httpx2  # noqa: E402  (huggingface_hub's own HTTP client, for the like route it has no method for)
import huggingface_hub as hh  # noqa: E402
from huggingface_hub import HfApi  # noqa: E402
from huggingface_hub.errors import (  # noqa: E402
    RemoteEntryNotFoundError, RepositoryNotFoundError, RevisionNotFoundError,
)

api = HfApi(token=alice)
bapi = HfApi(token=bob)
repo = "alice/py-model"
work = tempfile.mkdtemp()


def write(path, data):
    full = os.path.join(work, "src", path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def step(name):
    print("step", name, flush=True)


step("whoami and create_repo")
assert api.whoami()["name"] == "alice"
url = api.create_repo(repo)
assert url == f"{endpoint}/{repo}" and url.repo_id == repo
assert api.create_repo(repo, exist_ok=True).repo_id == repo  # the 409 carries the url
api.create_repo("alice/py-data", repo_type="dataset", private=True)

step("upload_folder with an LFS file")
weights = os.urandom(12 * 1024 * 1024 + 3)
write("config.json", '{"model_type":"py"}\n')
write("README.md", "---\nlicense: mit\npipeline_tag: text-generation\n---\n# py\n")
write("weights.bin", weights)
write("sub/a.txt", "a\n")
header = json.dumps({"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}).encode()
write("model.safetensors", struct.pack("<Q", len(header)) + header + bytes(16))
info = api.upload_folder(folder_path=os.path.join(work, "src"), repo_id=repo, commit_message="upload folder")
assert info.commit_url == f"{endpoint}/{repo}/commit/{info.oid}"
assert sorted(api.list_repo_files(repo)) == [".gitattributes", "README.md", "config.json", "model.safetensors", "sub/a.txt", "weights.bin"]
mi = api.model_info(repo, files_metadata=True)
assert mi.sha == info.oid and mi.pipeline_tag == "text-generation" and mi.card_data["license"] == "mit"
sizes = {s.rfilename: (s.size, s.lfs.sha256 if s.lfs else None) for s in mi.siblings}
assert sizes["weights.bin"][0] == len(weights) and sizes["weights.bin"][1] is not None and sizes["config.json"] == (20, None)

step("hf_hub_download and snapshot_download")
cache = os.path.join(work, "cache")
p = hh.hf_hub_download(repo, "config.json", cache_dir=cache, token=alice)
assert open(p).read() == '{"model_type":"py"}\n'
p = hh.hf_hub_download(repo, "weights.bin", cache_dir=cache, token=alice)
assert open(p, "rb").read() == weights
snap = hh.snapshot_download(repo, cache_dir=os.path.join(work, "cache2"), token=alice)
assert sorted(os.listdir(snap)) == [".gitattributes", "README.md", "config.json", "model.safetensors", "sub", "weights.bin"]
assert snap.endswith(info.oid)
# Offline afterwards: the cache answers.
os.environ["HF_HUB_OFFLINE"] = "1"
assert hh.snapshot_download(repo, cache_dir=os.path.join(work, "cache2"), token=alice, local_files_only=True) == snap
del os.environ["HF_HUB_OFFLINE"]

step("existence checks and errors")
assert api.file_exists(repo, "config.json") and not api.file_exists(repo, "nope.json")
assert api.repo_exists(repo) and not api.repo_exists("alice/none")
assert not HfApi(token=bob).repo_exists("alice/py-data", repo_type="dataset")
for call, error in [
    (lambda: hh.hf_hub_download(repo, "nope.json", cache_dir=cache, token=alice), RemoteEntryNotFoundError),
    (lambda: hh.hf_hub_download("alice/none", "config.json", cache_dir=cache, token=alice), RepositoryNotFoundError),
    (lambda: hh.hf_hub_download(repo, "config.json", revision="nope", cache_dir=cache, token=alice), RevisionNotFoundError),
]:
    try:
        call()
        raise AssertionError(f"expected {error.__name__}")
    except error:
        pass

step("create_commit(create_pr=True) by a non-writer, and commits to refs/pr/1")
write("tok.json", "{}\n")
pr_commit = bapi.upload_file(path_or_fileobj=os.path.join(work, "src", "tok.json"), path_in_repo="tokenizer.json",
                             repo_id=repo, create_pr=True, commit_message="Add tokenizer")
assert pr_commit.pr_url == f"{endpoint}/{repo}/discussions/1" and pr_commit.pr_revision == "refs/pr/1"
assert not api.file_exists(repo, "tokenizer.json") and api.file_exists(repo, "tokenizer.json", revision="refs/pr/1")
bapi.upload_file(path_or_fileobj=os.path.join(work, "src", "tok.json"), path_in_repo="tokenizer2.json",
                 repo_id=repo, revision="refs/pr/1", commit_message="More")
details = api.get_discussion_details(repo, 1)
assert details.is_pull_request and details.status == "open" and details.target_branch == "refs/heads/main"
assert details.conflicting_files == [] and "tokenizer2.json" in details.diff
assert [e.type for e in details.events] == ["commit", "commit"]

step("discussions")
d = bapi.create_discussion(repo, title="A question", description="Hello **world**")
assert (d.num, d.title, d.author, d.status, d.is_pull_request) == (2, "A question", "bob", "open", False)
c = api.comment_discussion(repo, d.num, "Answer")
assert (c.content, c.author) == ("Answer", "alice")
e = api.edit_discussion_comment(repo, d.num, c.id, "Answer, edited")
assert e.content == "Answer, edited" and e.edited
r = api.rename_discussion(repo, d.num, "A better question")
assert (r.old_title, r.new_title) == ("A question", "A better question")
assert api.change_discussion_status(repo, d.num, "closed", comment="done").new_status == "closed"
assert api.hide_discussion_comment(repo, d.num, c.id).hidden
listed = [(x.num, x.title, x.status, x.is_pull_request, x.author) for x in api.get_repo_discussions(repo)]
assert listed == [(2, "A better question", "closed", False, "bob"), (1, "Add tokenizer", "open", True, "bob")], listed
assert [x.num for x in api.get_repo_discussions(repo, discussion_type="pull_request")] == [1]
empty = bapi.create_pull_request(repo, title="Empty PR")
assert (empty.num, empty.status, empty.git_reference) == (3, "draft", "refs/pr/3")

step("merge_pull_request")
api.merge_pull_request(repo, 1)
merged = api.get_discussion_details(repo, 1)
assert merged.status == "merged" and merged.merge_commit_oid == api.model_info(repo).sha
assert api.file_exists(repo, "tokenizer2.json")
refs = api.list_repo_refs(repo, include_pull_requests=True)
assert [b.name for b in refs.branches] == ["main"] and sorted(p.ref for p in refs.pull_requests) == ["refs/pr/1", "refs/pr/3"]

step("likes and downloads")
res = httpx2.post(f"{endpoint}/api/models/{repo}/like", headers={"authorization": f"Bearer {bob}"})
assert res.status_code == 200 and res.json() == {"liked": True, "likes": 1}
assert api.model_info(repo).likes == 1
assert api.list_liked_repos("bob").models == [repo]
assert [u.username for u in api.list_repo_likers(repo)] == ["bob"]
bapi.unlike(repo)
assert api.model_info(repo).likes == 0
time.sleep(1.5)  # counts are written about a second after the requests
# Every HEAD or GET of config.json counts, as on Hugging Face: HEAD + GET by hf_hub_download,
# HEAD + GET by snapshot_download, HEAD by file_exists.
downloads = api.model_info(repo, expand=["downloads"]).downloads
assert downloads == 5, downloads

step("file system, tree, safetensors, tags, settings, auth_check, super_squash")
fs = hh.HfFileSystem(token=alice)
assert fs.read_text(f"{repo}/sub/a.txt") == "a\n" and fs.info(f"{repo}/weights.bin")["size"] == len(weights)
assert sorted(x["name"] for x in fs.ls(repo, detail=True))[:2] == [f"{repo}/.gitattributes", f"{repo}/README.md"]
tree = {x.path: x for x in api.list_repo_tree(repo, expand=True)}
assert tree["config.json"].last_commit is not None and tree["weights.bin"].lfs.size == len(weights)
assert [p.path for p in api.get_paths_info(repo, ["config.json", "nope"], expand=True)] == ["config.json"]
assert api.get_safetensors_metadata(repo).files_metadata["model.safetensors"].tensors["w"].shape == [2, 2]
api.create_tag(repo, tag="v1", tag_message="first")
assert open(hh.hf_hub_download(repo, "config.json", revision="v1", cache_dir=cache, token=alice)).read() == '{"model_type":"py"}\n'
api.update_repo_settings(repo, private=True)
assert api.model_info(repo).private and not bapi.repo_exists(repo)
api.update_repo_settings(repo, private=False)
api.auth_check(repo)
api.auth_check(repo, write=True)
try:
    bapi.auth_check(repo, write=True)
    raise AssertionError("bob may not write")
except hh.errors.HfHubHTTPError as err:
    assert err.response.status_code == 403
api.create_branch(repo, branch="squash-me")
api.super_squash_history(repo, branch="squash-me")
assert len(api.list_repo_commits(repo, revision="squash-me")) == 1
assert sorted(api.list_repo_files(repo, revision="squash-me")) == sorted(api.list_repo_files(repo))

step("branches, deletions, listings, delete_repo")
api.create_branch(repo, branch="dev")
api.delete_file("sub/a.txt", repo, revision="dev")
assert "sub/a.txt" not in api.list_repo_files(repo, revision="dev") and "sub/a.txt" in api.list_repo_files(repo)
api.delete_branch(repo, branch="dev")
assert [m.id for m in api.list_models(author="alice")] == [repo]
assert [m.id for m in api.list_models(search="py-mo")] == [repo]
assert [x.id for x in api.list_datasets(author="alice")] == ["alice/py-data"] and list(bapi.list_datasets(author="alice")) == []
assert [c.title for c in api.list_repo_commits(repo)][0] == "Merge pull request #1: Add tokenizer"
api.delete_repo(repo)
api.delete_repo(repo, missing_ok=True)
api.delete_repo("alice/py-data", repo_type="dataset")
print("ok")
