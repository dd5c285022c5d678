"""Modal dialogs: a line, a confirmation, a status, search, help, new session, amendment."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rapidfuzz import fuzz, process
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from sessions import AmendmentKind, Status, StatusValue
from sessions.delegations import find as find_delegations
from sessions.diff import diff
from tui.render import STATUS_KEYS, diff_text, safe

__all__ = [
    "AmendmentDraft",
    "AmendmentEditor",
    "Confirm",
    "DelegationSuggester",
    "HelpScreen",
    "NewSession",
    "NewSessionDialog",
    "PathSuggester",
    "SearchDialog",
    "SearchEntry",
    "StatusMenu",
    "TextPrompt",
]


class DelegationSuggester(Suggester):
    """Completes a delegation's name: member states, observers and groups, in six languages."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        # Two letters say little in Latin script; one character is a start in Chinese.
        if len(value.strip()) < 2 and not (value.strip() and ord(value.strip()[0]) > 0x2E80):
            return None
        folded = value.casefold()
        for delegation in find_delegations(value, limit=5):
            for _, name in delegation.names:
                if name.casefold().startswith(folded):
                    return value + name[len(value) :]
            if delegation.name.casefold().startswith(folded):
                return value + delegation.name[len(value) :]
        return None


class PathSuggester(Suggester):
    """Completes a file path from what is on disk."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        path = Path(os.path.expanduser(value))
        folder, stem = (path, "") if value.endswith(os.sep) else (path.parent, path.name)
        try:
            names = sorted(entry.name for entry in folder.iterdir())
        except OSError:
            return None
        for name in names:
            if name.startswith(stem) and name != stem and not name.startswith("."):
                suffix = os.sep if (folder / name).is_dir() else ""
                return value + name[len(stem) :] + suffix
        return None


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; Enter answers, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        help: str = "",
        suggester: Suggester | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.help = help
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Input(
                value=self.value,
                placeholder=self.placeholder,
                suggester=self.suggester,
                id="answer",
            )
            if self.help:
                yield Static(Text(self.help, style="dim"), classes="dialog-help")

    @on(Input.Submitted, "#answer")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """Ask a yes-or-no question; ``y`` or Enter says yes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="yes"),
        Binding("n,escape", "answer(False)", "No", id="no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="dialog-title")
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", id="yes", variant="error")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Answer the question."""
        self.dismiss(yes)


class StatusMenu(ModalScreen[StatusValue | None]):
    """Choose a paragraph's status, or type a custom one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        *(
            Binding(key, f"choose('{key}')", status.words, show=False, id=f"choose-{key}")
            for key, status in STATUS_KEYS.items()
        ),
        Binding("c", "custom", "Custom status", show=False, id="custom"),
    ]

    def __init__(self, title: str = "Set the paragraph's status") -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            options = [
                Option(f"{key}  {status.words}", id=status.value)
                for key, status in STATUS_KEYS.items()
            ]
            options.append(Option("c  Custom status…", id="custom"))
            yield OptionList(*options, id="statuses")

    @on(OptionList.OptionSelected, "#statuses")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "custom":
            self.action_custom()
        elif event.option.id is not None:
            self.dismiss(Status(event.option.id))

    def action_choose(self, key: str) -> None:
        """Choose a status by its number."""
        self.dismiss(STATUS_KEYS[key])

    def action_custom(self) -> None:
        """Type a status of one's own."""
        self.app.push_screen(
            TextPrompt("Custom status", placeholder="e.g. with the co-facilitators"),
            lambda value: self.dismiss(value.strip() if value and value.strip() else None),
        )

    def action_cancel(self) -> None:
        """Close without a status."""
        self.dismiss(None)


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """Something to find: a paragraph (by its stable id) and a text to match."""

    sid: str
    label: str
    text: str
    kind: str


class SearchDialog(ModalScreen[str | None]):
    """Fuzzy search over paragraphs and amendments; Enter jumps to the paragraph."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("down", "focus_results", "Results", show=False, id="results"),
    ]

    def __init__(self, entries: list[SearchEntry]) -> None:
        super().__init__()
        self.entries = entries
        self.choices = [f"{e.label} {e.text}".casefold() for e in entries]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Search paragraphs and amendments", classes="dialog-title")
            yield Input(placeholder="words, a label (OP5), a delegation…", id="query")
            yield OptionList(id="results")

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        results = self.query_one("#results", OptionList)
        results.clear_options()
        query = event.value.strip().casefold()
        if not query:
            return
        found = process.extract(query, self.choices, scorer=fuzz.partial_ratio, limit=30)
        for _, score, index in found:
            if score < 60:
                continue
            entry = self.entries[index]
            line = Text()
            line.append(f"{entry.label:<10}", style="bold")
            line.append(f"{entry.kind:<10}", style="dim")
            line.append(safe(entry.text[:160]))
            results.add_option(Option(line, id=f"{index}"))
        if results.option_count:
            results.highlighted = 0

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        results = self.query_one("#results", OptionList)
        if results.highlighted is not None:
            self._choose(results.get_option_at_index(results.highlighted).id)

    @on(OptionList.OptionSelected, "#results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        if option_id is not None:
            self.dismiss(self.entries[int(option_id)].sid)

    def action_focus_results(self) -> None:
        """Move to the list of results."""
        self.query_one("#results", OptionList).focus()

    def action_cancel(self) -> None:
        """Close without jumping."""
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Every key of the screen it was opened from, with what it does."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="close"),
    ]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    @classmethod
    def of(cls, bindings: Iterable[BindingType], *extra: tuple[str, str]) -> HelpScreen:
        """The help for a screen's bindings, keys named as a person types them."""
        rows = [(_key_name(b.key), b.description) for b in bindings if isinstance(b, Binding)]
        return cls([*rows, *extra])

    def compose(self) -> ComposeResult:
        text = Text()
        for key, description in self.rows:
            text.append(f"{key:<14}", style="bold")
            text.append(f"{description}\n")
        with Vertical(classes="dialog wide"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                yield Static(text)
            yield Static(Text("Esc closes this help.", style="dim"))

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)


_KEY_NAMES = {
    "slash": "/",
    "colon": ":",
    "plus": "+",
    "minus": "-",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "escape": "esc",
}


def _key_name(key: str) -> str:
    return ", ".join(_KEY_NAMES.get(k, k) for k in key.split(","))


@dataclass(frozen=True, slots=True)
class NewSession:
    """What the new-session dialog asks for."""

    name: str
    path: Path


class NewSessionDialog(ModalScreen[NewSession | None]):
    """A new session from a draft file: a name and a path, with completion."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("New session from a draft", classes="dialog-title")
            yield Label("Draft file (.txt, .md, .docx, .pdf); → completes the path")
            yield Input(
                placeholder="~/drafts/draft-resolution.docx", id="path", suggester=PathSuggester()
            )
            yield Label("Session name (letters, digits, - and _)")
            yield Input(placeholder="gc24-safer-cities", id="name")
            with Horizontal(classes="buttons"):
                yield Button("Create", id="create", variant="primary")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted, "#path")
    def _path_done(self) -> None:
        name = self.query_one("#name", Input)
        if not name.value:
            stem = Path(self.query_one("#path", Input).value).stem
            name.value = "".join(c if c.isalnum() or c in "-_." else "-" for c in stem)[:64]
        name.focus()

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        name = self.query_one("#name", Input).value.strip()
        if not path or not name:
            self.notify("Give a draft file and a session name.", severity="warning")
            return
        self.dismiss(NewSession(name, Path(os.path.expanduser(path))))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without creating anything."""
        self.dismiss(None)


@dataclass(frozen=True, slots=True)
class AmendmentDraft:
    """What the amendment editor gives back."""

    proposer: str
    kind: AmendmentKind
    text: str
    justification: str
    new_label: str = ""


class AmendmentEditor(ModalScreen[AmendmentDraft | None]):
    """Record an amendment: proposer (with completion), kind, the text edited live, a reason."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    def __init__(
        self, label: str, text: str, *, kind: AmendmentKind = AmendmentKind.REPLACE
    ) -> None:
        super().__init__()
        self.label = label
        self.original = text
        self.kind = kind

    def compose(self) -> ComposeResult:
        kinds = [(k.value.replace("_", " "), k) for k in AmendmentKind]
        with Vertical(classes="dialog editor"):
            yield Label(Text(f"Amendment to {self.label}"), classes="dialog-title")
            with Horizontal(classes="row"):
                yield Input(
                    placeholder="Proposer: Norway, 挪威, G77…",
                    id="proposer",
                    suggester=DelegationSuggester(),
                )
                yield Select(kinds, value=self.kind, allow_blank=False, id="kind")
            yield Label("Edit the text into the proposal; the diff follows below.")
            yield TextArea(self.original, id="text", soft_wrap=True)
            yield Static(id="preview")
            yield Input(placeholder="Justification (optional)", id="justification")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#proposer", Input).focus()
        self._preview()

    @on(TextArea.Changed, "#text")
    def _preview(self) -> None:
        text = self.query_one("#text", TextArea).text
        if not self.original:
            preview = Text(safe(text), style="underline green")
        else:
            preview = diff_text(diff(self.original, text))
        self.query_one("#preview", Static).update(preview)

    @on(Input.Submitted, "#proposer")
    def _next(self) -> None:
        self.query_one("#text", TextArea).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Give the amendment back to the screen, which records it."""
        proposer = self.query_one("#proposer", Input).value.strip()
        if not proposer:
            self.notify("Who proposes it? Type the proposer first.", severity="warning")
            self.query_one("#proposer", Input).focus()
            return
        kind = self.query_one("#kind", Select).value
        text = self.query_one("#text", TextArea).text.strip()
        if not isinstance(kind, AmendmentKind):
            kind = AmendmentKind.REPLACE
        if (
            kind in (AmendmentKind.INSERT, AmendmentKind.REPLACE, AmendmentKind.DELETE)
            and text == self.original
        ):
            self.notify(
                "The text is unchanged: edit it into the proposal, or choose 'retain'.",
                severity="warning",
            )
            return
        justification = self.query_one("#justification", Input).value.strip()
        self.dismiss(AmendmentDraft(proposer, kind, text, justification))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without recording anything."""
        self.dismiss(None)
