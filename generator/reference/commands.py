"""docs/commands.md, from the Click commands' help texts, options and examples."""

from __future__ import annotations

from pathlib import Path

import click

from generator.reference.text import NOTICE, cell, paragraphs


def _usage(command: click.Command, ctx: click.Context) -> str:
    return f"{ctx.command_path} {' '.join(command.collect_usage_pieces(ctx))}".strip()


def _command_section(command: click.Command, ctx: click.Context, level: int) -> list[str]:
    lines = [f"{'#' * level} `{ctx.command_path}`", "", f"    {_usage(command, ctx)}", ""]
    if command.help:
        lines += [paragraphs(command.help), ""]
    arguments = [p for p in command.get_params(ctx) if isinstance(p, click.Argument)]
    if arguments:
        lines += ["| argument | required | default |", "| --- | --- | --- |"]
        for arg in arguments:
            default = None if arg.required else arg.get_default(ctx)
            shown = f"`{default}`" if isinstance(default, (str, int, float, Path)) else "—"
            lines.append(
                f"| `{arg.make_metavar(ctx)}` | {'yes' if arg.required else 'no'} | {shown} |"
            )
        lines.append("")
    options = [
        record
        for p in command.get_params(ctx)
        if isinstance(p, click.Option) and (record := p.get_help_record(ctx))
    ]
    if options:
        lines += ["| option | what it does |", "| --- | --- |"]
        lines += [f"| `{cell(names)}` | {cell(help_text)} |" for names, help_text in options]
        lines.append("")
    if command.epilog:
        lines += [paragraphs(command.epilog).replace("Example: ", "Example:\n\n    ", 1), ""]
    return lines


def commands_md(group: click.Group) -> str:
    """The command reference, from the Click group `group` (generator.cli.main)."""
    root = click.Context(group, info_name="infoprep", **group.context_settings)
    lines = [NOTICE, "", "# Command reference", ""]
    lines += [
        "Every command also answers `--help` with the same text. `CONTENT` defaults to `./content` "
        "and "
        "`OUTPUT` to `./output`. Problems are printed to standard error as `path:line: level: "
        "message`; "
        "exit code 0 means success, 1 content errors (or, with `check --strict`, warnings), 2 a "
        "usage error, "
        "130 a build stopped by Ctrl-C and 143 one stopped by SIGTERM (the previous output is left "
        "as it was). "
        "Shell completion: see [the guide](guide.md#shell-completion).",
        "",
    ]
    lines += [
        f"- [`infoprep {name}`](#infoprep-{name}): {cell(cmd.get_short_help_str(100))}"
        for name, cmd in group.commands.items()
    ]
    lines.append("")
    lines += _command_section(group, root, 2)
    for name, command in group.commands.items():
        lines += _command_section(
            command,
            click.Context(command, info_name=name, parent=root, **command.context_settings),
            2,
        )
    return "\n".join(lines).rstrip() + "\n"
