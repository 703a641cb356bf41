"""The `drafter` command: parse options, call one library function, print the result."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import click
import yaml

from drafter import boards, formats
from drafter.brief import LANGUAGES, TONES
from drafter.errors import DrafterError, ExitCode, InputError
from drafter.settings import Settings, load_settings, settings_for_command


def _err(text: str) -> None:
    click.echo(text, err=True)


def _run(fn: Callable[[], int | None]) -> None:
    """Run a command body; turn our errors into one line and an exit code, never a traceback."""
    try:
        code = fn()
    except DrafterError as exc:
        _err(f"drafter: error: {exc}")
        sys.exit(int(exc.exit_code))
    except KeyboardInterrupt:
        _err("drafter: interrupted")
        sys.exit(130)
    sys.exit(int(code or 0))


class _Commands(click.Group):
    """Our command group; `eval` and `serve` live in their own modules, imported only when used."""

    lazy: ClassVar[dict[str, tuple[str, str]]] = {
        "eval": ("drafter.evaluate", "eval_cli"),
        "serve": ("drafter.web", "serve"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            import importlib

            module, attr = self.lazy[name]
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)


@click.group(cls=_Commands)
@click.version_option(package_name="drafter")
def main() -> None:
    """Draft, check and rewrite job ads for customer-service roles, offline by default."""


def _settings(**overrides: Any) -> Settings:
    return load_settings(**overrides)


class Progress:
    """Shows on stderr that the model is writing: tokens so far and seconds."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.pieces = 0
        self.started = time.perf_counter()
        self.last = 0.0

    def __call__(self, piece: str) -> None:
        if not piece:  # RESTART: the answer is asked again; the count goes on
            return
        self.pieces += 1
        now = time.perf_counter()
        # On a terminal the line is redrawn in place; in a log, one line every 10 s.
        interactive = sys.stderr.isatty()
        if self.enabled and now - self.last > (0.5 if interactive else 10):
            self.last = now
            line = f"  writing… {self.pieces} tokens, {now - self.started:.0f}s"
            click.echo(f"\r{line}" if interactive else line, nl=not interactive, err=True)

    def done(self) -> None:
        if self.enabled and self.pieces:
            click.echo("", err=True)


@main.command()
@click.argument("brief")
@click.option("--tone", type=click.Choice(TONES), default="professional", show_default=True)
@click.option("--lang", "language", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option(
    "--backend",
    type=click.Choice(["local", "openai", "fake"]),
    default=None,
    help="Model backend (default: local, or DRAFTER_BACKEND).",
)
@click.option("--model", default=None, help="Model name (openai) or GGUF path (local).")
@click.option(
    "--base-url", default=None, help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1"
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(formats.names()),
    default="md",
    show_default=True,
    help="md, txt, html (with job-posting markup), docx (needs --output), json (the draft, its "
    "brief, fixes and cost), jsonld (schema.org JobPosting from the brief's facts).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option(
    "--save-brief",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the brief as used (e.g. extracted from free text) to this YAML file.",
)
@click.option(
    "--board",
    type=click.Choice(boards.names()),
    default=None,
    help="Fit the ad to a job board: its search summary and bullet points as front matter "
    "(md, txt, json), its HTML (html), its required fields named.",
)
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
def draft(brief: str, tone: str, language: str, backend: str | None, model: str | None,
          base_url: str | None, fmt: str, output: Path | None, save_brief: Path | None,
          board: str | None, quiet: bool) -> None:  # fmt: skip
    """Draft an ad from BRIEF: a YAML/JSON brief file, a text file, or a sentence in quotes."""

    def body() -> int:
        from drafter.pipeline import run_draft

        settings = settings_for_command(model, backend=backend, base_url=base_url)
        progress = Progress(enabled=not quiet)
        result, notes = run_draft(
            brief, language=language, tone=tone, settings=settings, on_token=progress,
            status=None if quiet else (lambda _step, line: line and _err(line)),
        )  # fmt: skip
        progress.done()
        for note in notes:
            _err(f"drafter: note: {note}")
        for fix in result.fixes:  # what was taken out or fell back, and what the brief could add
            _err(f"drafter: {fix.message}")
        if save_brief is not None:
            data = result.brief.model_dump(mode="json", exclude_none=True)
            save_brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                  encoding="utf-8")  # fmt: skip
            _err(f"drafter: brief saved to {save_brief} — correct it and draft again from it")
        fitted = boards.fit(result, board) if board else None
        for line in fitted.notes if fitted else []:
            _err(f"drafter: board: {line}")
        made = formats.Output(result.markdown, result.sections.title, result.language,
                              brief=result.brief, result=result, board=fitted)  # fmt: skip
        data = formats.render(fmt, made)
        for line in made.notes:  # what the job-posting markup could not say, for the recruiter
            _err(f"drafter: job-posting markup: {line}")
        if output is not None:
            output.write_bytes(data)
            _err(f"drafter: wrote {output}")
        elif formats.get(fmt).binary:
            raise InputError(f"{fmt} is a binary format", field="--format",
                             fix=f"add --output FILE.{formats.get(fmt).suffix}")  # fmt: skip
        else:
            click.echo(data.decode("utf-8").rstrip("\n"))
        if not quiet:
            u = result.usage
            _err(
                f"drafter: {u.backend}/{u.model} · {u.prompt_tokens} prompt + "
                f"{u.completion_tokens} completion tokens · {u.seconds:.1f}s · "
                f"{result.attempts} attempt(s) · sources: {', '.join(result.sources)}"
            )
        return 0

    _run(body)


