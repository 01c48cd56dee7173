"""Texts of branch i13b (issue 13: prompts expire, access follows the present, confidants,
/forgetme hooks, nothing private in the group)."""

TEXTS = {
    "prompt.expired": (
        "Op dat bericht wacht ik niet meer op een antwoord. Begin gerust opnieuw.",
        "I'm no longer waiting for an answer to that message. Feel free to start again.",
    ),
}
