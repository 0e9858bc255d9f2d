from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from coffeechat.core.commandline import (
    account_from_options,
    add_actions,
    form_problems,
    write_json,
    write_table,
)
from coffeechat.interviews.bank import THEMES
from coffeechat.interviews.forms import QuestionForm
from coffeechat.interviews.service import add_question, question_to_dict, questions_for


class Command(BaseCommand):
    help = "List your question bank and add questions of your own."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = add_actions(
            parser, {"list": "your question bank, in the order plans use", "add": "add a question at the end"}
        )
        list_, add = actions["list"], actions["add"]
        list_.add_argument("--theme", choices=THEMES, help="only this theme")
        list_.add_argument("--all", action="store_true", help="archived questions too")
        add.add_argument("text", help="the question")
        add.add_argument("--theme", choices=THEMES, required=True)
        add.add_argument("--minutes", type=int, default=2, help="how long it takes to answer (default 2)")
        add.add_argument(
            "--research-first", action="store_true", help="the answer can usually be found before the meeting"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        owner = account_from_options(options)
        if action == "add":
            form = QuestionForm(
                {
                    "text": options["text"],
                    "theme": options["theme"],
                    "minutes": options["minutes"],
                    "research_first": options["research_first"],
                }
            )
            if not form.is_valid():
                raise form_problems(form, {"text": "TEXT"})
            found = [add_question(owner, form.save(commit=False))]
        else:
            found = [
                q
                for q in questions_for(owner)
                if (options["all"] or not q.archived) and options["theme"] in (None, q.theme)
            ]
        if options["json"]:
            # `add` prints the new question (with its id); `list` prints them all.
            data = [question_to_dict(q) for q in found]
            write_json(self, data[0] if action == "add" else data)
            return
        rows = [
            (
                q.pk,
                q.theme,
                q.minutes,
                "look up first" if q.research_first else "",
                q.text + (" (archived)" if q.archived else ""),
            )
            for q in found
        ]
        write_table(self, ["id", "theme", "min", "", "question"], rows, empty="No questions.")