@main.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(path_type=Path))  # fmt: skip
@click.option("--kind", type=click.Choice(["guide", "tone", "language", "compliance", "example"]),
              default=None)  # fmt: skip
@click.option("--lang", "language", type=click.Choice([*LANGUAGES, "mul"]), default=None)
@click.option("--tone", type=click.Choice([*TONES, "any"]), default=None)
@click.option("--role", type=click.Choice(["representative", "supervisor", "manager", "qa", "any"]),
              default=None)  # fmt: skip
@click.option("--industry", default=None)
@click.option("--jurisdiction", type=click.Choice(["hk", "cn", "us", "eu", "any"]), default=None)
def ingest(paths: tuple[Path, ...], kind: str | None, language: str | None, tone: str | None,
           role: str | None, industry: str | None, jurisdiction: str | None) -> None:  # fmt: skip
    """Add your own guides or past ads (txt, md, html, docx) to the knowledge store."""

    def body() -> int:
        from drafter.store import open_store

        store = open_store(_settings())
        report = store.ingest(
            list(paths), kind=kind, language=language, tone=tone, role=role,
            industry=industry, jurisdiction=jurisdiction, title=None,
        )  # fmt: skip
        for doc_id in report.ingested:
            click.echo(f"ingested {doc_id}")
        for failure in report.failed:
            _err(f"drafter: error: {failure.error}")
        return ExitCode.INPUT if report.failed else 0

    _run(body)


@main.command()
@click.option("--rebuild", is_flag=True, help="Drop the store and embed everything again.")
def index(rebuild: bool) -> None:
    """Build or update the knowledge store from knowledge/ (only changed documents are embedded)."""

    def body() -> int:
        from drafter.store import open_store

        settings = _settings()
        store = open_store(settings, sync=False)
        report = store.rebuild() if rebuild else store.sync()
        click.echo(
            f"store {settings.store_dir}: {report.documents} documents, {report.passages} passages"
            f" (added {report.added}, updated {report.updated}, unchanged {report.unchanged},"
            f" removed {report.removed}) in {report.seconds:.1f}s"
        )
        return 0

    _run(body)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lang", "language", type=click.Choice([*LANGUAGES, "mixed"]), default=None,
              help="Override language detection.")  # fmt: skip
