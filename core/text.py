"""Small rules of English that pages, messages and notifications share."""

# Letters whose names begin with a vowel sound: "an MP4", "an SVG", but "a PDF".
VOWEL_SOUND_LETTERS = set("AEFHILMNORSX")
# Words spelled with a vowel but said with a consonant ("a unit", "a one-to-one"), and the
# reverse ("an hour").
CONSONANT_SOUND_STARTS = ("uni", "use", "usu", "uti", "eu", "one", "once", "ubiq")
VOWEL_SOUND_STARTS = ("hour", "honest", "honor", "honour", "heir")


def article_for(word: str) -> str:
    """ "a" or "an" for the word that follows it."""
    head = word.strip().split(" ")[0].strip("\"'(“") if word else ""
    if not head:
        return "a"
    if len(head) > 1 and head.isupper() and head.isalnum():  # an acronym, read letter by letter
        return "an" if head[0] in VOWEL_SOUND_LETTERS else "a"
    lower = head.lower()
    if lower.startswith(VOWEL_SOUND_STARTS):
        return "an"
    if lower.startswith(CONSONANT_SOUND_STARTS):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"


def with_article(word: str) -> str:
    """The word with its article: "an observation", "a walkthrough", "an MP4"."""
    return f"{article_for(word)} {word}"


# How long free text a person writes may be, by what is written there (characters). Models
# and serializers take their limits from here, so forms, `full_clean`, the API and its
# schema's `maxLength` agree. A few thousand words fit in LONG.
TITLE_MAX = 200  # a title, a name
NOTE_MAX = 2_000  # a note, a reason, a short comment
STATEMENT_MAX = 5_000  # a statement, a prompt, a scoring guide, a description
LONG_MAX = 20_000  # a reflection, feedback, observation notes
ANSWER_MAX = 50_000  # a written response to a micro-credential (word limits go up to 5,000 words)
URL_MAX = 1_000
