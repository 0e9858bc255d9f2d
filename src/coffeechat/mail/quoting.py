"""What a person newly wrote in a reply: the text without the quoted history and the signature.

Mail programs mark history in their own ways and languages: an attribution line ("On … wrote:",
"Le … a écrit :", "Am … schrieb …:", often wrapped over two lines by Gmail) followed by
">"-quoted lines; Outlook's "-----Original Message-----" or a header block ("From: … Sent: … To:
… Subject:", "De : … Envoyé :", "Von: … Gesendet:"); a line of underscores; a forwarded
message. Anything after those is history. Quoted lines are dropped wherever they stand, so an
answer written between the quotes is kept. A signature ("-- ", "Sent from my iPhone") ends the
new text. When nothing is left, the whole text is returned: it was all they sent.
"""

from __future__ import annotations

import re

# --- attribution lines: "On <date>, <name> <address> wrote:" in many languages ----------------

_VERB = (
    r"(wrote|a\s+écrit|schrieb|escribió|escribio|ha\s+scritto|escreveu|schreef|skrev|kirjoitti|napisała?"
    r"|написала?|пишет|写道)"
)
_ENDS_LIKE_ATTRIBUTION = re.compile(_VERB + r"\b[^:：]{0,160}[:：]\s*$", re.IGNORECASE)
# Gmail in Japanese or Russian names no verb: "2026年11月2日(月) 10:00 Alex <alex@example.com>:"
_ADDRESS_THEN_COLON = re.compile(r"@[^\s<>]+>\)?\s*[:：]$")
_OPENER = re.compile(r"^(on|le|am|el|il|em|op|den|på|w dniu)\b", re.IGNORECASE)
_DATE_OR_ADDRESS = re.compile(r"\d|@")
_LONGEST_ATTRIBUTION = 400

# --- where the history starts ---------------------------------------------------------------

_ORIGINAL = re.compile(
    r"^\s*(-{4,}\s*\w[^-]{2,60}\w\s*-{4,}"  # -----Original Message-----, -----Message d'origine-----,
    r"|begin forwarded message:"  #         ---------- Forwarded message ---------
    r"|début du message (réexpédié|transféré)\s*:"
    r"|anfang der weitergeleiteten nachricht:"
    r"|_{10,})\s*$",  # Outlook's ________________________________
    re.IGNORECASE,
)
_LABEL = r"^\s*[*>]?\s*{}\s*:\s*\*?"
_FROM_LABEL = re.compile(_LABEL.format(r"(from|de|von|van|da|från|fra|od)"), re.IGNORECASE)
_OTHER_LABEL = re.compile(
    _LABEL.format(
        r"(sent|date|to|cc|subject|envoyé|à|objet|gesendet|datum|an|betreff|enviado( el)?|fecha|para|"
        r"asunto|verzonden|aan|onderwerp|inviato|data|a|oggetto|assunto|skickat|till|ämne|sendt|til|emne)"
    ),
    re.IGNORECASE,
)
_INLINE_LABEL = re.compile(
    r"\s(sent|date|to|subject|envoyé|à|objet|gesendet|an|betreff|enviado|para|asunto)\s*:", re.IGNORECASE
)
_HEADER_BLOCK_REACH = 8  # lines after "From:" in which the other header lines must appear

# --- signatures -----------------------------------------------------------------------------

_SIGNATURE = re.compile(
    r"^(--\s?"  # the standard delimiter, "-- " (the space is often lost)
    r"|sent (from|with|via|using) (my |the )?\S.{0,50}"
    r"|get outlook for \S+"
    r"|envoyé (de|depuis) (mon|ma|l'|le) .{1,50}"
    r"|von meine[mn] .{1,50} gesendet|gesendet von .{1,50}"
    r"|enviado (desde|con|do|de) .{1,50}"
    r"|inviato da .{1,50}"
    r"|verzonden (vanaf|met|van) .{1,50}"
    r"|skickat från .{1,50}"
    r"|sendt fra .{1,50})$",
    re.IGNORECASE,
)


def new_text(text: str) -> str:
    """The lines of `text` that the sender newly wrote, or the whole text if none are."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    own: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _history_starts(lines, index) or _SIGNATURE.match(line.strip()):
            break
        span = _attribution(lines, index)
        if span:
            following = next((later for later in lines[index + span :] if later.strip()), None)
            if following is None or not _quoted(following):  # history that is not quoted: all of it
                break
            index += span  # quotes follow: an answer may still come between them
            continue
        if not _quoted(line):
            own.append(line.rstrip())
        index += 1
    kept = "\n".join(own).strip("\n")
    kept = re.sub(r"\n{3,}", "\n\n", kept)
    return kept if kept.strip() else text.strip()


def _quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _history_starts(lines: list[str], index: int) -> bool:
    line = lines[index]
    if _ORIGINAL.match(line):
        return True
    if not _FROM_LABEL.match(line):
        return False
    if len(_INLINE_LABEL.findall(line)) >= 2:  # the header block flattened into one line
        return True
    reach = lines[index + 1 : index + 1 + _HEADER_BLOCK_REACH]
    return sum(1 for later in reach if _OTHER_LABEL.match(later)) >= 2


def _is_attribution(line: str) -> bool:
    line = line.strip()
    if not line.endswith((":", "：")) or len(line) > _LONGEST_ATTRIBUTION or _quoted(line):
        return False
    if _ADDRESS_THEN_COLON.search(line) and any(character.isdigit() for character in line):
        return True
    if not _ENDS_LIKE_ATTRIBUTION.search(line):
        return False
    return bool(_OPENER.match(line) or _DATE_OR_ADDRESS.search(line))


def _attribution(lines: list[str], index: int) -> int:
    """How many lines the attribution starting at `index` takes (Gmail wraps long ones over two
    or three), or 0 when none starts there. A line is not joined to the attribution below it:
    that one starts with "On"/"Le"/"Am"…, or is one on its own line."""
    if _is_attribution(lines[index]):
        return 1
    opens = bool(_OPENER.match(lines[index].strip()))
    for span in (2, 3):
        if index + span > len(lines):
            return 0
        later = range(index + 1, index + span)
        if any(_OPENER.match(lines[at].strip()) and _attribution_at(lines, at) for at in later):
            return 0
        if not opens and any(_is_attribution(lines[at]) for at in later):
            return 0
        if _is_attribution(_joined(lines, index, span)):
            return span
    return 0


def _attribution_at(lines: list[str], index: int) -> bool:
    return any(
        _is_attribution(_joined(lines, index, span)) for span in (1, 2, 3) if index + span <= len(lines)
    )


def _joined(lines: list[str], index: int, span: int) -> str:
    return " ".join(line.strip() for line in lines[index : index + span])
