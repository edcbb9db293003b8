"""Running the `sohoa` command tree in the command line's language, with the README's exit
codes.

Typer carries its own copy of Click, whose usage errors, "Usage:" line and help option are
written in English and exit with 2, which the README gives to a damaged input. Here the tree
runs without Click's own error printing: a wrong command line is told in our words (through
`_()`) and exits with `ExitCode.bad_args` (1), and every command's help option and usage
line speak the chosen language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import typer
from rich.text import Text
from typer._click import core as click_core
from typer._click import exceptions as click_errors
from typer._click import formatting
from typer.core import TyperArgument, TyperGroup, TyperOption

from config.errors import ExitCode
from service.errors import errors_console
from service.i18n import _, pgettext

_EXTRA_ARGUMENTS = re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)")
_SUGGESTION = re.compile(r"(?P<said>.*)\. Did you mean (?P<possibility>.*)\?")


def run(app: typer.Typer, arguments: Sequence[str]) -> int:
    """Run `sohoa` with `arguments`; the exit code."""
    tree = typer.main.get_command(app)
    _speak_in_help(tree)
    try:
        # Without its own error printing, Click hands back the code of a `typer.Exit`.
        returned = tree.main(list(arguments), prog_name="sohoa", standalone_mode=False)
    except click_errors.NoArgsIsHelpError as asked_nothing:
        errors_console.print(asked_nothing.format_message(), markup=False)
        return int(ExitCode.bad_args)
    except click_errors.UsageError as wrong:
        _report_usage(wrong)
        return int(ExitCode.bad_args)
    except click_errors.ClickException as failed:
        _report(failed.format_message())
        return int(ExitCode.bad_args)
    except typer.Abort:
        errors_console.print(_("Aborted."))
        return int(ExitCode.ctrl_c)
    except typer.Exit as stopped:
        return int(stopped.exit_code)
    return returned if isinstance(returned, int) else int(ExitCode.ok)


def command_paths(app: typer.Typer) -> list[tuple[str, ...]]:
    """Every command a user can type, as its words after `sohoa` (groups excluded)."""
    return list(_paths(typer.main.get_command(app), ()))


def _paths(group: click_core.Command, prefix: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    for name, command in getattr(group, "commands", {}).items():
        if hasattr(command, "commands"):
            yield from _paths(command, (*prefix, name))
        else:
            yield (*prefix, name)


def usage_message(error: click_errors.UsageError) -> str:
    """What was wrong with the command line, in the chosen language."""
    if isinstance(error, click_errors.MissingParameter):
        name = _hint(error)
        kind = error.param_type or (error.param.param_type_name if error.param else "")
        if kind == "argument":
            return _("Missing argument {name}.").format(name=name)
        if kind == "option":
            return _("Missing option {name}.").format(name=name)
        return _("Missing value {name}.").format(name=name)
    if isinstance(error, click_errors.NoSuchOption):
        said = _("No such option: {name}.").format(name=error.option_name)
        if error.possibilities:
            possible = ", ".join(sorted(error.possibilities))
            said += " " + _("(Did you mean one of: {possibilities}?)").format(
                possibilities=possible
            )
        return said
    if isinstance(error, click_errors.BadParameter):
        reason = _(error.message)
        name = _hint(error)
        if not name:
            return _("Invalid value: {message}").format(message=reason)
        return _("Invalid value for {param_hint}: {message}").format(
            param_hint=name, message=reason
        )
    if isinstance(error, click_errors.BadOptionUsage):
        name = repr(error.option_name)
        if error.message.endswith("requires an argument."):
            return _("Option {name} requires a value.").format(name=name)
        if error.message.endswith("does not take a value."):
            return _("Option {name} does not take a value.").format(name=name)
    if extra := _EXTRA_ARGUMENTS.fullmatch(error.message):
        return _("Got unexpected extra arguments ({args})").format(args=extra["args"])
    if suggested := _SUGGESTION.fullmatch(error.message):
        said = suggested["said"] + "."
        return f"{said} " + _("Did you mean {possibility}?").format(
            possibility=suggested["possibility"]
        )
    return _(error.message)


def _hint(error: click_errors.BadParameter) -> str:
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint()
    if hint is None:
        return ""
    return hint if isinstance(hint, str) else " / ".join(repr(part) for part in hint)


def _report_usage(error: click_errors.UsageError) -> None:
    context = error.ctx
    if context is not None:
        errors_console.print(context.get_usage(), markup=False, highlight=False)
        help_option = context.help_option_names[0] if context.help_option_names else "--help"
        errors_console.print(
            _("Try '{command} {option}' for help.").format(
                command=context.command_path, option=help_option
            ),
            markup=False,
        )
    _report(usage_message(error))


def _report(message: str) -> None:
    errors_console.print(Text.assemble((_("error:"), "bold red"), " ", message))


class _TranslatedFormatter(formatting.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        usage = _("Usage:")
        super().write_usage(prog, args, usage + " " if prefix is None else prefix)


def _speak_in_help(tree: click_core.Command) -> None:
    """The usage line ("Usage:", "[OPTIONS]", "COMMAND [ARGS]..."), the help option's words and
    the type of every value in the chosen language (the copy of Click inside Typer writes
    them in English, and Typer shows an argument's type as Python writes it: "list[Path]")."""
    click_core.Context.formatter_class = _TranslatedFormatter
    for command in _every_command(tree):
        context = click_core.Context(command)
        if command.options_metavar:
            command.options_metavar = _("[OPTIONS]")
        if isinstance(command, TyperGroup):
            command.subcommand_metavar = _("COMMAND [ARGS]...")
        help_option = command.get_help_option(context)
        if help_option is not None:
            help_option.help = _("Show this message and exit.")
        for parameter in [*command.params, *([help_option] if help_option else [])]:
            if parameter.metavar is None and isinstance(parameter, TyperOption):
                parameter.metavar = _value_word(parameter, context)
            if type(parameter) is TyperArgument:
                parameter.__class__ = _ArgumentInWords


_TYPE = re.compile(r"<(?:list\[)?(?P<type>[^\[\]<>]*)\]?>")


class _ArgumentInWords(TyperArgument):
    """An argument whose type the help tells in words, as an option's metavar does (an
    argument's metavar would rename it, in the usage line and in errors too)."""

    def display_type_rich(self, ctx: click_core.Context) -> str | None:
        return _value_word(self, ctx)


def _value_word(parameter: TyperArgument | TyperOption, context: click_core.Context) -> str:
    """What a value is, in words ("<text>", "<number>", "<path>"), one value of a list alike;
    nothing for a switch; choices as they are ("<vi|en>")."""
    if getattr(parameter, "is_flag", False):
        return ""
    found = _TYPE.fullmatch(parameter.display_type(context))
    kind = found["type"] if found else ""
    if "|" in kind:
        return f"<{kind}>"
    words = {"str": _("text"), "int": _("number"), "float": _("number"), "path": _("path"),
             "Path": _("path"), "file": _("file"), "dir": _("folder"),
             "datetime": pgettext("type of a value", "date")}  # fmt: skip
    anything = _("value")  # a type Typer may add one day, never shown as Python writes it
    return f"<{words.get(kind, anything)}>"


def _every_command(command: click_core.Command) -> Iterator[click_core.Command]:
    yield command
    for child in getattr(command, "commands", {}).values():
        yield from _every_command(child)