@click.option("--jurisdiction", type=click.Choice(["hk", "cn", "us", "eu", "other"]),
              default=None, help="Legal rules (default: config, brief or text).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)  # fmt: skip
@click.option("--fail-on", type=click.Choice(["error", "warning", "notice"]), default=None,
              help="Exit 1 when a finding is at this level or above (default: error).")  # fmt: skip
@click.option("--brief", "brief_file", type=click.Path(path_type=Path), default=None,
              help="The brief behind the ad: enables the faithfulness checks and the "
                   "reader's (repeats, filler, sentences not in the brief, duties left out, "
                   "levels changed).")  # fmt: skip
@click.option("--board", default=None,
              help="Check against a job board's limits and required fields: jobsdb, "
                   "generic-cn (drafter/rules/boards.yaml).")  # fmt: skip
def check(files: tuple[Path, ...], language: str | None, jurisdiction: str | None, fmt: str,
          fail_on: str | None, brief_file: Path | None, board: str | None) -> None:  # fmt: skip
    """Check ads for discrimination, inclusive language, structure, length, pay and more."""

    def body() -> int:
        from drafter import validate as v
        from drafter.brief import load_brief

        settings = _settings()
        config = v.CheckConfig.from_table(settings.extra_tables.get("check"))
        if board:
            config = config.model_copy(update={"board": board})
        brief = load_brief(brief_file) if brief_file else None
        rules = v.load_rules()
        reports = []
        failed = 0
        for path in files:
            try:
                report = v.check_file(path, language=language, jurisdiction=jurisdiction,
                                    brief=brief, config=config, rules=rules)  # fmt: skip
            except DrafterError as exc:
                failed += 1
                _err(f"drafter: error: {exc}")
                continue
            reports.append(report)
            if fmt == "text":
                click.echo(v.format_text(report))
        if fmt == "json" and reports:
            click.echo(json.dumps(v.to_json(reports), ensure_ascii=False, indent=2))
        code = v.exit_code_for(reports, fail_on or config.fail_on or "error")
        return code or (ExitCode.INPUT if failed else 0)

    _run(body)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out",
    "out",
    required=True,
    help="Folder for the ads, their reports, the journal and the run summary (with --engine "
    "ray also s3://…, gs://… or any filesystem pyarrow writes).",
)
@click.option("--tone", type=click.Choice(TONES), default="professional", show_default=True)
@click.option(
    "--lang",
    "language",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of the new ads (default: each JD's own language).",
)
@click.option(
    "--jurisdiction",
    type=click.Choice(["hk", "cn", "us", "eu", "other"]),
    default=None,
    help="Legal rules to apply (default: from each JD).",
)
@click.option("--backend", type=click.Choice(["local", "openai", "fake"]), default=None)
@click.option("--model", default=None, help="Model name (openai) or GGUF path (local).")
@click.option("--base-url", default=None, help="OpenAI-compatible endpoint (openai backend).")
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Items in flight at once on API backends (the local backend runs one).",
)
@click.option(
    "--format",
    "formats_",
    multiple=True,
    type=click.Choice(formats.names()),
    default=("md",),
    show_default=True,
    help="Ad formats to write (repeatable): " + ", ".join(formats.names()) + ".",
)
@click.option("--text-column", default=None, help="Column holding the JD text (csv/jsonl/xlsx).")
@click.option("--id-column", default=None, help="Column holding each row's id (csv/jsonl/xlsx).")
@click.option(
    "--resume", is_flag=True, help="Finish an interrupted run: only items not yet done or failed."
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="List the items, count tokens and estimate the cost; call no model.",
)
@click.option("--no-knowledge", is_flag=True, help="Draft without retrieved knowledge passages.")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help='local: this machine; ray: a Ray cluster\'s workers (pip install "drafter[ray]").',
)
@click.option("--ray-address", default=None,
              help="Ray cluster to join: auto (a cluster started with `ray start`) or "
                   "ray://HOST:10001; default: a Ray instance on this machine.")  # fmt: skip
@click.option("--workers", type=click.IntRange(1, 4096), default=None,
              help="Ray workers (each with its backend, store and --concurrency); default: one "
                   "per node.")  # fmt: skip
@click.option("--retry-failed", is_flag=True,
              help="--engine ray: run only the items the results table has as failed.")  # fmt: skip
@click.option("--quiet", is_flag=True, help="No progress bar.")
def rewrite(paths: tuple[str, ...], out: str, tone: str, language: str | None,
            jurisdiction: str | None, backend: str | None, model: str | None,
            base_url: str | None, concurrency: int, formats_: tuple[str, ...],
            text_column: str | None, id_column: str | None, resume: bool, dry_run: bool,
            no_knowledge: bool, engine: str, ray_address: str | None, workers: int | None,
            retry_failed: bool, quiet: bool) -> None:  # fmt: skip
    """Rewrite legacy job descriptions (files, folders or tables) into modern, lawful ads."""

    def body() -> int:
        from drafter import rewrite as rw

        settings = settings_for_command(model, backend=backend, base_url=base_url)
        options = rw.RewriteOptions(
            tone=tone, language=language, jurisdiction=jurisdiction, formats=formats_,  # type: ignore[arg-type]
            concurrency=concurrency, text_column=text_column, id_column=id_column,
        )  # fmt: skip
        if engine == "ray":
            return _run_ray(list(paths), out, settings, options, address=ray_address,
                            workers=workers, retry_failed=retry_failed,
                            knowledge=not no_knowledge, quiet=quiet)  # fmt: skip
        if retry_failed or ray_address or workers:
            flag = "--retry-failed" if retry_failed else "--ray-address/--workers"
            raise InputError(f"{flag} is for --engine ray", field=flag,
                             fix="add --engine ray, or use --resume on this machine")  # fmt: skip
        paths_ = [Path(p) for p in paths]
        if dry_run:
            return _dry_run(paths_, settings, options)
        from drafter.backends import make_backend
        from drafter.store import open_store

        be = make_backend(settings)
        store = None if no_knowledge else open_store(settings)
        batch = rw.Batch(settings, be, options, Path(out), store=store)
        summary = _run_batch(batch, paths_, resume=resume, quiet=quiet)
        _batch_table(summary, Path(out))
        return 0 if summary.failed == 0 else int(ExitCode.FINDINGS)

    _run(body)


def _run_ray(paths: list[str], out: str, settings: Settings, options: Any, **kw: Any) -> int:
    """`rewrite --engine ray`: progress lines on stderr, the run's table at the end."""
    from drafter import ray_rewrite

    quiet = kw.pop("quiet")
    ray_rewrite.require_ray()
    last = [0.0]

    def report(p: Any) -> None:
        if not quiet and time.monotonic() - last[0] >= 2.0:
            last[0] = time.monotonic()
            _err(f"drafter: rewrite on ray: {p.line()}")

    p = ray_rewrite.run(paths, out, settings, options, on_progress=report, **kw)
    _err(f"drafter: rewrite on ray: {p.line()} · {p.skipped} already in the results table · "
         f"{p.seconds:.1f}s")  # fmt: skip
    for key, error in p.errors[:20]:
        _err(error if key in error else f"{key}: {error}")
    if len(p.errors) > 20:
        _err(f"… and {len(p.errors) - 20} more failed items (summary.csv lists them all)")
    _err(f"drafter: results table {out}/results/, summary {out}/summary.csv and summary.html")
    return 0 if p.failed == 0 else int(ExitCode.FINDINGS)


def _dry_run(paths: list[Path], settings: Settings, options: Any) -> int:
    from drafter import rewrite as rw
    from drafter.readers import collect_items

    items = collect_items(paths, text_column=options.text_column, id_column=options.id_column)
    for item in items:
        state = f"unreadable: {item.error}" if item.error else f"{len(item.text or ''):,} chars"
        click.echo(f"{item.key}\t{state}")
    prices = settings.extra_tables.get("prices") or {}
    est = rw.estimate(items, settings, prices)
    click.echo(f"\n{est.items} items to rewrite, {est.unreadable} unreadable")
    click.echo(f"tokens (tiktoken): ~{est.prompt_tokens:,} prompt + ~{est.completion_tokens:,} "
               "completion (upper bound: no re-asks counted)")  # fmt: skip
    if not est.costs:
        click.echo(
            "no prices configured: add a [prices] table to .drafter.toml, e.g. "
            '"gpt-4o-mini" = { input = 0.15, output = 0.60 } (USD per million tokens)'
        )
    for name, cost in est.costs.items():
        click.echo(f"estimated cost on {name}: {cost:.4f}")
    return 0


def _run_batch(batch: Any, paths: list[Path], *, resume: bool, quiet: bool) -> Any:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    if quiet:
        return batch.run(paths, resume=resume)
    with Progress(
        TextColumn("[bold]rewrite"), BarColumn(), MofNCompleteColumn(),
        TextColumn("done {task.fields[done]} · failed {task.fields[failed]} · "
                   "remaining {task.fields[remaining]}"),
        TimeRemainingColumn(), console=console, transient=False,
    ) as bar:  # fmt: skip
        task = bar.add_task("rewrite", total=None, done=0, failed=0, remaining="?")

        def event(_key: str, state: str, s: Any) -> None:
            if state == "running":
                return
            left = s.found - s.done - s.failed
            bar.update(task, total=s.found, completed=s.done + s.failed, done=s.done,
                       failed=s.failed, remaining=left)  # fmt: skip

        summary = batch.run(paths, resume=resume, on_event=event)
        event("", "end", summary)
    return summary


def _batch_table(s: Any, out: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="drafter rewrite")
    for col in ("inputs", "done", "of which cached", "clean", "needs review", "failed",
                "model calls", "seconds"):  # fmt: skip
        table.add_column(col, justify="right")
    table.add_row(*(str(v) for v in (s.found, s.done, s.cached, s.clean, s.review, s.failed,
                                     s.calls, f"{s.seconds:.1f}")))  # fmt: skip
    console = Console(stderr=True)
    console.print(table)
    for key, error in s.errors[:20]:
        # one line whatever the terminal (rich would wrap at 80 columns when piped), the file
        # named once (the error names it when it knows it)
        line = error if key in error else f"{key}: {error}"
        click.echo("failed: " + " ".join(line.split()), err=True)
    if len(s.errors) > 20:
        console.print(f"… and {len(s.errors) - 20} more in {out / 'summary.csv'}")
    if s.skipped_files:
        console.print(f"skipped {s.skipped_files} hidden or unsupported files in the folders given")
    console.print(f"summary: {out / 'summary.csv'} and {out / 'summary.html'}", markup=False)


if __name__ == "__main__":
    main()
